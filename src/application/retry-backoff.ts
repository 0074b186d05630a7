/**
 * Bounded exponential backoff for background work that retries after infrastructure failures
 * (a projection batch, a lost subscription): the delay doubles from `initialDelayMs` up to
 * `maxDelayMs` and stays there, so a long outage costs one attempt per `maxDelayMs`.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface RetryBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoff = { initialDelayMs: 100, maxDelayMs: 10_000 };

/** The delay before retry number `attempt` (1 for the first retry). */
export function retryDelayMs(attempt: number, backoff: RetryBackoff): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(backoff.initialDelayMs * 2 ** exponent, backoff.maxDelayMs);
}

/** Waits `ms`; resolves `false` at once when `signal` aborts (the caller then gives up instead of retrying). */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
