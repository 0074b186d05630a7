/**
 * Reads a subscription until a condition holds on what was received, then stops it. Times out with
 * a clear failure instead of hanging the suite, and says how many events did arrive.
 */
import type { EventSubscription, RecordedEvent } from '../../src/event-store/event-store.ts';

export async function collectUntil(
  subscription: EventSubscription,
  isDone: (received: readonly RecordedEvent[]) => boolean,
  timeoutMs = 20_000,
): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void subscription.stop();
      reject(new Error(`The subscription delivered ${received.length} events in ${timeoutMs} ms and the test expected more.`));
    }, timeoutMs);
  });
  const reading = (async () => {
    if (isDone(received)) return received;
    for await (const event of subscription) {
      received.push(event);
      if (isDone(received)) break;
    }
    return received;
  })();
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
    await subscription.stop();
  }
}
