/**
 * `esbank rebuild [projection…]`: rebuilds read models from the whole event log (all of them when none
 * is named), one after the other, each into a shadow schema swapped in at the end
 * (read-models/projection-table-swap.ts). The server may keep running: its runners wait for the short
 * swap and then continue from the rebuilt checkpoint. With the embedded database (no DATABASE_URL),
 * stop the server first: only one process can open its data folder.
 */
import type { Kysely } from 'kysely';
import { type ProjectionRebuildResult, rebuildProjection } from '../application/projection-rebuild.ts';
import type { Config } from '../config.ts';
import { openDatabaseConnection } from '../database/database-connection.ts';
import { createProjectionTableSwap } from '../read-models/projection-table-swap.ts';
import { createReadModelProjections, isReadModelName, READ_MODEL_NAMES, type ReadModelName } from '../read-models/read-model-projections.ts';
import type { ReadModelTables } from '../read-models/read-model-tables.ts';
import { openEventStore } from '../app.ts';
import { createProgressReporter, type ProgressOutput } from './progress-reporter.ts';

export interface RebuildCommandIo {
  readonly out: ProgressOutput;
  readonly err: { write(text: string): unknown };
  /** Ctrl-C: the rebuild in progress is discarded and the live read models stay as they were. */
  readonly signal: AbortSignal;
}

/**
 * Events per transaction while rebuilding. The projections fold a batch into a few set-based
 * statements, so a rebuild is bound by the per-batch round trips (transaction, checkpoint, one
 * statement per table): larger batches than the live runner's 500 spread them over more events.
 */
export const REBUILD_BATCH_SIZE = 5_000;

export async function runRebuildCommand(config: Config, args: readonly string[], io: RebuildCommandIo): Promise<number> {
  const unknown = args.filter((name) => !isReadModelName(name));
  if (unknown.length > 0) {
    io.err.write(`Unknown read model(s): ${unknown.join(', ')}. Choose from: ${READ_MODEL_NAMES.join(', ')} (or none for all).\n`);
    return 1;
  }
  const names: readonly ReadModelName[] = args.length === 0 ? READ_MODEL_NAMES : [...new Set(args.filter(isReadModelName))];
  const connection = await openDatabaseConnection(config.database);
  const db = connection.db as Kysely<ReadModelTables>;
  const eventStore = openEventStore(config, connection);
  const projections = createReadModelProjections(db);
  const progress = createProgressReporter(io.out);
  const startedAt = Date.now();
  const results: ProjectionRebuildResult[] = [];
  try {
    for (const name of names) {
      const { projection, tables } = projections.byName[name];
      io.out.write(`Rebuilding "${name}" (tables ${tables.join(', ')}) from the start of the event log…\n`);
      const result = await rebuildProjection({
        eventStore,
        projection,
        target: createProjectionTableSwap(db, { projection: name, tables }),
        batchSize: REBUILD_BATCH_SIZE,
        onProgress: (p) => progress.update(p),
        signal: io.signal,
      });
      results.push(result);
      progress.finish(
        `  "${name}" swapped in: ${result.eventsApplied} events applied, up to position ${result.position}, ` +
          `in ${(result.durationMs / 1_000).toFixed(1)} s.`,
      );
    }
    const total = results.reduce((sum, r) => sum + r.eventsApplied, 0);
    io.out.write(`Rebuilt ${results.length} read model(s) (${total} events applied) in ${((Date.now() - startedAt) / 1_000).toFixed(1)} s.\n`);
    return 0;
  } catch (error) {
    if (io.signal.aborted) {
      progress.finish('Rebuild cancelled: the read model being rebuilt was left as it was.');
      return 130;
    }
    progress.finish('Rebuild failed.');
    throw error;
  } finally {
    await eventStore.close();
    await connection.close();
  }
}
