/**
 * The dispatcher's aggregate cache, on real databases. What loading read is observed through a
 * counting decorator over the real store: a cache hit reads only the events after the cached version,
 * a miss reads the stream from version 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheLifespan } from '../../src/application/aggregate-definition.ts';
import { type CommandDispatcher, createCommandDispatcher } from '../../src/application/command-dispatcher.ts';
import { createCommandRouter } from '../../src/application/command-router.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import { accountStreamId } from '../../src/domain/ids.ts';
import type { EventStore } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import {
  collectLogLines,
  countStreamReads,
  createAccountAggregate,
  createSettableClock,
  depositCommand,
  newAccountId,
  openAccountCommand,
  type ReadCountingEventStore,
  withdrawCommand,
} from '../support/command-dispatch-fixtures.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('aggregate cache on %s', (kind) => {
  let database: TestDatabase;
  let store: EventStore;
  const logs = collectLogLines();
  const logger = createJsonLinesLogger({ stdout: logs, stderr: logs });
  const settable = createSettableClock();

  function newDispatcher(options: { cacheLifespan?: CacheLifespan; maxCachedAggregates?: number } = {}): {
    dispatcher: CommandDispatcher;
    reads: ReadCountingEventStore;
  } {
    const reads = countStreamReads(store);
    const router = createCommandRouter().register(createAccountAggregate({ cacheLifespan: options.cacheLifespan }));
    const dispatcher = createCommandDispatcher({
      eventStore: reads,
      router,
      logger,
      clock: settable.clock,
      maxCachedAggregates: options.maxCachedAggregates,
    });
    return { dispatcher, reads };
  }

  /** Where the load for the last dispatch started reading the stream. */
  const lastReadFrom = (reads: ReadCountingEventStore, accountId: string): number | undefined =>
    reads.reads.filter((r) => r.streamId === accountStreamId(accountId)).at(-1)?.from;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    store = createPostgresEventStore(database);
  });
  afterAll(async () => {
    await store?.close();
    await database?.close();
  });

  it('decides on fresh state when another process appended to a cached aggregate', async () => {
    const first = newDispatcher();
    const other = newDispatcher();
    const accountId = newAccountId();
    await first.dispatcher.dispatch(openAccountCommand(accountId));
    await first.dispatcher.dispatch(depositCommand(accountId, 100));
    expect(await other.dispatcher.dispatch(depositCommand(accountId, 50))).toMatchObject({ kind: 'accepted', streamVersion: 3 });

    const outcome = await first.dispatcher.dispatch(withdrawCommand(accountId, 150));

    expect(outcome).toMatchObject({
      kind: 'accepted',
      streamVersion: 4,
      events: [{ data: { oldBalance: 150, newBalance: 0 } }],
    });
    // The cached aggregate (at version 2) was refreshed with the one event after it, not reloaded.
    expect(first.reads.reads.filter((r) => r.streamId === accountStreamId(accountId)).map((r) => [r.from, r.count])).toEqual([
      [1, 0],
      [2, 0],
      [3, 1],
    ]);
  });

  it('evicts an aggregate unused for its time to live', async () => {
    const { dispatcher, reads } = newDispatcher({ cacheLifespan: { timeToLiveMs: 60_000 } });
    const accountId = newAccountId();
    await dispatcher.dispatch(openAccountCommand(accountId));
    settable.advance(59_999);
    await dispatcher.dispatch(depositCommand(accountId, 1));
    expect(lastReadFrom(reads, accountId)).toBe(2);
    settable.advance(60_000);
    await dispatcher.dispatch(depositCommand(accountId, 1));
    expect(lastReadFrom(reads, accountId)).toBe(1);
  });

  it('evicts an aggregate once it has applied its maximum number of events', async () => {
    const { dispatcher, reads } = newDispatcher({ cacheLifespan: { maxEvents: 3 } });
    const accountId = newAccountId();
    await dispatcher.dispatch(openAccountCommand(accountId));
    await dispatcher.dispatch(depositCommand(accountId, 1));
    await dispatcher.dispatch(depositCommand(accountId, 1));
    expect(lastReadFrom(reads, accountId)).toBe(3);
    await dispatcher.dispatch(depositCommand(accountId, 1));
    expect(lastReadFrom(reads, accountId)).toBe(1);
    const outcome = await dispatcher.dispatch(depositCommand(accountId, 1));
    expect(outcome).toMatchObject({ kind: 'accepted', events: [{ data: { oldBalance: 3, newBalance: 4 } }] });
    expect(lastReadFrom(reads, accountId)).toBe(5);
  });

  it('never caches an aggregate whose time to live is 0', async () => {
    const { dispatcher, reads } = newDispatcher({ cacheLifespan: { timeToLiveMs: 0 } });
    const accountId = newAccountId();
    await dispatcher.dispatch(openAccountCommand(accountId));
    await dispatcher.dispatch(depositCommand(accountId, 1));
    await dispatcher.dispatch(depositCommand(accountId, 1));
    expect(reads.reads.map((r) => r.from)).toEqual([1, 1, 1]);
  });

  it('keeps at most the configured number of aggregates, dropping the least recently used', async () => {
    const { dispatcher, reads } = newDispatcher({ maxCachedAggregates: 2 });
    const [a, b, c] = [newAccountId(), newAccountId(), newAccountId()];
    for (const id of [a, b, c]) await dispatcher.dispatch(openAccountCommand(id));
    await dispatcher.dispatch(depositCommand(c, 1));
    await dispatcher.dispatch(depositCommand(a, 1));
    expect([lastReadFrom(reads, c), lastReadFrom(reads, a)]).toEqual([2, 1]);
  });
});
