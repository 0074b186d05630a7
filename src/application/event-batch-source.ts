/**
 * Reads `$all` for a background handler and hands the events over in batches of "what has already
 * arrived": a catch-up read fills whole batches, a quiet live stream gives batches of one event, and
 * nobody waits for a batch to fill.
 *
 * The subscription runs ahead of the consumer into a bounded buffer (it pauses when the buffer is
 * full). When reading fails, it reports the failure and subscribes again after the last event it
 * buffered, after a backoff, so no event is lost or repeated.
 */
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';
import { type RetryBackoff, retryDelayMs, sleepUnlessAborted } from './retry-backoff.ts';

export interface EventBatchSourceOptions {
  readonly eventStore: EventStore;
  /** Checkpoint: the first batch starts strictly after it. */
  readonly fromPosition: GlobalPosition;
  /** How many events may wait in memory for the consumer. */
  readonly capacity: number;
  /** Ends the subscription; pending and later `nextBatch` calls resolve `undefined`. */
  readonly signal: AbortSignal;
  readonly backoff: RetryBackoff;
  /** Reading failed; the source retries after `retryInMs`. */
  readonly onReadError: (error: unknown, failure: { readonly afterPosition: GlobalPosition; readonly attempt: number; readonly retryInMs: number }) => void;
  /** The store answers again after read errors. */
  readonly onReadRecovered: () => void;
}

export interface EventBatchSource {
  /** Waits for at least one event, then resolves with those already received (at most `max`), or `undefined` once stopped. */
  nextBatch(max: number): Promise<RecordedEvent[] | undefined>;
  /** Settles once the subscription is released, after the signal aborted. */
  readonly closed: Promise<void>;
}

export function openEventBatchSource(options: EventBatchSourceOptions): EventBatchSource {
  const { eventStore, capacity, signal, backoff } = options;
  const buffer: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const wake of [...waiters]) wake();
  };
  const changed = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const wake = (): void => {
        waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });

  const pump = async (): Promise<void> => {
    let checkpoint = options.fromPosition;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (failures > 0) {
          await eventStore.headPosition();
          failures = 0;
          options.onReadRecovered();
        }
        const subscription = eventStore.subscribeToAll({ fromPosition: checkpoint, signal });
        try {
          for await (const event of subscription) {
            while (buffer.length >= capacity && !signal.aborted) await changed();
            if (signal.aborted) break;
            buffer.push(event);
            checkpoint = event.position;
            notify();
          }
        } finally {
          await subscription.stop();
        }
        if (!signal.aborted) throw new Error('The event subscription ended although nobody stopped it.');
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const retryInMs = retryDelayMs(failures, backoff);
        options.onReadError(error, { afterPosition: checkpoint, attempt: failures, retryInMs });
        await sleepUnlessAborted(retryInMs, signal);
      }
    }
  };

  return {
    async nextBatch(max) {
      while (buffer.length === 0) {
        if (signal.aborted) return undefined;
        await changed();
      }
      // A subscription hands over an already-read page one event per microtask: one turn of the
      // event loop lets the rest of that page arrive, so the batch holds everything available.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal.aborted) return undefined;
      const batch = buffer.splice(0, max);
      notify();
      return batch;
    },
    closed: pump(),
  };
}
