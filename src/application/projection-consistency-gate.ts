/**
 * The strong-consistency gate over background handlers: `waitUntilProcessed(p)` resolves once every
 * given handler (the strongly consistent projections, and later process managers) has processed
 * position `p`. It waits on the handlers' own notifications, never by polling; on timeout it names
 * the handlers still behind and where each one was.
 */
import { type ConsistencyGate, ConsistencyTimeoutError } from './consistency-gate.ts';
import type { GlobalPosition } from '../event-store/event-store.ts';

/** What the gate needs from a handler; a ProjectionRunner is one. */
export interface ConsistencyGateHandler {
  readonly name: string;
  /** Every event at or below this position is processed. */
  position(): GlobalPosition;
  /** Resolves once `position()` reaches `position`; rejects with the signal's reason when it aborts. */
  waitUntilProcessed(position: GlobalPosition, options: { readonly signal: AbortSignal }): Promise<void>;
}

export interface ProjectionConsistencyGateOptions {
  /** Used when a caller gives no `timeoutMs` (default 5 000); `Infinity` waits without limit. */
  readonly defaultTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

export function createProjectionConsistencyGate(
  handlers: readonly ConsistencyGateHandler[],
  options: ProjectionConsistencyGateOptions = {},
): ConsistencyGate {
  const lagging = (position: GlobalPosition): ConsistencyTimeoutError['lagging'] =>
    handlers.filter((h) => h.position() < position).map((h) => ({ handler: h.name, checkpoint: h.position() }));

  return {
    async waitUntilProcessed(position, { timeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS, signal } = {}) {
      if (lagging(position).length === 0) return;
      signal?.throwIfAborted();
      const controller = new AbortController();
      const onAbort = (): void => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => controller.abort(new ConsistencyTimeoutError(position, timeoutMs, lagging(position))), timeoutMs)
        : undefined;
      try {
        await Promise.all(handlers.map((h) => h.waitUntilProcessed(position, { signal: controller.signal })));
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        // Releases the handlers' waiters when one of them rejected first.
        controller.abort();
      }
    },
  };
}
