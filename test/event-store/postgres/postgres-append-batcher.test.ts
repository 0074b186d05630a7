/**
 * Appends written in one batch stay independent: when PostgreSQL refuses the rows of one append, the
 * others of the same batch are written and only that append fails.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../../src/event-store/event-store.ts';
import { PostgresAppendBatcher } from '../../../src/event-store/postgres/postgres-append-batcher.ts';
import { createPostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store.ts';
import { InvalidAppendError } from '../../../src/event-store/append-validation.ts';
import { newEvent } from '../../support/event-store-contract.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../../support/test-database.ts';

for (const kind of testDatabaseKinds()) {
  describe(`PostgreSQL append batches (${kind})`, () => {
    let database: TestDatabase;
    let store: EventStore;
    beforeAll(async () => {
      database = await openTestDatabase(kind);
      store = createPostgresEventStore(database);
    });
    afterAll(async () => {
      await store.close();
      await database.close();
    });

    it('fails only the append whose rows PostgreSQL refuses', async () => {
      // The batcher itself, under the store's validation: a value validation would refuse must still
      // fail alone if it ever got through.
      const batcher = new PostgresAppendBatcher(database.db);
      const streams = Array.from({ length: 5 }, () => `batch-${randomUUID()}`);
      // Started in one tick, so they are written by one call; a lone surrogate is not valid jsonb.
      const attempts = await Promise.allSettled(
        streams.map((streamId, i) =>
          batcher.append({ streamId, events: [newEvent('Tests.Batched', { text: i === 2 ? 'bad \ud800 text' : 'fine' })], expectedVersion: 'no_stream' }),
        ),
      );
      expect(attempts.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const lengths = await Promise.all(streams.map(async (s) => (await store.readStream(s)).length));
      expect(lengths).toEqual([1, 1, 0, 1, 1]);
      const positions = (await Promise.all(streams.map((s) => store.readStream(s)))).flat().map((e) => e.position).sort((a, b) => a - b);
      expect(positions.every((p, i) => i === 0 || p === (positions[i - 1] ?? 0) + 1)).toBe(true);
    });

    it.each([
      ['a NUL character', { data: { owner: 'a\u0000b' } }],
      ['an unpaired surrogate', { metadata: { note: 'x\udc00' } }],
      ['a BigInt', { data: { amount: 10n } as unknown as Record<string, string> }],
      ['a schema version past 32 bits', { schemaVersion: 2 ** 40 }],
    ])('refuses %s before it reaches the database', async (_, override) => {
      const stream = `invalid-${randomUUID()}`;
      await expect(store.append(stream, [{ ...newEvent('Tests.Invalid'), ...override }], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
      expect(await store.readStream(stream)).toEqual([]);
    });
  });
}
