/**
 * PIN hashing, as pure functions (hashing is computation, not I/O; the random salt is the one input
 * that does not come from the caller, and a test can pass its own).
 *
 * A PIN is 4 to 12 ASCII digits. It is hashed with scrypt (random 16-byte salt, 32-byte key) and stored
 * as a self-describing string `scrypt$N$r$p$<salt>$<hash>` (salt and hash in unpadded base64url), so
 * the cost can be raised later without breaking stored hashes: `isPinMatching` reads the parameters
 * from the hash itself. With N=16384, r=8, p=1 one hash takes about 28 ms and 16 MiB on this
 * project's 2-core machines (measured 2026-11: 27–33 ms idle, medians of 45–65 ms under load).
 *
 * A PIN has at most 10^12 values, so a stolen hash can still be brute-forced; what protects an
 * account is the lockout after repeated failures (see the account decider). The plain PIN is
 * therefore handled only here and in the application layer that calls these functions: commands,
 * events and rejections carry a `PinHash` or a `pinMatches` boolean, never the PIN.
 */

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

declare const pinHashBrand: unique symbol;

/** A string produced by `hashPin` (or checked by `isPinHashWellFormed`). */
export type PinHash = string & { readonly [pinHashBrand]: 'PinHash' };

interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** The cost used for new hashes. Old hashes keep the cost written inside them. */
export const PIN_SCRYPT_PARAMETERS: ScryptParameters = { N: 16384, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PIN_PATTERN = /^[0-9]{4,12}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Upper bounds on parameters read from a stored hash, so a corrupt hash cannot ask for gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** 4 to 12 ASCII digits, nothing else (no spaces, signs or other scripts' digits). */
export function isPinWellFormed(pin: unknown): pin is string {
  return typeof pin === 'string' && PIN_PATTERN.test(pin);
}

/**
 * Hashes a well-formed PIN with a fresh random salt (or the given one, at least 16 bytes).
 * Throws when the PIN is malformed: check it with `isPinWellFormed` first and report that to the user.
 */
export async function hashPin(pin: string, salt?: Uint8Array): Promise<PinHash> {
  if (!isPinWellFormed(pin)) {
    throw new Error('hashPin needs a PIN of 4 to 12 digits; check it with isPinWellFormed before hashing.');
  }
  if (salt !== undefined && salt.length < SALT_BYTES) {
    throw new Error(`hashPin needs a salt of at least ${SALT_BYTES} bytes, got ${salt.length}.`);
  }
  const saltBytes = Buffer.from(salt ?? randomBytes(SALT_BYTES));
  const { N, r, p } = PIN_SCRYPT_PARAMETERS;
  const hash = await deriveKey(pin, saltBytes, KEY_BYTES, PIN_SCRYPT_PARAMETERS);
  return ['scrypt', N, r, p, saltBytes.toString('base64url'), hash.toString('base64url')].join('$') as PinHash;
}

/**
 * Whether `pin` is the PIN that produced `pinHash`, compared in constant time. A malformed PIN simply
 * does not match. Throws when `pinHash` itself is not a hash written by `hashPin` (corrupt data).
 */
export async function isPinMatching(pin: string, pinHash: PinHash): Promise<boolean> {
  const parsed = parsePinHash(pinHash);
  if (parsed === null) {
    throw new Error('The stored PIN hash is not in the form scrypt$N$r$p$salt$hash; it cannot be checked.');
  }
  if (!isPinWellFormed(pin)) return false;
  const candidate = await deriveKey(pin, parsed.salt, parsed.hash.length, parsed.parameters);
  return timingSafeEqual(candidate, parsed.hash);
}

/** Whether a string has the shape `hashPin` writes (used to validate commands and events). */
export function isPinHashWellFormed(value: unknown): value is PinHash {
  return typeof value === 'string' && parsePinHash(value) !== null;
}

interface ParsedPinHash {
  readonly parameters: ScryptParameters;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function parsePinHash(value: string): ParsedPinHash | null {
  const parts = value.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(parsePositiveInteger);
  const salt = decodeBase64url(parts[4]);
  const hash = decodeBase64url(parts[5]);
  if (N === undefined || r === undefined || p === undefined || salt === null || hash === null) return null;
  const nIsPowerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!nIsPowerOfTwo || N > MAX_N || r > MAX_R || p > MAX_P) return null;
  if (salt.length < SALT_BYTES || hash.length < KEY_BYTES) return null;
  return { parameters: { N, r, p }, salt, hash };
}

function parsePositiveInteger(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  return Number(text);
}

function decodeBase64url(text: string | undefined): Buffer | null {
  if (text === undefined || !BASE64URL_PATTERN.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function deriveKey(pin: string, salt: Buffer, length: number, { N, r, p }: ScryptParameters): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; give it twice that so Node's default 32 MiB cap never bites.
  const maxmem = 256 * N * r;
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, length, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
