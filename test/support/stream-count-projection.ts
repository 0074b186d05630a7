/**
 * A small projection for runner tests: counts the events it handles per stream, one row per
 * (projection, stream), into a test-only table. Counts go up by one per handled event, so an event
 * applied twice shows as a wrong count. A test can make it throw on chosen events.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Projection } from '../../src/application/projection.ts';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import type { ProjectionCheckpointTables } from '../../src/read-models/projection-checkpoints.ts';

export interface StreamCountTables extends ProjectionCheckpointTables {
  test_stream_counts: { projection_name: string; stream_id: string; events: number };
}

export const COUNTED = 'Tests.Counted';
export const IGNORED = 'Tests.Ignored';

export interface StreamCountProjection extends Projection<Transaction<StreamCountTables>> {
  /** Every event passed to `handle`, in order, also those of attempts that were rolled back. */
  readonly handled: RecordedEvent[];
  /** `handle` throws when it reaches an event with one of these ids (after writing the ones before it). */
  readonly failOn: Set<string>;
}

export class InjectedProjectionFault extends Error {
  override readonly name = 'InjectedProjectionFault';
}

export async function createStreamCountTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('test_stream_counts')
    .ifNotExists()
    .addColumn('projection_name', 'text', (c) => c.notNull())
    .addColumn('stream_id', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('test_stream_counts_pkey', ['projection_name', 'stream_id'])
    .execute();
}

export function createStreamCountProjection(name: string, eventTypes: readonly string[] = [COUNTED]): StreamCountProjection {
  const handled: RecordedEvent[] = [];
  const failOn = new Set<string>();
  return {
    name,
    eventTypes,
    handled,
    failOn,
    async handle(tx, events) {
      for (const event of events) {
        handled.push(event);
        if (failOn.has(event.eventId)) throw new InjectedProjectionFault(`Injected fault at position ${event.position}.`);
        await tx
          .insertInto('test_stream_counts')
          .values({ projection_name: name, stream_id: event.streamId, events: 1 })
          .onConflict((oc) => oc.columns(['projection_name', 'stream_id']).doUpdateSet({ events: sql`test_stream_counts.events + 1` }))
          .execute();
      }
    },
  };
}

/** The counts of one projection, by stream id (streams without a row are absent). */
export async function readStreamCounts(db: Kysely<StreamCountTables>, projectionName: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('test_stream_counts').select(['stream_id', 'events']).where('projection_name', '=', projectionName).execute();
  return Object.fromEntries(rows.map((r) => [r.stream_id, r.events]));
}
