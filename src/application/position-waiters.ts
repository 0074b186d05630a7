/**
 * A position that only moves forward, and the callers waiting for it to reach a target: each advance
 * resolves exactly the waiters it satisfies, so nobody polls.
 */
import type { GlobalPosition } from '../event-store/event-store.ts';
import { ConsistencyTimeoutError } from './consistency-gate.ts';

interface Waiter {
  readonly target: GlobalPosition;
  readonly resolve: () => void;
}

export class PositionWaiters {
  #position: GlobalPosition;
  readonly #waiters = new Set<Waiter>();

  constructor(initial: GlobalPosition) {
    this.#position = initial;
  }

  get position(): GlobalPosition {
    return this.#position;
  }

  /** Moves the position to `position` when that is further; a lower value changes nothing. */
  advance(position: GlobalPosition): void {
    if (position <= this.#position) return;
    this.#position = position;
    for (const waiter of [...this.#waiters]) {
      if (waiter.target <= position) waiter.resolve();
    }
  }

  /** Resolves once the position is at least `target`; rejects with the signal's reason when it aborts first. */
  wait(target: GlobalPosition, signal?: AbortSignal): Promise<void> {
    if (this.#position >= target) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const cleanUp = (): void => {
        this.#waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        target,
        resolve: () => {
          cleanUp();
          resolve();
        },
      };
      const onAbort = (): void => {
        cleanUp();
        reject(signal?.reason);
      };
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * As {@link wait}, for a named handler: rejects with {@link ConsistencyTimeoutError} (naming the
   * handler and the position it reached) after `timeoutMs` (no limit when omitted or infinite), or with
   * the signal's reason when it aborts.
   */
  async waitFor(
    handler: string,
    target: GlobalPosition,
    { timeoutMs, signal }: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
  ): Promise<void> {
    if (this.#position >= target) return;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    const timer =
      timeoutMs === undefined || !Number.isFinite(timeoutMs)
        ? undefined
        : setTimeout(() => {
            controller.abort(new ConsistencyTimeoutError(target, timeoutMs, [{ handler, checkpoint: this.#position }]));
          }, timeoutMs);
    try {
      await this.wait(target, controller.signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
