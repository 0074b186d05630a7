/**
 * The gap problem, tested directly: while a slow transaction holds the append lock with an event
 * written but not committed, other writers (two store instances, as two processes would be) keep
 * appending, and subscribers must still see every position exactly once, contiguous and in order.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../../../src/event-store/event-store.ts';
import { APPEND_LOCK_KEY } from '../../../src/event-store/postgres/postgres-append-batcher.ts';
import { createPostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store.ts';
import { newEvent } from '../../support/event-store-contract.ts';
import { collectUntil } from '../../support/subscription-collector.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../../support/test-database.ts';

for (const kind of testDatabaseKinds()) {
  describe(`PostgreSQL event store ordering (${kind})`, () => {
    let database: TestDatabase;
    let processA: EventStore;
    let processB: EventStore;
    let smallTail: EventStore;

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      processA = createPostgresEventStore(database);
      processB = createPostgresEventStore(database);
      smallTail = createPostgresEventStore(database, { liveTailCapacity: 5 });
    });
    afterAll(async () => {
      await Promise.all([processA.close(), processB.close(), smallTail.close()]);
      await database.close();
    });

    it('hands out contiguous positions in commit order around a deliberately slow transaction', async () => {
      const start = await processA.headPosition();
      const writers = 8;
      const appendsPerWriter = 40;
      const slowEvents = 1;
      const total = writers * appendsPerWriter + slowEvents;
      const subscribers = [processA, processB, smallTail].map((store) => store.subscribeToAll({ fromPosition: start }));
      const collected = subscribers.map((s) => collectUntil(s, (events) => events.length >= total, 60_000));

      const slowTransaction = database.db.transaction().execute(async (trx) => {
        // The same protocol as the adapter, with a pause between writing and committing.
        await sql`select pg_advisory_xact_lock(${sql.raw(APPEND_LOCK_KEY.toString())})`.execute(trx);
        await sql`insert into events (position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
                  select coalesce(max(position), 0) + 1, ${`slow-${randomUUID()}`}, 1, ${randomUUID()}::uuid, 'Tests.Slow', 1, '{}'::jsonb, '{}'::jsonb from events`.execute(trx);
        await sql`select pg_sleep(0.3)`.execute(trx);
      });
      const appends = Array.from({ length: writers }, async (_, w) => {
        const store = w % 2 === 0 ? processA : processB;
        const stream = `writer-${w}-${randomUUID()}`;
        for (let i = 0; i < appendsPerWriter; i++) await store.append(stream, [newEvent('Tests.Written', { w, i })], i);
      });
      await Promise.all([slowTransaction, ...appends]);
      // The slow insert bypassed NOTIFY on purpose; the next append wakes the tails for it too.
      const results = await Promise.all(collected);

      for (const received of results) {
        expect(received.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => start + i + 1));
      }
      expect(await processB.headPosition()).toBe(start + total);
    });

    it('lets a subscriber that fell behind the in-memory tail catch up from the database', async () => {
      const start = await smallTail.headPosition();
      const stream = `behind-${randomUUID()}`;
      const live = smallTail.subscribeToAll({ fromPosition: await smallTail.headPosition() });
      const liveCollected = collectUntil(live, (events) => events.length >= 30);
      for (let i = 0; i < 30; i++) await smallTail.append(stream, [newEvent('Tests.Burst', { i })], i);
      await liveCollected;
      const late = await collectUntil(smallTail.subscribeToAll({ fromPosition: start }), (events) => events.length >= 30);
      expect(late.map((e: RecordedEvent) => e.position)).toEqual(Array.from({ length: 30 }, (_, i) => start + i + 1));
    });
  });
}
