/**
 * Strong consistency, as Commanded offers it: a command dispatched with `consistency: 'strong'`
 * returns only after every strongly-consistent handler (projections the caller reads right after,
 * process managers whose outcome the caller awaits) has processed the command's last position.
 */
import type { GlobalPosition } from '../event-store/event-store.ts';

export type Consistency = 'strong' | 'eventual';

export interface ConsistencyGate {
  /**
   * Resolves once every strongly-consistent handler has processed `position` (or everything up to
   * it). Rejects with {@link ConsistencyTimeoutError} after `timeoutMs`, or when `signal` aborts.
   */
  waitUntilProcessed(position: GlobalPosition, options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal }): Promise<void>;
}

/** The write succeeded, but the read side did not catch up in time: the caller may read stale data. */
export class ConsistencyTimeoutError extends Error {
  override readonly name = 'ConsistencyTimeoutError';
  readonly position: GlobalPosition;
  /** The handlers that had not reached the position, with the position each had reached. */
  readonly lagging: ReadonlyArray<{ readonly handler: string; readonly checkpoint: GlobalPosition }>;

  constructor(position: GlobalPosition, timeoutMs: number, lagging: ConsistencyTimeoutError['lagging']) {
    super(
      `The change was saved at position ${position}, but ${lagging.map((l) => `"${l.handler}" (at ${l.checkpoint})`).join(', ')} ` +
        `had not processed it after ${timeoutMs} ms. The change is not lost; reads may not show it yet.`,
    );
    this.position = position;
    this.lagging = lagging;
  }
}
