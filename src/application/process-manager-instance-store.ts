/**
 * The storage port of the process-manager runner: the state of each running saga instance, and the
 * runner's checkpoint (the global position of the last event it finished).
 *
 * The runner reads an instance with `load` outside any transaction, dispatches the commands the event
 * calls for, and only then saves the instance's new state (or removes it when the event stops the
 * instance) together with the new checkpoint in ONE `transaction`. So after a crash the instances
 * reflect exactly the events up to the stored checkpoint, and the events after it are processed
 * again (process-manager-runner.ts explains why that is safe). `Tx` is the transaction the store
 * hands out; the application layer never looks inside it.
 *
 * Instance state is stored as JSON: a process manager's state must be plain data (strings, numbers,
 * booleans, null, arrays and objects of those), which every process manager of src/domain is.
 */
import type { GlobalPosition, JsonValue } from '../event-store/event-store.ts';

export interface ProcessManagerInstanceStore<Tx> {
  /** The stored state of one instance, or `undefined` when it never started or was stopped. */
  load(processManager: string, instanceId: string): Promise<JsonValue | undefined>;
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Creates or replaces the instance's state in `tx`. */
  save(tx: Tx, processManager: string, instanceId: string, state: JsonValue): Promise<void>;
  /** Forgets the instance in `tx` (a stopped instance); removing an unknown instance does nothing. */
  remove(tx: Tx, processManager: string, instanceId: string): Promise<void>;
  /**
   * The runner's checkpoint, without locking: every event at or below it is processed, its commands
   * dispatched and its instance saved. `START` (0) when none is stored.
   */
  readCheckpoint(processManager: string): Promise<GlobalPosition>;
  /**
   * The checkpoint, locked until `tx` ends: a second runner of the same process manager (in this or
   * another process) waits here, then sees what the first one committed.
   */
  readCheckpointForUpdate(tx: Tx, processManager: string): Promise<GlobalPosition>;
  /** Stores the checkpoint in `tx` (any value, also a lower one when an operator resets it). */
  writeCheckpoint(tx: Tx, processManager: string, position: GlobalPosition): Promise<void>;
}
