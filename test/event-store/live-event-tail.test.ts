/**
 * The shared live tail under failure: reads that fail are retried on the next wake-up (not in a tight
 * loop), a failed start is not remembered, and a stopped tail ends its subscriptions.
 */
import { describe, expect, it } from 'vitest';
import { createCatchUpSubscription } from '../../src/event-store/catch-up-subscription.ts';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import { LiveEventTail, type LiveEventTailSource } from '../../src/event-store/live-event-tail.ts';

/** A source whose reads fail: a database that went away, as the tail sees it. */
function failingSource(): LiveEventTailSource & { reads: number; starts: number; failStart: boolean } {
  const source = {
    reads: 0,
    starts: 0,
    failStart: false,
    async startNotifications() {
      source.starts += 1;
      if (source.failStart) throw new Error('LISTEN failed');
    },
    async readAfter(): Promise<RecordedEvent[]> {
      source.reads += 1;
      throw new Error('the database is gone');
    },
    async headPosition() {
      return 0;
    },
  };
  return source;
}

describe('live event tail', () => {
  it('does not retry a failing read in a loop: it waits for the next wake-up', async () => {
    const source = failingSource();
    const errors: unknown[] = [];
    const tail = new LiveEventTail(source, { onError: (e) => errors.push(e), pollIntervalMs: 60_000 });
    await tail.start();
    tail.headMoved(10);
    // Asserting that something does NOT happen needs a window: a retry loop would read thousands of
    // times in 50 ms, the fixed tail reads once.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.reads).toBe(1);
    tail.headMoved(11);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.reads).toBe(2);
    expect(errors.length).toBe(2);
    tail.stop();
  });

  it('tries a failed start again on the next call', async () => {
    const source = failingSource();
    source.failStart = true;
    const tail = new LiveEventTail(source);
    await expect(tail.start()).rejects.toThrow('LISTEN failed');
    source.failStart = false;
    await expect(tail.start()).resolves.toBeUndefined();
    expect(source.starts).toBe(2);
    tail.stop();
  });

  it('ends a subscription when the tail stops, and refuses new ones', async () => {
    const source = failingSource();
    const tail = new LiveEventTail(source);
    const readPage = async (after: number) => ({ events: [], scannedTo: after });
    const subscription = createCatchUpSubscription(readPage, tail, { fromPosition: 0 });
    const drained = (async () => {
      const seen: RecordedEvent[] = [];
      for await (const event of subscription) seen.push(event);
      return seen;
    })();
    await tail.start();
    tail.stop();
    expect(await drained).toEqual([]);
    const late = createCatchUpSubscription(readPage, tail, { fromPosition: 0 });
    await expect(late[Symbol.asyncIterator]().next()).rejects.toThrow('closed');
  });
});
