/**
 * The projection port: a read model built from the global log, and the store that keeps its rows and
 * its checkpoint together.
 *
 * A projection turns events into rows. The projection runner (projection-runner.ts) feeds it batches
 * of events in global order and commits the rows it writes in the same transaction as its
 * checkpoint, so after any crash the rows reflect exactly the events up to the stored checkpoint.
 * `Tx` is the transaction the store hands out (a kysely transaction for the read models); the
 * application layer never looks inside it.
 */
import type { GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';

export interface Projection<Tx> {
  /** Unique and stable: the key of the projection's checkpoint. Renaming it rebuilds from scratch. */
  readonly name: string;
  /**
   * The event types `handle` receives. Other events are skipped, but still move the runner's
   * position past them, so a strong-consistency wait on their position does not hang.
   */
  readonly eventTypes: readonly string[];
  /**
   * Applies `events` (handled types only, in position order, never empty) inside `tx`. Everything it
   * writes must go through `tx`: it commits together with the new checkpoint, or not at all.
   * Throwing rolls back the whole batch; the runner retries it.
   */
  handle(tx: Tx, events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * Transactions and checkpoints for projections. A checkpoint is a global position: every event at or
 * below it is reflected in the projection's rows (`START`, 0, when the projection has none yet).
 */
export interface ProjectionStore<Tx> {
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** The stored checkpoint, without locking; `START` (0) when none is stored. */
  readCheckpoint(projectionName: string): Promise<GlobalPosition>;
  /**
   * The stored checkpoint, locked until `tx` ends: a second runner of the same projection (in this or
   * another process) waits here, then sees what the first one committed.
   */
  readCheckpointForUpdate(tx: Tx, projectionName: string): Promise<GlobalPosition>;
  /** Stores the checkpoint in `tx` (any value, also a lower one when a rebuild resets it). */
  writeCheckpoint(tx: Tx, projectionName: string, position: GlobalPosition): Promise<void>;
}
