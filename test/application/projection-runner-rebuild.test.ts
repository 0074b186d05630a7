/**
 * What a rebuild needs from the projection runner, on real databases: run until a target position
 * and stop, report progress, and start from a given position instead of the stored checkpoint.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionStore } from '../../src/application/projection.ts';
import {
  createProjectionRunner,
  type ProjectionProgress,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
} from '../../src/application/projection-runner.ts';
import { ProjectionRunnerStoppedError } from '../../src/application/projection-runner-errors.ts';
import type { AppendResult, EventStore } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import { createProjectionCheckpointStore } from '../../src/read-models/projection-checkpoints.ts';
import { newEvent } from '../support/event-store-contract.ts';
import {
  COUNTED,
  createStreamCountProjection,
  createStreamCountTable,
  IGNORED,
  readStreamCounts,
  type StreamCountProjection,
  type StreamCountTables,
} from '../support/stream-count-projection.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('projection runner for rebuilds on %s', (kind) => {
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
    const runner = createProjectionRunner({ eventStore, projectionStore, projection, ...options });
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

  it('runs until a target position, reporting progress, then stops', async () => {
    const streams = [uniqueName('a'), uniqueName('b')];
    for (let round = 0; round < 6; round += 1) {
      await append(streams[round % 2]!, 5);
      await append(uniqueName('noise'), 2, IGNORED);
    }
    const target = await eventStore.headPosition();
    const progress: ProjectionProgress[] = [];
    const projection = createStreamCountProjection(uniqueName('until'));
    const runner = newRunner(projection, { batchSize: 5, onProgress: (p) => progress.push(p) });

    await runner.runUntil(target);
    expect(runner.status()).toEqual({ state: 'stopped', position: runner.position() });
    expect(runner.position()).toBeGreaterThanOrEqual(target);
    const counts = await readStreamCounts(db, projection.name);
    expect(streams.map((stream) => counts[stream])).toEqual([15, 15]);

    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(target / 5));
    const positions = progress.map((p) => p.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(progress.every((p) => p.head >= p.position)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ position: target, head: target });
    expect(progress.at(-1)?.eventsPerSecond).toBeGreaterThan(0);
  });

  it('resolves runUntil at once when the target is already processed', async () => {
    const stream = uniqueName('done');
    await append(stream, 3);
    const name = uniqueName('already');
    await newRunner(createStreamCountProjection(name)).runUntil(await eventStore.headPosition());
    const again = newRunner(createStreamCountProjection(name));
    await again.runUntil(await projectionStore.readCheckpoint(name));
    expect(again.status().state).toBe('stopped');
    expect((await readStreamCounts(db, name))[stream]).toBe(3);
  });

  it('rejects runUntil when the runner is stopped before reaching the target', async () => {
    const runner = newRunner(createStreamCountProjection(uniqueName('stopped')));
    const unreachable = (await eventStore.headPosition()) + 1_000;
    const running = runner.runUntil(unreachable);
    await runner.start();
    await runner.waitUntilProcessed(await eventStore.headPosition(), { timeoutMs: 20_000 });
    await runner.stop();
    await expect(running).rejects.toBeInstanceOf(ProjectionRunnerStoppedError);
    expect(runner.status().state).toBe('stopped');
  });

  it('starts after fromPosition instead of the stored checkpoint', async () => {
    const stream = uniqueName('split');
    const before = await append(stream, 4);
    const after = await append(stream, 3);
    const projection = createStreamCountProjection(uniqueName('from'));
    const runner = newRunner(projection, { fromPosition: before.position });
    expect(runner.position()).toBe(before.position);
    await runner.runUntil(after.position);
    expect(projection.handled.every((event) => event.position > before.position)).toBe(true);
    expect((await readStreamCounts(db, projection.name))[stream]).toBe(3);
  });
});
