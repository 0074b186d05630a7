/**
 * A catch-up subscription over a store that can read pages of its global log and shares a
 * {@link LiveEventTail}: reads the store until it reaches the tail's buffer, then follows the tail.
 *
 * The checkpoint only moves past positions whose events were all seen (delivered, or filtered out),
 * and positions are commit-ordered (see the adapter), so no event is missed, repeated or reordered.
 */
import {
  type EventFilter,
  type EventSubscription,
  type GlobalPosition,
  isEventMatchingFilter,
  type RecordedEvent,
  type SubscribeOptions,
} from './event-store.ts';
import type { LiveEventTail } from './live-event-tail.ts';

export interface GlobalLogPage {
  /** The matching events of the page, in position order. */
  readonly events: readonly RecordedEvent[];
  /** Every event up to this position was looked at: the next page starts after it. */
  readonly scannedTo: GlobalPosition;
}

/** Reads one page of the global log after a checkpoint, filtered in the store where it can be. */
export type GlobalLogPageReader = (after: GlobalPosition, limit: number, filter: EventFilter | undefined) => Promise<GlobalLogPage>;

const PAGE_SIZE = 1_000;

export function createCatchUpSubscription(
  readPage: GlobalLogPageReader,
  tail: LiveEventTail,
  options: SubscribeOptions,
): EventSubscription {
  const controller = new AbortController();
  const onExternalAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  async function* deliver(): AsyncGenerator<RecordedEvent, void, undefined> {
    const { signal } = controller;
    const filter = options.filter;
    let checkpoint = options.fromPosition ?? 0;
    try {
      await tail.start();
      while (!signal.aborted && !tail.isStopped) {
        const page = tailPage(tail, checkpoint, filter) ?? (await readPage(checkpoint, PAGE_SIZE, filter));
        for (const event of page.events) {
          if (signal.aborted) return;
          yield event;
        }
        if (page.scannedTo > checkpoint) checkpoint = page.scannedTo;
        else await tail.waitForEventsAfter(checkpoint, signal);
      }
    } finally {
      options.signal?.removeEventListener('abort', onExternalAbort);
    }
  }

  const generator = deliver();
  return {
    [Symbol.asyncIterator]: () => generator,
    async stop() {
      controller.abort();
      await generator.return(undefined);
    },
  };
}

function tailPage(tail: LiveEventTail, checkpoint: GlobalPosition, filter: EventFilter | undefined): GlobalLogPage | undefined {
  const buffered = tail.eventsAfter(checkpoint, PAGE_SIZE);
  if (buffered === undefined) return undefined;
  return {
    events: buffered.filter((e) => isEventMatchingFilter(e, filter)),
    scannedTo: buffered.at(-1)?.position ?? checkpoint,
  };
}
