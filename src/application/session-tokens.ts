/**
 * Customer session tokens: short-lived JWTs (HS256, signed with the server's token secret) naming one
 * account. `login` and `openAccount` issue them; every request presents one as `Authorization: Bearer
 * <token>`. They carry nothing secret (the account id, when it was issued, when it ends) and are
 * checked for signature, issuer, audience and expiry on every request.
 *
 * Signing and checking are jose's; this module only fixes the claims and turns jose's many errors into
 * two reasons a person can act on: the token has expired, or it is not one of ours.
 */
import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'esbank';
const AUDIENCE = 'esbank-api';
const ALGORITHM = 'HS256';
const ROLE_CLAIM = 'role';
const CUSTOMER_ROLE = 'customer';

export interface IssuedSessionToken {
  readonly token: string;
  readonly expiresAt: Date;
}

export interface VerifiedSessionToken {
  readonly accountId: string;
  readonly expiresAt: Date;
}

export type SessionTokenProblem = 'expired' | 'invalid';

export interface SessionTokens {
  issue(accountId: string): Promise<IssuedSessionToken>;
  verify(token: string): Promise<VerifiedSessionToken | { readonly problem: SessionTokenProblem }>;
}

export interface SessionTokenOptions {
  /** At least 32 characters. */
  readonly secret: string;
  readonly ttlSeconds: number;
  /** For tests: the current time. */
  readonly now?: () => Date;
}

export function createSessionTokens({ secret, ttlSeconds, now = () => new Date() }: SessionTokenOptions): SessionTokens {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(accountId) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAtSeconds = issuedAt + ttlSeconds;
      const token = await new SignJWT({ [ROLE_CLAIM]: CUSTOMER_ROLE })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(accountId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAtSeconds)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['sub', 'exp', 'iat'],
          currentDate: now(),
        });
        if (payload[ROLE_CLAIM] !== CUSTOMER_ROLE || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return { problem: 'invalid' };
        return { accountId: payload.sub, expiresAt: new Date(payload.exp * 1000) };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) return { problem: 'expired' };
        if (error instanceof joseErrors.JOSEError) return { problem: 'invalid' };
        throw error;
      }
    },
  };
}
