/**
 * Aggregate snapshots in PostgreSQL (a server or PGlite), one row per stream in `aggregate_snapshots`
 * (migrations/…-create-aggregate-snapshots.ts). It implements the application's SnapshotStore port
 * (src/application/snapshot-store.ts) structurally: src/database sits below the application and does
 * not import it, and the composition root's type check proves the shapes match.
 *
 * A save replaces the kept snapshot only when it covers more events, or when the kept one was written
 * for another state version (it is useless to the running code); saves arriving out of order therefore
 * never move a snapshot backwards.
 */
import type { Kysely } from 'kysely';
import type { JsonObject } from '../event-store/event-store.ts';

export interface StoredSnapshot {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly stateVersion: number;
  readonly state: JsonObject;
  readonly takenAt: Date;
}

interface AggregateSnapshotsTable {
  stream_id: string;
  stream_version: number;
  position: number;
  state_version: number;
  state: JsonObject;
  taken_at: Date;
}

interface SnapshotTables {
  aggregate_snapshots: AggregateSnapshotsTable;
}

export interface PostgresSnapshotStore {
  load(streamId: string): Promise<StoredSnapshot | undefined>;
  save(snapshot: StoredSnapshot): Promise<void>;
}

export function createPostgresSnapshotStore(connection: { readonly db: Kysely<unknown> }): PostgresSnapshotStore {
  const db = connection.db as Kysely<SnapshotTables>;
  return {
    async load(streamId) {
      const row = await db.selectFrom('aggregate_snapshots').selectAll().where('stream_id', '=', streamId).executeTakeFirst();
      if (!row) return undefined;
      return {
        streamId: row.stream_id,
        version: Number(row.stream_version),
        position: Number(row.position),
        stateVersion: Number(row.state_version),
        state: row.state,
        takenAt: new Date(row.taken_at),
      };
    },

    async save(snapshot) {
      await db
        .insertInto('aggregate_snapshots')
        .values({
          stream_id: snapshot.streamId,
          stream_version: snapshot.version,
          position: snapshot.position,
          state_version: snapshot.stateVersion,
          state: snapshot.state,
          taken_at: snapshot.takenAt,
        })
        .onConflict((conflict) =>
          conflict
            .column('stream_id')
            .doUpdateSet((eb) => ({
              stream_version: eb.ref('excluded.stream_version'),
              position: eb.ref('excluded.position'),
              state_version: eb.ref('excluded.state_version'),
              state: eb.ref('excluded.state'),
              taken_at: eb.ref('excluded.taken_at'),
            }))
            .where((eb) =>
              eb.or([
                eb('aggregate_snapshots.stream_version', '<', eb.ref('excluded.stream_version')),
                eb('aggregate_snapshots.state_version', '<>', eb.ref('excluded.state_version')),
              ]),
            ),
        )
        .execute();
    },
  };
}
