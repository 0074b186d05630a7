/**
 * Aggregate snapshots, on real databases: taken in the background every N events, used when loading
 * (proved by what loading read from the real store, and by the snapshot row), ignored when the state
 * version changes, and never failing a command when they cannot be saved or loaded. Also the save
 * rules of the PostgreSQL snapshot store.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandDispatcher } from '../../src/application/command-dispatcher.ts';
import { createCommandRouter } from '../../src/application/command-router.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import type { SnapshotStore } from '../../src/application/snapshot-store.ts';
import { createPostgresSnapshotStore } from '../../src/database/postgres-snapshot-store.ts';
import { accountStreamId } from '../../src/domain/ids.ts';
import type { EventStore } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import {
  collectLogLines,
  countStreamReads,
  createAccountAggregate,
  depositCommand,
  newAccountId,
  openAccountCommand,
  withdrawCommand,
} from '../support/command-dispatch-fixtures.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('aggregate snapshots on %s', (kind) => {
  let database: TestDatabase;
  let store: EventStore;
  let snapshotStore: SnapshotStore;
  const logs = collectLogLines();
  const logger = createJsonLinesLogger({ stdout: logs, stderr: logs });

  function newDispatcher(stateVersion = 1) {
    const reads = countStreamReads(store);
    const router = createCommandRouter().register(createAccountAggregate({ snapshot: { everyEvents: 3, stateVersion } }));
    return { dispatcher: createCommandDispatcher({ eventStore: reads, router, snapshotStore, logger }), reads };
  }

  async function accountWithDeposits(deposits: number): Promise<string> {
    const { dispatcher } = newDispatcher();
    const accountId = newAccountId();
    await dispatcher.dispatch(openAccountCommand(accountId));
    for (let i = 0; i < deposits; i += 1) await dispatcher.dispatch(depositCommand(accountId, 10));
    await dispatcher.drain();
    return accountId;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    store = createPostgresEventStore(database);
    snapshotStore = createPostgresSnapshotStore(database);
  });
  afterAll(async () => {
    await store?.close();
    await database?.close();
  });

  it('recognises a retried command after a restart even when a snapshot covers its events', async () => {
    const first = newDispatcher();
    const accountId = newAccountId();
    await first.dispatcher.dispatch(openAccountCommand(accountId));
    await first.dispatcher.dispatch(depositCommand(accountId, 100));
    const commandId = '3d7a1f0e-5b2c-4c8e-9a61-2f4b8d0c7e15';
    const withdrawal = await first.dispatcher.dispatch(withdrawCommand(accountId, 100), { commandId });
    expect(withdrawal.kind).toBe('accepted');
    await first.dispatcher.drain();
    expect((await snapshotStore.load(accountStreamId(accountId)))?.version).toBe(3);

    // A new process: its cache is empty and the snapshot hides the withdrawal's events.
    const restarted = newDispatcher();
    const retried = await restarted.dispatcher.dispatch(withdrawCommand(accountId, 100), { commandId });
    expect(retried).toEqual(withdrawal);
    expect((await store.readStream(accountStreamId(accountId))).length).toBe(3);
  });

  it('takes a snapshot each time the stream passes a multiple of everyEvents', async () => {
    const { dispatcher } = newDispatcher();
    const accountId = newAccountId();
    const streamId = accountStreamId(accountId);
    await dispatcher.dispatch(openAccountCommand(accountId));
    for (let i = 0; i < 3; i += 1) await dispatcher.dispatch(depositCommand(accountId, 10));
    await dispatcher.drain();
    const [, , third] = await store.readStream(streamId);
    expect(await snapshotStore.load(streamId)).toMatchObject({
      streamId,
      version: 3,
      position: third?.position,
      stateVersion: 1,
      state: { status: 'open', balance: 20 },
    });
    for (let i = 0; i < 2; i += 1) await dispatcher.dispatch(depositCommand(accountId, 10));
    await dispatcher.drain();
    expect(await snapshotStore.load(streamId)).toMatchObject({ version: 6, state: { balance: 50 } });
  });

  it('loads from the snapshot and reads only the events after it', async () => {
    const accountId = await accountWithDeposits(4);
    const { dispatcher, reads } = newDispatcher();
    const outcome = await dispatcher.dispatch(depositCommand(accountId, 1));
    expect(outcome).toMatchObject({ kind: 'accepted', streamVersion: 6, events: [{ data: { oldBalance: 40, newBalance: 41 } }] });
    expect(reads.reads.filter((r) => r.direction === 'forwards').map((r) => [r.from, r.count])).toEqual([[4, 2]]);
    // And, backwards from the snapshot, the recent events whose command ids it must still recognise.
    expect(reads.reads.filter((r) => r.direction === 'backwards').map((r) => [r.from, r.count])).toEqual([[3, 3]]);
  });

  it('ignores a snapshot of another state version, and replaces it', async () => {
    const accountId = await accountWithDeposits(4);
    const streamId = accountStreamId(accountId);
    const { dispatcher, reads } = newDispatcher(2);
    const outcome = await dispatcher.dispatch(depositCommand(accountId, 1));
    await dispatcher.drain();
    expect(outcome).toMatchObject({ kind: 'accepted', events: [{ data: { oldBalance: 40, newBalance: 41 } }] });
    expect(reads.reads.map((r) => [r.from, r.count])).toEqual([[1, 5]]);
    expect(await snapshotStore.load(streamId)).toMatchObject({ version: 6, stateVersion: 2, state: { balance: 41 } });

    const next = newDispatcher(2);
    await next.dispatcher.dispatch(depositCommand(accountId, 1));
    expect(next.reads.reads.filter((r) => r.direction === 'forwards').map((r) => r.from)).toEqual([7]);
  });

  describe('PostgreSQL snapshot store', () => {
    const snapshot = (streamId: string, version: number, stateVersion = 1) => ({
      streamId,
      version,
      position: version * 10,
      stateVersion,
      state: { version, nested: { list: [1, 'two', null] } },
      takenAt: new Date('2026-11-26T10:00:00.000Z'),
    });

    it('round-trips a snapshot and returns undefined for a stream without one', async () => {
      await snapshotStore.save(snapshot('tests-round-trip', 3));
      expect(await snapshotStore.load('tests-round-trip')).toEqual(snapshot('tests-round-trip', 3));
      expect(await snapshotStore.load('tests-none')).toBeUndefined();
    });

    it('never moves a snapshot backwards, but replaces one of another state version', async () => {
      await snapshotStore.save(snapshot('tests-order', 9));
      await snapshotStore.save(snapshot('tests-order', 6));
      expect(await snapshotStore.load('tests-order')).toMatchObject({ version: 9, stateVersion: 1 });
      await snapshotStore.save(snapshot('tests-order', 6, 2));
      expect(await snapshotStore.load('tests-order')).toMatchObject({ version: 6, stateVersion: 2 });
    });
  });

  // Last in the file: it drops the snapshot table.
  it('logs a snapshot that cannot be saved or loaded, and the commands go on', async () => {
    const accountId = await accountWithDeposits(1);
    await sql`drop table aggregate_snapshots`.execute(database.db);
    logs.lines.length = 0;
    const { dispatcher, reads } = newDispatcher();
    const outcome = await dispatcher.dispatch(depositCommand(accountId, 10));
    await dispatcher.drain();
    expect(outcome).toMatchObject({ kind: 'accepted', streamVersion: 3 });
    expect(reads.reads.map((r) => r.from)).toEqual([1]);
    expect(logs.lines.map((l) => [l.level, l.streamId, l.version])).toEqual([
      ['warn', accountStreamId(accountId), undefined],
      ['warn', accountStreamId(accountId), 3],
    ]);
  });
});
