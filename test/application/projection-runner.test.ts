/**
 * The projection runner on real databases (PGlite, and PostgreSQL when DATABASE_URL is set), with a
 * projection that counts events per stream: catch-up then live, rows and checkpoint committed
 * together, restarts, two runners of one projection, and events it does not handle.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionStore } from '../../src/application/projection.ts';
import { createProjectionRunner, type ProjectionRunner, type ProjectionRunnerOptions } from '../../src/application/projection-runner.ts';
import { ProjectionFailedError } from '../../src/application/projection-runner-errors.ts';
import type { AppendResult, EventStore } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import { createProjectionCheckpointStore } from '../../src/read-models/projection-checkpoints.ts';
import { newEvent } from '../support/event-store-contract.ts';
import {
  COUNTED,
  createStreamCountProjection,
  createStreamCountTable,
  IGNORED,
  InjectedProjectionFault,
  readStreamCounts,
  type StreamCountProjection,
  type StreamCountTables,
} from '../support/stream-count-projection.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const WAIT = { timeoutMs: 20_000 };
const FAST_RETRY = { initialDelayMs: 20, maxDelayMs: 200 };

describe.each(testDatabaseKinds())('projection runner on %s', (kind) => {
  let database: TestDatabase;
  let db: Kysely<StreamCountTables>;
  let eventStore: EventStore;
  let projectionStore: ProjectionStore<Transaction<StreamCountTables>>;
  const runners: ProjectionRunner[] = [];

  const uniqueName = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;
  const append = (streamId: string, count: number, eventType = COUNTED): Promise<AppendResult> =>
    eventStore.append(streamId, Array.from({ length: count }, () => newEvent(eventType)), 'any');
  const newRunner = (
    projection: StreamCountProjection,
    options: Partial<ProjectionRunnerOptions<Transaction<StreamCountTables>>> = {},
  ): ProjectionRunner => {
    const runner = createProjectionRunner({ eventStore, projectionStore, projection, backoff: FAST_RETRY, ...options });
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

  it('catches up from the start in batches, then follows live appends', async () => {
    const [a, b, c] = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
    await append(a, 5);
    await append(b, 3);
    await append(c, 4, IGNORED);
    await append(a, 6);
    const projection = createStreamCountProjection(uniqueName('catch-up'));
    const runner = newRunner(projection, { batchSize: 4 });
    await runner.start();
    await runner.waitUntilProcessed(await eventStore.headPosition(), WAIT);
    expect(await readStreamCounts(db, projection.name)).toMatchObject({ [a]: 11, [b]: 3 });
    expect((await readStreamCounts(db, projection.name))[c]).toBeUndefined();

    const live = await append(b, 4);
    await runner.waitUntilProcessed(live.position, WAIT);
    expect(await readStreamCounts(db, projection.name)).toMatchObject({ [a]: 11, [b]: 7 });
    expect(await projectionStore.readCheckpoint(projection.name)).toBe(live.position);
    expect(projection.handled.every((event) => event.eventType === COUNTED)).toBe(true);
    expect(runner.status()).toEqual({ state: 'running', position: live.position });
  });

  it('commits rows and checkpoint together: a failing batch writes nothing and is retried, not skipped', async () => {
    const projection = createStreamCountProjection(uniqueName('fault'));
    const errors: ProjectionFailedError[] = [];
    let secondErrorSeen!: () => void;
    const secondError = new Promise<void>((resolve) => (secondErrorSeen = resolve));
    const runner = newRunner(projection, {
      onError: (error) => {
        errors.push(error);
        if (errors.length === 2) secondErrorSeen();
      },
    });
    await runner.start();
    await runner.waitUntilProcessed(await eventStore.headPosition(), WAIT);

    const stream = uniqueName('faulty');
    const events = [newEvent(COUNTED), newEvent(COUNTED), newEvent(COUNTED), newEvent(COUNTED)];
    projection.failOn.add(events[2]!.eventId);
    const appended = await eventStore.append(stream, events, 'no_stream');
    const failing = appended.events[2]!;
    await secondError;

    const [first, second] = errors;
    expect(first).toBeInstanceOf(ProjectionFailedError);
    expect(first).toMatchObject({ projection: projection.name, stage: 'apply', attempt: 1 });
    expect(first?.cause).toBeInstanceOf(InjectedProjectionFault);
    expect(first?.fromPosition).toBeLessThanOrEqual(failing.position);
    expect(first?.toPosition).toBeGreaterThanOrEqual(failing.position);
    expect(second).toMatchObject({ attempt: 2, fromPosition: first?.fromPosition, toPosition: first?.toPosition });
    expect(runner.status()).toMatchObject({ state: 'failing', error: second });
    expect(runner.position()).toBeLessThan(failing.position);

    const checkpoint = await projectionStore.readCheckpoint(projection.name);
    expect(checkpoint).toBeLessThan(failing.position);
    const committed = appended.events.filter((event) => event.position <= checkpoint).length;
    expect((await readStreamCounts(db, projection.name))[stream] ?? 0).toBe(committed);

    projection.failOn.clear();
    await runner.waitUntilProcessed(appended.position, WAIT);
    expect((await readStreamCounts(db, projection.name))[stream]).toBe(4);
    expect(await projectionStore.readCheckpoint(projection.name)).toBe(appended.position);
    expect(runner.status().state).toBe('running');
  });

  it('restarts from the stored checkpoint and processes nothing twice', async () => {
    const name = uniqueName('restart');
    const stream = uniqueName('s');
    await append(stream, 2);
    const first = newRunner(createStreamCountProjection(name));
    await first.start();
    await first.waitUntilProcessed(await eventStore.headPosition(), WAIT);
    await first.stop();
    expect(first.status().state).toBe('stopped');
    const checkpoint = await projectionStore.readCheckpoint(name);

    const later = await append(stream, 3);
    const projection = createStreamCountProjection(name);
    const second = newRunner(projection);
    await second.start();
    await second.waitUntilProcessed(later.position, WAIT);
    expect(projection.handled.map((event) => event.eventId)).toEqual(later.events.map((event) => event.eventId));
    expect(projection.handled.every((event) => event.position > checkpoint)).toBe(true);
    expect((await readStreamCounts(db, name))[stream]).toBe(5);
  });

  it('applies each event once when two runners of the same projection receive the same events', async () => {
    const name = uniqueName('twice');
    const streams = Array.from({ length: 5 }, () => uniqueName('s'));
    for (const stream of streams) await append(stream, 20);
    const [projectionA, projectionB] = [createStreamCountProjection(name), createStreamCountProjection(name)];
    const runnerA = newRunner(projectionA, { batchSize: 7 });
    const runnerB = newRunner(projectionB, { batchSize: 3 });
    await Promise.all([runnerA.start(), runnerB.start()]);
    for (const stream of streams) await append(stream, 4);
    const head = await eventStore.headPosition();
    await Promise.all([runnerA.waitUntilProcessed(head, WAIT), runnerB.waitUntilProcessed(head, WAIT)]);

    const counts = await readStreamCounts(db, name);
    expect(streams.map((stream) => counts[stream])).toEqual([24, 24, 24, 24, 24]);
    const allCounted = (await eventStore.readAll({ limit: 1_000_000 })).filter((event) => event.eventType === COUNTED);
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(allCounted.length);
    expect(projectionA.handled.length + projectionB.handled.length).toBe(allCounted.length);
    expect(await projectionStore.readCheckpoint(name)).toBe(head);
  });

  it('advances position() past events it does not handle, without writing a checkpoint', async () => {
    const projection = createStreamCountProjection(uniqueName('skips'));
    const runner = newRunner(projection);
    await runner.start();
    await runner.waitUntilProcessed(await eventStore.headPosition(), WAIT);
    const checkpoint = await projectionStore.readCheckpoint(projection.name);
    const handledBefore = projection.handled.length;

    const ignored = await append(uniqueName('ignored'), 3, IGNORED);
    await runner.waitUntilProcessed(ignored.position, WAIT);
    expect(runner.position()).toBe(ignored.position);
    expect(projection.handled.length).toBe(handledBefore);
    expect(await projectionStore.readCheckpoint(projection.name)).toBe(checkpoint);
  });
});
