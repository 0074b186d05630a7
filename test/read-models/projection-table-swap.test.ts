/**
 * Rebuilding read models into a shadow schema and swapping them in, on real databases: the rebuilt
 * tables equal the live ones row for row; a live runner that keeps going during the rebuild stays
 * correct; a swap is refused while the live read model is ahead; a cancelled or failing rebuild
 * leaves nothing behind; and readers see a complete table before, during and after the swap.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectionRunner, type ProjectionRunner } from '../../src/application/projection-runner.ts';
import {
  type ProjectionRebuildOptions,
  type ProjectionRebuildProgress,
  ProjectionRebuildError,
  rebuildProjection,
} from '../../src/application/projection-rebuild.ts';
import { createAccountsQueries } from '../../src/read-models/accounts/accounts-queries.ts';
import { createAtmOperationsQueries } from '../../src/read-models/atm-operations/atm-operations-queries.ts';
import { createAtmsQueries } from '../../src/read-models/atms/atms-queries.ts';
import { createProjectionTableSwap, RebuildInProgressError } from '../../src/read-models/projection-table-swap.ts';
import type { ReadModelName, ReadModelTransaction } from '../../src/read-models/read-model-projections.ts';
import { writeBankWorkload } from '../support/bank-history-writer.ts';
import { openReadModelHarness, type ReadModelHarness, rebuildSchemasLeft } from '../support/read-model-harness.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const FAST_RETRY = { initialDelayMs: 5, maxDelayMs: 20 };

describe.each(testDatabaseKinds())('projection rebuild with a table swap on %s', (kind) => {
  let h: ReadModelHarness;

  beforeAll(async () => {
    h = await openReadModelHarness(kind);
    await writeBankWorkload(h.writer, 30);
    await h.catchUp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const rebuild = (name: ReadModelName, options: Partial<ProjectionRebuildOptions<ReadModelTransaction>> = {}) => {
    const { projection, tables } = h.projections.byName[name];
    return rebuildProjection({ eventStore: h.eventStore, projection, target: createProjectionTableSwap(h.db, { projection: name, tables }), ...options });
  };
  const checkpoints = async () =>
    Object.fromEntries((await h.db.selectFrom('projection_checkpoints').select(['projection_name', 'position']).execute()).map((r) => [r.projection_name, r.position]));
  const countAll = async () => ({
    ...(await createAccountsQueries(h.db).countRows()),
    ...(await createAtmsQueries(h.db).countRows()),
    ...(await createAtmOperationsQueries(h.db).countRows()),
  });

  it('rebuilds every read model into rows equal to the live ones, while readers keep seeing complete tables', async () => {
    const before = await h.snapshot();
    const head = await h.eventStore.headPosition();
    const expectedCounts = await countAll();
    expect(expectedCounts.accountTransactions).toBeGreaterThan(50);
    expect(await checkpoints()).toEqual({ accounts: head, atms: expect.any(Number), 'atm-operations': expect.any(Number) });

    let rebuilding = true;
    const observed: unknown[] = [];
    const reader = (async () => {
      while (rebuilding) {
        observed.push(await countAll());
        // PGlite answers within microtasks: let the rebuild's timers and I/O run between reads.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    const progress: ProjectionRebuildProgress[] = [];
    const results = [];
    try {
      for (const { name } of h.projections.all) results.push(await rebuild(name, { batchSize: 25, onProgress: (p) => progress.push(p) }));
    } finally {
      rebuilding = false;
      await reader;
    }

    expect(results.map((r) => [r.projection, r.position, r.swapAttempts])).toEqual([
      ['accounts', head, 1],
      ['atms', head, 1],
      ['atm-operations', head, 1],
    ]);
    expect(results[0]!.eventsApplied).toBe((await h.readAllEvents()).filter((e) => e.eventType.startsWith('Accounts.')).length);
    expect(await h.snapshot()).toEqual(before);
    expect(await checkpoints()).toEqual({ accounts: head, atms: head, 'atm-operations': head });
    expect(await rebuildSchemasLeft(h.db)).toEqual([]);
    expect(observed.length).toBeGreaterThan(0);
    for (const counts of observed) expect(counts).toEqual(expectedCounts);

    const ofAccounts = progress.filter((p) => p.projection === 'accounts');
    expect(ofAccounts.length).toBeGreaterThanOrEqual(Math.floor(head / 25));
    expect(ofAccounts.every((p) => p.position <= p.head && p.eventsPerSecond >= 0)).toBe(true);
    expect(ofAccounts.at(-1)).toMatchObject({ position: head, head, etaSeconds: 0 });
  });

  it('keeps a live runner correct when it processes new events during the rebuild and the swap', async () => {
    const live: ProjectionRunner[] = h.projections.all.map(({ projection }) =>
      createProjectionRunner({ eventStore: h.eventStore, projectionStore: h.projections.projectionStore, projection, batchSize: 7 }),
    );
    await Promise.all(live.map((runner) => runner.start()));
    let writing: Promise<void> | undefined;
    try {
      const accountIds = h.writer.accountIds().slice(0, 5);
      const atmId = await h.writer.registerAtm(90_000);
      const writeMore = async (round: number): Promise<void> => {
        for (const id of accountIds) {
          await h.writer.deposit(id, 100 + round);
          await h.writer.atmWithdrawal(id, atmId, 10, round % 2 === 0 ? 'completed' : 'refunded');
        }
      };
      for (const [round, { name }] of h.projections.all.entries()) {
        writing = undefined;
        const result = await rebuild(name, {
          batchSize: 20,
          onProgress: () => {
            writing ??= writeMore(round);
          },
        });
        await writing;
        expect(result.position).toBeGreaterThan(0);
      }
      await writeMore(99);
      const head = await h.eventStore.headPosition();
      await Promise.all(live.map((runner) => runner.waitUntilProcessed(head, { timeoutMs: 30_000 })));
    } finally {
      await Promise.all(live.map((runner) => runner.stop()));
    }
    const followed = await h.snapshot();
    for (const id of h.writer.accountIds()) {
      expect(followed.accounts.find((row) => row.id === id)?.balance).toBe(h.writer.balanceOf(id));
    }

    for (const { name } of h.projections.all) await rebuild(name);
    expect(await h.snapshot()).toEqual(followed);
  });

  it('refuses to swap while the live checkpoint is ahead, and discards the shadow tables cleanly', async () => {
    const before = await h.snapshot();
    const live = await checkpoints();
    const target = createProjectionTableSwap(h.db, { projection: 'accounts', tables: h.projections.byName.accounts.tables });
    const store = await target.prepare();
    expect(await store.readCheckpoint('accounts')).toBe(0);
    expect(await rebuildSchemasLeft(h.db)).toEqual(['esbank_rebuild_accounts']);

    expect(await target.trySwap()).toEqual({ swapped: false, reason: 'behind', livePosition: live.accounts });
    await expect(createProjectionTableSwap(h.db, { projection: 'accounts', tables: ['accounts'] }).prepare()).rejects.toBeInstanceOf(RebuildInProgressError);

    await target.discard();
    expect(await rebuildSchemasLeft(h.db)).toEqual([]);
    expect(await h.snapshot()).toEqual(before);
    expect(await checkpoints()).toEqual(live);
  });

  it('leaves the live read model untouched when the rebuild is cancelled', async () => {
    const before = await h.snapshot();
    const live = await checkpoints();
    const controller = new AbortController();
    const reason = new Error('Cancelled by the test.');
    const rebuilding = rebuild('atm-operations', { batchSize: 10, signal: controller.signal, onProgress: () => controller.abort(reason) });
    await expect(rebuilding).rejects.toBe(reason);
    expect(await rebuildSchemasLeft(h.db)).toEqual([]);
    expect(await h.snapshot()).toEqual(before);
    expect(await checkpoints()).toEqual(live);
  });

  it('ends with a ProjectionRebuildError when a batch keeps failing, and leaves the live read model untouched', async () => {
    const before = await h.snapshot();
    const { projection, tables } = h.projections.byName.atms;
    let batches = 0;
    const failing = {
      ...projection,
      async handle(tx: ReadModelTransaction, events: Parameters<typeof projection.handle>[1]) {
        batches += 1;
        if (batches >= 3) throw new Error('The disk is full (injected).');
        await projection.handle(tx, events);
      },
    };
    const rebuilding = rebuildProjection({
      eventStore: h.eventStore,
      projection: failing,
      target: createProjectionTableSwap(h.db, { projection: 'atms', tables }),
      batchSize: 5,
      maxBatchAttempts: 2,
      backoff: FAST_RETRY,
    });
    await expect(rebuilding).rejects.toBeInstanceOf(ProjectionRebuildError);
    expect(batches).toBe(4);
    expect(await rebuildSchemasLeft(h.db)).toEqual([]);
    expect(await h.snapshot()).toEqual(before);
  });

  it.runIf(kind === 'postgres')('makes a reader in the middle of a query delay the swap, and a later reader wait for the new complete table', async () => {
    const before = await h.snapshot();
    const countAccounts = async (executor: typeof h.db): Promise<number> =>
      Number((await executor.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const expected = before.accounts.length;
    let holding!: () => void;
    let release!: () => void;
    const readerHolds = new Promise<void>((resolve) => (holding = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const readsInsideTransaction: number[] = [];
    const reader = h.db.transaction().execute(async (tx) => {
      readsInsideTransaction.push(await countAccounts(tx));
      holding();
      await released;
      readsInsideTransaction.push(await countAccounts(tx));
    });
    await readerHolds;
    const rebuilding = rebuild('accounts');
    await waitUntilSomeoneWaitsToLock(h, 'accounts');
    const lateReader = countAccounts(h.db);
    release();
    await reader;
    const result = await rebuilding;
    expect(readsInsideTransaction).toEqual([expected, expected]);
    expect(await lateReader).toBe(expected);
    expect(result.swapAttempts).toBe(1);
    expect(await h.snapshot()).toEqual(before);
  });
  it.runIf(kind === 'postgres')('answers busy, changing nothing, when a live runner holds the checkpoint longer than the lock timeout', async () => {
    const before = await h.snapshot();
    const live = await checkpoints();
    const target = createProjectionTableSwap(h.db, { projection: 'atms', tables: ['atms'], lockTimeoutMs: 50 });
    const store = await target.prepare();
    await store.transaction(async (tx) => store.writeCheckpoint(tx, 'atms', live.atms!));
    const outcome = await h.db.transaction().execute(async (tx) => {
      await h.projections.projectionStore.readCheckpointForUpdate(tx, 'atms');
      return target.trySwap();
    });
    expect(outcome).toEqual({ swapped: false, reason: 'busy', livePosition: 0 });
    expect(await target.trySwap()).toEqual({ swapped: true, position: live.atms });
    expect(await rebuildSchemasLeft(h.db)).toEqual([]);
    expect(await h.snapshot()).toEqual({ ...before, atms: [] });
    await h.db.updateTable('projection_checkpoints').set({ position: 0 }).where('projection_name', '=', 'atms').execute();
    await h.catchUp('atms');
    expect(await h.snapshot()).toEqual(before);
  });
  if (kind === 'pglite') {
    process.stdout.write(
      'projection-table-swap: the two lock cases run on PostgreSQL only: PGlite has one connection, so no other session can hold a lock during the swap.\n',
    );
  }
});

/** Resolves once a session waits for a lock on `public.<table>` in this database (the swap, here). */
async function waitUntilSomeoneWaitsToLock(h: ReadModelHarness, table: string): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_locks l join pg_class c on c.oid = l.relation
      where not l.granted and c.relname = ${table} and c.relnamespace = 'public'::regnamespace
        and l.database = (select oid from pg_database where datname = current_database())`.execute(h.db);
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
