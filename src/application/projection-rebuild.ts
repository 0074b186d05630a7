/**
 * Rebuilds one projection from the start of the log into a fresh target, then asks the target to
 * swap it in for the live read model, so readers see the old rows until the new ones are complete.
 *
 * 1. `target.prepare()` creates an empty target whose checkpoint starts at `START` (0).
 * 2. A projection runner applies every event into it, up to the head of the store; events that
 *    arrived meanwhile are caught up until the target reaches the head it reads last.
 * 3. `target.trySwap()` replaces the live read model in one step. It refuses while the LIVE
 *    checkpoint is past the target's (a live runner kept going during the rebuild): the rebuild then
 *    catches up to at least that position and tries again. Swapping a target at or past the live
 *    checkpoint is what keeps a live runner correct: after the swap it skips every event up to the
 *    target's checkpoint, which the new rows already reflect.
 *
 * On failure or cancellation the target is discarded and the live read model stays as it was.
 */
import type { EventStore, GlobalPosition } from '../event-store/event-store.ts';
import type { Projection, ProjectionStore } from './projection.ts';
import { createProjectionRunner, type ProjectionProgress } from './projection-runner.ts';
import type { ProjectionFailedError } from './projection-runner-errors.ts';
import type { RetryBackoff } from './retry-backoff.ts';

export type ProjectionSwapOutcome =
  | { readonly swapped: true; readonly position: GlobalPosition }
  | {
      readonly swapped: false;
      /** `behind`: the live checkpoint is past the target's; `busy`: the live read model stayed locked too long. */
      readonly reason: 'behind' | 'busy';
      /** The live checkpoint the target must reach first (0 when unknown). */
      readonly livePosition: GlobalPosition;
    };

/** Where a rebuild writes, and how it replaces the live read model; see projection-table-swap.ts. */
export interface ProjectionRebuildTarget<Tx> {
  /** Creates the empty target; its store's checkpoint for the projection starts at `START`. */
  prepare(): Promise<ProjectionStore<Tx>>;
  /**
   * Replaces the live read model with the target in one step, unless the live checkpoint is past the
   * target's or the live read model cannot be locked in time: then nothing changes, and the rebuild
   * catches up and tries again.
   */
  trySwap(): Promise<ProjectionSwapOutcome>;
  /** Removes the target (after a failure or cancellation); the live read model is untouched. */
  discard(): Promise<void>;
}

export interface ProjectionRebuildProgress {
  readonly projection: string;
  /** Every event up to here is applied to the target. */
  readonly position: GlobalPosition;
  /** The newest position of the store, as last read. */
  readonly head: GlobalPosition;
  /** Events read per second in the current catch-up run. */
  readonly eventsPerSecond: number;
  /** Seconds until `position` reaches `head` at the current pace; `null` before there is a pace. */
  readonly etaSeconds: number | null;
}

export interface ProjectionRebuildOptions<Tx> {
  readonly eventStore: EventStore;
  readonly projection: Projection<Tx>;
  readonly target: ProjectionRebuildTarget<Tx>;
  readonly batchSize?: number;
  readonly onProgress?: (progress: ProjectionRebuildProgress) => void;
  /** Cancels the rebuild: it discards the target and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** A batch failing this many times in a row ends the rebuild (default 5). */
  readonly maxBatchAttempts?: number;
  /** Swaps refused because the live read model moved on, before giving up (default 20). */
  readonly maxSwapAttempts?: number;
  readonly backoff?: Partial<RetryBackoff>;
}

export interface ProjectionRebuildResult {
  readonly projection: string;
  /** The checkpoint of the swapped-in read model. */
  readonly position: GlobalPosition;
  /** Events the projection applied (of the types it handles). */
  readonly eventsApplied: number;
  readonly durationMs: number;
  readonly swapAttempts: number;
}

export class ProjectionRebuildError extends Error {
  override readonly name = 'ProjectionRebuildError';
  readonly projection: string;

  constructor(projection: string, message: string, options?: ErrorOptions) {
    super(`The rebuild of projection "${projection}" stopped: ${message} The live read model was not changed.`, options);
    this.projection = projection;
  }
}

export async function rebuildProjection<Tx>(options: ProjectionRebuildOptions<Tx>): Promise<ProjectionRebuildResult> {
  const { eventStore, projection, target, signal } = options;
  const maxSwapAttempts = options.maxSwapAttempts ?? 20;
  const startedAt = Date.now();
  let eventsApplied = 0;
  const counting: Projection<Tx> = {
    name: projection.name,
    eventTypes: projection.eventTypes,
    async handle(tx, events) {
      await projection.handle(tx, events);
      eventsApplied += events.length;
    },
  };

  signal?.throwIfAborted();
  const store = await target.prepare();
  try {
    let position = await store.readCheckpoint(projection.name);
    let goal = await eventStore.headPosition();
    for (let attempt = 1; attempt <= maxSwapAttempts; attempt += 1) {
      position = await catchUp({ ...options, projection: counting }, store, position, goal);
      await storeCheckpointAtLeast(store, projection.name, position);
      const outcome = await target.trySwap();
      if (outcome.swapped) {
        return { projection: projection.name, position: outcome.position, eventsApplied, durationMs: Date.now() - startedAt, swapAttempts: attempt };
      }
      goal = Math.max(outcome.livePosition, await eventStore.headPosition());
    }
    throw new ProjectionRebuildError(
      projection.name,
      `the live read model kept moving past the rebuilt one, or stayed locked: ${maxSwapAttempts} swaps were refused. ` +
        'Try again when fewer events are being written.',
    );
  } catch (error) {
    await target.discard().catch(() => {});
    throw error;
  }
}

/**
 * The runner stores a checkpoint only with rows to write, so after trailing events of other types the
 * stored one lags its position. Every event up to `position` is processed: store that, so the target
 * is not taken for behind a live checkpoint that did move past those events.
 */
async function storeCheckpointAtLeast<Tx>(store: ProjectionStore<Tx>, name: string, position: GlobalPosition): Promise<void> {
  await store.transaction(async (tx) => {
    if ((await store.readCheckpointForUpdate(tx, name)) < position) await store.writeCheckpoint(tx, name, position);
  });
}

/** Runs the projection into `store` until it reaches `goal` and then the head read after it; returns its position. */
async function catchUp<Tx>(
  options: ProjectionRebuildOptions<Tx>,
  store: ProjectionStore<Tx>,
  from: GlobalPosition,
  goal: GlobalPosition,
): Promise<GlobalPosition> {
  let position = from;
  let target = goal;
  for (;;) {
    if (position >= target) {
      const head = await options.eventStore.headPosition();
      if (head <= position) return position;
      target = head;
    }
    position = await runUntil(options, store, position, target);
  }
}

async function runUntil<Tx>(
  options: ProjectionRebuildOptions<Tx>,
  store: ProjectionStore<Tx>,
  from: GlobalPosition,
  goal: GlobalPosition,
): Promise<GlobalPosition> {
  const { projection, signal } = options;
  const maxBatchAttempts = options.maxBatchAttempts ?? 5;
  const runStartedAt = Date.now();
  let failure: ProjectionFailedError | undefined;
  const report = (progress: ProjectionProgress): void => {
    const seconds = (Date.now() - runStartedAt) / 1_000;
    const pace = seconds > 0 ? (progress.position - from) / seconds : 0;
    const etaSeconds = pace > 0 ? Math.max(progress.head - progress.position, 0) / pace : null;
    options.onProgress?.({ projection: projection.name, position: progress.position, head: progress.head, eventsPerSecond: progress.eventsPerSecond, etaSeconds });
  };
  const runner = createProjectionRunner({
    eventStore: options.eventStore,
    projectionStore: store,
    projection,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    onProgress: report,
    onError: (error) => {
      if (error.attempt < maxBatchAttempts) return;
      failure = error;
      void runner.stop();
    },
  });
  const cancel = (): void => void runner.stop();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    signal?.throwIfAborted();
    await runner.runUntil(goal);
    return runner.position();
  } catch (error) {
    signal?.throwIfAborted();
    if (failure) throw new ProjectionRebuildError(projection.name, failure.message, { cause: failure });
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
