/**
 * The strong-consistency gate over projection runners, on real databases: it resolves once every
 * runner has processed a position (and the rows are readable then), and times out with the typed
 * error naming the runners still behind.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsistencyTimeoutError } from '../../src/application/consistency-gate.ts';
import type { ProjectionStore } from '../../src/application/projection.ts';
import { createProjectionConsistencyGate } from '../../src/application/projection-consistency-gate.ts';
import { createProjectionRunner, type ProjectionRunner } from '../../src/application/projection-runner.ts';
import type { AppendResult, EventStore } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import { createProjectionCheckpointStore } from '../../src/read-models/projection-checkpoints.ts';
import { newEvent } from '../support/event-store-contract.ts';
import {
  COUNTED,
  createStreamCountProjection,
  createStreamCountTable,
  readStreamCounts,
  type StreamCountTables,
} from '../support/stream-count-projection.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const WAIT = { timeoutMs: 20_000 };

describe.each(testDatabaseKinds())('projection consistency gate on %s', (kind) => {
  let database: TestDatabase;
  let db: Kysely<StreamCountTables>;
  let eventStore: EventStore;
  let projectionStore: ProjectionStore<Transaction<StreamCountTables>>;
  const runners: ProjectionRunner[] = [];

  const uniqueName = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;
  const append = (streamId: string, count: number): Promise<AppendResult> =>
    eventStore.append(streamId, Array.from({ length: count }, () => newEvent(COUNTED)), 'any');
  const newRunner = (label: string): ProjectionRunner => {
    const runner = createProjectionRunner({ eventStore, projectionStore, projection: createStreamCountProjection(uniqueName(label)) });
    runners.push(runner);
    return runner;
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db as Kysely<StreamCountTables>;
    await createStreamCountTable(database.db);
    eventStore = createPostgresEventStore(database);
    projectionStore = createProjectionCheckpointStore(db);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });
  afterAll(async () => {
    await eventStore?.close();
    await database?.close();
  });

  it('resolves once every runner has processed the position, with the rows readable', async () => {
    const [first, second] = [newRunner('first'), newRunner('second')];
    await Promise.all([first.start(), second.start()]);
    const stream = uniqueName('s');
    const appended = await append(stream, 3);

    await createProjectionConsistencyGate([first, second]).waitUntilProcessed(appended.position, WAIT);
    expect(first.position()).toBeGreaterThanOrEqual(appended.position);
    expect(second.position()).toBeGreaterThanOrEqual(appended.position);
    expect((await readStreamCounts(db, first.name))[stream]).toBe(3);
    expect((await readStreamCounts(db, second.name))[stream]).toBe(3);
  });

  it('waits for the slowest runner, woken by its progress', async () => {
    const [running, late] = [newRunner('running'), newRunner('late')];
    await running.start();
    const appended = await append(uniqueName('s'), 2);
    let settled = false;
    const waiting = createProjectionConsistencyGate([running, late])
      .waitUntilProcessed(appended.position, WAIT)
      .finally(() => (settled = true));

    await running.waitUntilProcessed(appended.position, WAIT);
    expect(settled).toBe(false);
    await late.start();
    await waiting;
    expect(late.position()).toBeGreaterThanOrEqual(appended.position);
  });

  it('times out with the typed error listing the runners that are behind', async () => {
    const [running, stopped] = [newRunner('running'), newRunner('stopped')];
    await stopped.runUntil(await eventStore.headPosition());
    await running.start();
    const appended = await append(uniqueName('s'), 2);
    const gate = createProjectionConsistencyGate([running, stopped]);

    const error = await gate.waitUntilProcessed(appended.position, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsistencyTimeoutError);
    expect(error).toMatchObject({
      position: appended.position,
      lagging: [{ handler: stopped.name, checkpoint: stopped.position() }],
    });
    expect(stopped.position()).toBeLessThan(appended.position);
    expect(running.position()).toBeGreaterThanOrEqual(appended.position);

    await expect(gate.waitUntilProcessed(stopped.position(), { timeoutMs: 300 })).resolves.toBeUndefined();
    const alone = await stopped.waitUntilProcessed(appended.position, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(alone).toMatchObject({ position: appended.position, lagging: [{ handler: stopped.name, checkpoint: stopped.position() }] });
  });

  it('rejects with the reason of an aborted signal', async () => {
    const stopped = newRunner('never-started');
    const controller = new AbortController();
    const reason = new Error('The request was cancelled.');
    const waiting = createProjectionConsistencyGate([stopped]).waitUntilProcessed(1_000_000, { timeoutMs: 20_000, signal: controller.signal });
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });
});
