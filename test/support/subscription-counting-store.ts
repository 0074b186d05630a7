/**
 * The real event store with a gauge of its open catch-up subscriptions: one counts from
 * `subscribeToAll` until it is stopped or has ended. Tests use it to prove that a client leaving a
 * GraphQL subscription releases the store subscription behind it (no mock: every call goes through).
 */
import type { EventStore, EventSubscription, RecordedEvent, SubscribeOptions } from '../../src/event-store/event-store.ts';

export interface SubscriptionGauge {
  /** Store subscriptions opened and not yet released. */
  active(): number;
  /** Resolves once `isWanted(active())` holds; fails after `timeoutMs` saying what it saw. */
  waitUntil(isWanted: (active: number) => boolean, timeoutMs?: number): Promise<void>;
}

export function countStoreSubscriptions(store: EventStore): { readonly store: EventStore; readonly gauge: SubscriptionGauge } {
  let active = 0;
  const listeners = new Set<() => void>();
  const change = (by: number): void => {
    active += by;
    for (const listener of [...listeners]) listener();
  };

  const subscribeToAll = (options?: SubscribeOptions): EventSubscription => {
    const inner = store.subscribeToAll(options);
    change(1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      change(-1);
    };
    const iterator = inner[Symbol.asyncIterator]();
    const counted: AsyncIterator<RecordedEvent> = {
      async next() {
        const result = await iterator.next();
        if (result.done) release();
        return result;
      },
      async return() {
        await iterator.return?.();
        release();
        return { done: true, value: undefined };
      },
    };
    return {
      [Symbol.asyncIterator]: () => counted,
      async stop() {
        await inner.stop();
        release();
      },
    };
  };

  const counting: EventStore = {
    append: (streamId, events, expectedVersion) => store.append(streamId, events, expectedVersion),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    ...(store.readByCorrelation ? { readByCorrelation: store.readByCorrelation.bind(store) } : {}),
    subscribeToAll,
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };

  const gauge: SubscriptionGauge = {
    active: () => active,
    waitUntil(isWanted, timeoutMs = 15_000) {
      if (isWanted(active)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!isWanted(active)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`After ${timeoutMs} ms, ${active} store subscriptions were still open.`));
        }, timeoutMs);
        listeners.add(check);
      });
    },
  };
  return { store: counting, gauge };
}
