/**
 * Who is calling: the result of reading a request's `Authorization` header.
 *
 * - no header: `anonymous` (may open an account, sign in, and use the ATM operations, which the PIN
 *   itself authorizes);
 * - `Bearer <operator token>` (ESBANK_OPERATOR_TOKEN): `operator`, who may do and read everything;
 * - `Bearer <session token>` from `login` or `openAccount`: `customer` of one account;
 * - anything else: a {@link CredentialProblem}, refused as a whole with a clear reason, so a client
 *   with a stale token learns it at once instead of being treated as anonymous.
 *
 * The operator token is compared in constant time (both sides hashed first, so lengths leak nothing).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SessionTokens } from './session-tokens.ts';

export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'operator' }
  | { readonly kind: 'customer'; readonly accountId: string; readonly expiresAt: Date };

export interface CredentialProblem {
  readonly kind: 'credentialProblem';
  readonly reason: 'expired' | 'invalid' | 'malformed';
  /** For the client, in words. */
  readonly message: string;
}

export type Authenticator = (authorizationHeader: string | null | undefined) => Promise<Principal | CredentialProblem>;

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

const MAX_HEADER_LENGTH = 4_096;
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

export function createAuthenticator(deps: { readonly sessionTokens: SessionTokens; readonly operatorToken?: string }): Authenticator {
  const operatorDigest = deps.operatorToken === undefined ? undefined : sha256(deps.operatorToken);
  return async (header) => {
    if (header === null || header === undefined || header.trim() === '') return ANONYMOUS;
    const match = header.length <= MAX_HEADER_LENGTH ? BEARER.exec(header) : null;
    const token = match?.[1];
    if (token === undefined) {
      return problem('malformed', 'The Authorization header must be "Bearer <token>", with a token from login or openAccount (or the operator token).');
    }
    if (operatorDigest !== undefined && timingSafeEqual(sha256(token), operatorDigest)) return { kind: 'operator' };
    const verified = await deps.sessionTokens.verify(token);
    if ('problem' in verified) {
      return verified.problem === 'expired'
        ? problem('expired', 'Your session token has expired. Sign in again with login to get a new one.')
        : problem('invalid', 'The bearer token is not valid: it was not issued by this bank, or it was altered. Sign in again with login.');
    }
    return { kind: 'customer', accountId: verified.accountId, expiresAt: verified.expiresAt };
  };
}

function problem(reason: CredentialProblem['reason'], message: string): CredentialProblem {
  return { kind: 'credentialProblem', reason, message };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
