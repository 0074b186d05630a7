/**
 * The digest an idempotency key keeps of its request, instead of the request (which may hold a PIN):
 * HMAC-SHA256 of the canonical JSON of the operation and its input, under a key derived from a server
 * secret. A PIN has only 10⁴–10¹² values, so a plain hash of a request could be reversed by trying
 * them all; without the secret, the HMAC cannot. Canonical JSON sorts object keys, so the same input
 * gives the same digest whatever order its fields came in.
 */
import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA256 of the canonical JSON of `{ operation, input }` (object keys sorted, so the same input
 * always gives the same digest), under a key derived from the server secret for this use only.
 */
export function computeInputDigest(digestSecret: string | Uint8Array, operation: string, input: unknown): string {
  return inputDigestWithKey(inputDigestKey(digestSecret), operation, input);
}

/** The HMAC key for input digests, derived from the secret so the secret's other uses never share it. */
export function inputDigestKey(digestSecret: string | Uint8Array): Buffer {
  if (Buffer.byteLength(digestSecret) < 16) throw new TypeError('The idempotency digest secret must be at least 16 bytes long.');
  return createHmac('sha256', digestSecret).update('esbank idempotency input digest v1').digest();
}

/** {@link computeInputDigest} with a key from {@link inputDigestKey}, derived once per runner. */
export function inputDigestWithKey(key: Buffer, operation: string, input: unknown): string {
  return createHmac('sha256', key).update(canonicalJson({ operation, input })).digest('hex');
}

/** JSON with the keys of every object sorted; otherwise as JSON.stringify writes it. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
