/**
 * A minimal strongly consistent handler for tests of strong consistency: it follows the store's `$all`
 * from its head and reports the last position it has seen, as a projection runner reports its
 * checkpoint. Stopping it leaves it behind for good, like a stalled projection.
 */
import type { ConsistencyGateHandler } from '../../src/application/projection-consistency-gate.ts';
import type { EventStore, GlobalPosition } from '../../src/event-store/event-store.ts';

export interface StoreFollower extends ConsistencyGateHandler {
  stop(): Promise<void>;
}

export async function followStoreForConsistency(store: EventStore, name = 'store-follower'): Promise<StoreFollower> {
  let position: GlobalPosition = await store.headPosition();
  const waiters = new Set<{ readonly target: GlobalPosition; readonly resolve: () => void }>();
  const subscription = store.subscribeToAll({ fromPosition: position });
  const following = (async () => {
    for await (const event of subscription) {
      position = event.position;
      for (const waiter of waiters) {
        if (position >= waiter.target) {
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
    }
  })();
  return {
    name,
    position: () => position,
    waitUntilProcessed(target, { signal }) {
      if (position >= target) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = { target, resolve };
        waiters.add(waiter);
        signal.addEventListener('abort', () => {
          waiters.delete(waiter);
          reject(signal.reason);
        }, { once: true });
      });
    },
    async stop() {
      await subscription.stop();
      await following;
    },
  };
}
