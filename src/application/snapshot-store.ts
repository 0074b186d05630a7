/**
 * The snapshot store port: the latest saved state of an aggregate, so loading it reads only the events
 * after the snapshot instead of the whole stream. Snapshots are an optimisation, never the truth: the
 * events are. A snapshot that is missing, fails to load, or was written for another `stateVersion` of
 * the aggregate's state is ignored and the stream is read from its start.
 *
 * The PostgreSQL implementation is src/database/postgres-snapshot-store.ts.
 */
import type { GlobalPosition, JsonObject } from '../event-store/event-store.ts';

export interface AggregateSnapshot {
  readonly streamId: string;
  /** The stream version the state includes: the events 1…version are folded into it. */
  readonly version: number;
  /** The global position of the event at `version`. */
  readonly position: GlobalPosition;
  /** The shape of `state` (see SnapshotSettings.stateVersion in aggregate-definition.ts). */
  readonly stateVersion: number;
  readonly state: JsonObject;
  readonly takenAt: Date;
}

export interface SnapshotStore {
  /** The snapshot kept for the stream, or `undefined` when there is none. */
  load(streamId: string): Promise<AggregateSnapshot | undefined>;
  /**
   * Keeps `snapshot` as the stream's snapshot, unless the one already kept has the same `stateVersion`
   * and covers at least as many events (snapshots saved out of order never go backwards).
   */
  save(snapshot: AggregateSnapshot): Promise<void>;
}
