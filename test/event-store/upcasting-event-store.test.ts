/**
 * Events written by the first release (old field names, a replaced type) are stored raw through the
 * plain PostgreSQL adapter, then read through the upcasting decorator on every read path: no consumer
 * sees an old shape or type, and ids, positions and the other recorded fields are unchanged.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountDecider, initialAccountState } from '../../src/domain/account/account-decider.ts';
import type { AccountEvent } from '../../src/domain/account/account-events.ts';
import { accountEventSchemas } from '../../src/domain/account/account-schemas.ts';
import { evolveAll } from '../../src/domain/decider.ts';
import { eventUpcasterChain } from '../../src/domain/event-type-catalog.ts';
import { accountStreamId } from '../../src/domain/ids.ts';
import { type EventStore, type NewEvent, type RecordedEvent, START } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import { createUpcastingEventStore } from '../../src/event-store/upcasting-event-store.ts';
import { openedAt, owner, pinHash, issuedAt } from '../support/account-fixtures.ts';
import { collectUntil } from '../support/subscription-collector.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const event = (eventType: string, schemaVersion: number, data: NewEvent['data'], extra: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  eventType,
  schemaVersion,
  data,
  ...extra,
});

/** An account's life as the first release wrote it, ending with two events in today's shapes. */
function firstReleaseHistory(accountId: string): NewEvent[] {
  return [
    event('Accounts.AccountOpened', 1, { accountId, ownerName: owner, pinHash, openedAt }, {
      metadata: { requestId: 'r-1' },
      causationId: randomUUID(),
      correlationId: randomUUID(),
    }),
    event('Accounts.AccountCredited', 1, { accountId, amount: 500, balance: 500 }),
    event('Accounts.AccountCredited', 1, { accountId, amount: 250, balance: 750 }),
    event('Accounts.MoneyWithdrawn', 1, { accountId, amount: 750, oldBalance: 750, newBalance: 0, withdrawnAt: issuedAt }),
    event('Accounts.AccountClosed', 1, { accountId, closedAt: issuedAt }),
  ];
}

const CURRENT_TYPES_AND_VERSIONS = [
  ['Accounts.AccountOpened', 2],
  ['Accounts.MoneyDeposited', 1],
  ['Accounts.MoneyDeposited', 1],
  ['Accounts.MoneyWithdrawn', 1],
  ['Accounts.AccountClosed', 1],
];

const typesAndVersions = (events: readonly RecordedEvent[]): [string, number][] => events.map((e) => [e.eventType, e.schemaVersion]);

/** The recorded fields upcasting must keep. */
const kept = ({ eventId, streamId, streamVersion, position, metadata, causationId, correlationId, createdAt }: RecordedEvent) =>
  ({ eventId, streamId, streamVersion, position, metadata, causationId, correlationId, createdAt });

/** Reads an event as the decider's, through the current schema of its type: fails on any old shape. */
function asCurrentAccountEvent(recorded: RecordedEvent): AccountEvent {
  const type = recorded.eventType as AccountEvent['type'];
  const schema = accountEventSchemas[type]?.schema;
  if (!schema) throw new Error(`${recorded.eventType} is not a current account event type.`);
  return { type, data: schema.parse(recorded.data) } as AccountEvent;
}

for (const kind of testDatabaseKinds()) {
  describe(`upcasting event store over PostgreSQL (${kind})`, () => {
    let database: TestDatabase;
    let raw: EventStore;
    let store: EventStore;

    /** Writes a first-release history raw; returns the stream and what the plain adapter reads back. */
    async function storeFirstReleaseHistory(): Promise<{ accountId: string; stream: string; stored: RecordedEvent[] }> {
      const accountId = randomUUID();
      const stream = accountStreamId(accountId);
      await raw.append(stream, firstReleaseHistory(accountId), 'no_stream');
      return { accountId, stream, stored: await raw.readStream(stream) };
    }

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      raw = createPostgresEventStore(database);
      store = createUpcastingEventStore(raw, eventUpcasterChain);
    });
    afterAll(async () => {
      await store?.close();
      await database?.close();
    });

    it('stores the old shapes as written: the plain adapter reads them back unchanged', async () => {
      const { stored } = await storeFirstReleaseHistory();
      expect(typesAndVersions(stored).slice(0, 3)).toEqual([
        ['Accounts.AccountOpened', 1],
        ['Accounts.AccountCredited', 1],
        ['Accounts.AccountCredited', 1],
      ]);
    });

    it('upcasts readStream, keeping ids, positions and the other recorded fields, so an aggregate loads', async () => {
      const { accountId, stream, stored } = await storeFirstReleaseHistory();
      const events = await store.readStream(stream);
      expect(typesAndVersions(events)).toEqual(CURRENT_TYPES_AND_VERSIONS);
      expect(events.map(kept)).toEqual(stored.map(kept));
      expect(events[0]?.data).toEqual({ accountId, owner, pinHash, openedAt });
      expect(events[1]?.data).toEqual({
        accountId,
        amount: 500,
        oldBalance: 0,
        newBalance: 500,
        depositedAt: stored[1]?.createdAt.toISOString(),
      });
      const state = evolveAll(accountDecider, initialAccountState, events.map(asCurrentAccountEvent));
      expect(state).toMatchObject({ status: 'closed', accountId, owner, balance: 0 });
      const backwards = await store.readStream(stream, { direction: 'backwards', from: 3, limit: 2 });
      expect(typesAndVersions(backwards)).toEqual([['Accounts.MoneyDeposited', 1], ['Accounts.MoneyDeposited', 1]]);
    });

    it('upcasts readAll and finds replaced historical events under the new type prefix', async () => {
      const { stream, stored } = await storeFirstReleaseHistory();
      const mine = { streamPrefixes: [stream] };
      const all = await store.readAll({ fromPosition: START, filter: mine });
      expect(typesAndVersions(all)).toEqual(CURRENT_TYPES_AND_VERSIONS);
      expect(all.map(kept)).toEqual(stored.map(kept));
      const deposits = await store.readAll({ filter: { ...mine, eventTypePrefixes: ['Accounts.MoneyDep'] } });
      expect(deposits.map((e) => e.eventId)).toEqual([stored[1]?.eventId, stored[2]?.eventId]);
      expect(deposits.map((e) => e.eventType)).toEqual(['Accounts.MoneyDeposited', 'Accounts.MoneyDeposited']);
      expect(await store.readAll({ filter: { ...mine, eventTypePrefixes: ['Accounts.AccountCredited'] } })).toEqual([]);
    });

    it('pages readAll past events the filter drops only after upcasting', async () => {
      const { stream, stored } = await storeFirstReleaseHistory();
      const filter = { streamPrefixes: [stream], eventTypePrefixes: ['Accounts.Account'] };
      const pages: RecordedEvent[][] = [];
      for (let checkpoint = START; ; ) {
        const page = await store.readAll({ fromPosition: checkpoint, limit: 1, filter });
        pages.push(page);
        const last = page.at(-1);
        if (!last) break;
        checkpoint = last.position;
      }
      // The two AccountCredited events match `Accounts.Account` in the store but are MoneyDeposited now.
      expect(pages.map((page) => page.map((e) => e.eventId))).toEqual([[stored[0]?.eventId], [stored[4]?.eventId], []]);
    });

    it('upcasts every event of a catch-up subscription', async () => {
      const { stream, stored } = await storeFirstReleaseHistory();
      const subscription = store.subscribeToAll({ fromPosition: START, filter: { streamPrefixes: [stream] } });
      const events = await collectUntil(subscription, (received) => received.length >= stored.length);
      expect(typesAndVersions(events)).toEqual(CURRENT_TYPES_AND_VERSIONS);
      expect(events.map(kept)).toEqual(stored.map(kept));
    });

    it('upcasts live events, and a type filter on the new type receives replaced historical ones', async () => {
      const accountId = randomUUID();
      const stream = accountStreamId(accountId);
      const fromPosition = await store.headPosition();
      const everything = store.subscribeToAll({ fromPosition, filter: { streamPrefixes: [stream] } });
      const deposits = store.subscribeToAll({ fromPosition, filter: { streamPrefixes: [stream], eventTypePrefixes: ['Accounts.MoneyDeposited'] } });
      const receivingEverything = collectUntil(everything, (received) => received.length >= 5);
      const receivingDeposits = collectUntil(deposits, (received) => received.length >= 2);
      // A node of the first release still writing during a rolling deploy.
      await raw.append(stream, firstReleaseHistory(accountId), 'no_stream');
      const stored = await raw.readStream(stream);
      expect(typesAndVersions(await receivingEverything)).toEqual(CURRENT_TYPES_AND_VERSIONS);
      const deposited = await receivingDeposits;
      expect(deposited.map(kept)).toEqual([stored[1], stored[2]].map((e) => e && kept(e)));
      expect(deposited.map((e) => e.data.oldBalance)).toEqual([0, 500]);
    });

    it('upcasts the events of an append result, as an idempotent replay of an old append returns them', async () => {
      const accountId = randomUUID();
      const stream = accountStreamId(accountId);
      const history = firstReleaseHistory(accountId);
      await raw.append(stream, history, 'no_stream');
      const replay = await store.append(stream, history, 'no_stream');
      expect(typesAndVersions(replay.events)).toEqual(CURRENT_TYPES_AND_VERSIONS);
      expect(replay.streamVersion).toBe(history.length);
    });

    it('appends current events unchanged', async () => {
      const accountId = randomUUID();
      const stream = accountStreamId(accountId);
      const opened = event('Accounts.AccountOpened', 2, { accountId, owner, pinHash, openedAt });
      const result = await store.append(stream, [opened], 'no_stream');
      const [stored] = await raw.readStream(stream);
      expect(stored).toMatchObject({ eventId: opened.eventId, eventType: 'Accounts.AccountOpened', schemaVersion: 2, data: opened.data });
      expect(result.events).toEqual([stored]);
    });
  });
}
