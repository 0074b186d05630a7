/**
 * Limits PIN attempts per client address, on top of the per-account lockout (three wrong PINs in a row
 * lock an account). The lockout stops guessing one account's PIN; this stops one client from trying a
 * few PINs on each of many accounts: after `failuresPerWindow` failed attempts within the window, its
 * PIN attempts are refused, with how long to wait, until the window has passed.
 *
 * An attempt counts while its PIN check runs (so a burst of parallel guesses cannot slip past the
 * limit before their failures are known) and is given back as soon as the PIN is accepted (the
 * attempt calls `pinAccepted`: an ATM operation then goes on for seconds without holding a count),
 * or when it ends without a counted failure.
 * Counting is rate-limiter-flexible's, in this process's memory: behind several instances each
 * counts on its own (the lockout, stored with the account, is shared).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface PinAttemptLimiterOptions {
  readonly failuresPerWindow: number;
  /** Default 15 minutes. */
  readonly windowSeconds?: number;
}

export type PinAttemptResult<T> = { readonly kind: 'done'; readonly value: T } | { readonly kind: 'refused'; readonly retryAfterSeconds: number };

export interface PinAttemptLimiter {
  /**
   * Runs `attempt` unless `address` used up its failures; `counts(value)` says whether the attempt
   * counts as a failure (a wrong PIN, an unknown or locked account), else it is given back.
   */
  attempt<T>(address: string, attempt: (pinAccepted: () => void) => Promise<T>, counts: (value: T) => boolean): Promise<PinAttemptResult<T>>;
}

export const DEFAULT_PIN_WINDOW_SECONDS = 15 * 60;

export function createPinAttemptLimiter({ failuresPerWindow, windowSeconds = DEFAULT_PIN_WINDOW_SECONDS }: PinAttemptLimiterOptions): PinAttemptLimiter {
  const limiter = new RateLimiterMemory({ keyPrefix: 'pin', points: failuresPerWindow, duration: windowSeconds });
  return {
    async attempt(address, attempt, counts) {
      try {
        await limiter.consume(address, 1);
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return { kind: 'refused', retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
        throw refusal;
      }
      let givenBack = false;
      const giveBack = async (): Promise<void> => {
        if (givenBack) return;
        givenBack = true;
        await limiter.reward(address, 1);
      };
      let failed = false;
      try {
        const value = await attempt(() => void giveBack());
        failed = counts(value) && !givenBack;
        return { kind: 'done', value };
      } finally {
        if (!failed) await giveBack();
      }
    },
  };
}
