/**
 * Runs one projection: follows `$all` from the projection's stored checkpoint and applies each batch
 * of events in ONE transaction that locks the checkpoint, skips events at or below it, calls the
 * projection and stores the new checkpoint, so rows and checkpoint always commit together and
 * delivering the same events twice (a restart, or a second runner in another process) changes nothing.
 *
 * The runner reads every event, not only the types the projection handles: batches without handled
 * events write nothing, but still advance `position()`, which strong consistency waits on. A failing
 * batch is rolled back and retried with bounded backoff; it is never skipped.
 */
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';
import { openEventBatchSource } from './event-batch-source.ts';
import { describeError, type Logger } from './logger.ts';
import type { Projection, ProjectionStore } from './projection.ts';
import { ProjectionFailedError, ProjectionRunnerStoppedError } from './projection-runner-errors.ts';
import { PositionWaiters } from './position-waiters.ts';
import { DEFAULT_RETRY_BACKOFF, type RetryBackoff, retryDelayMs, sleepUnlessAborted } from './retry-backoff.ts';

export interface ProjectionProgress {
  /** Every event up to here is processed. */
  readonly position: GlobalPosition;
  /** The newest position of the store, as last read (at most a second old, never below `position`). */
  readonly head: GlobalPosition;
  /** Events read (handled or skipped) per second since this run started. */
  readonly eventsPerSecond: number;
}

export interface ProjectionRunnerOptions<Tx> {
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore<Tx>;
  readonly projection: Projection<Tx>;
  /** The most events applied in one transaction (default 500). */
  readonly batchSize?: number;
  /**
   * Read after this position instead of the stored checkpoint, on the first start only (a rebuild).
   * Events at or below the STORED checkpoint are still skipped: a rebuild resets it first.
   */
  readonly fromPosition?: GlobalPosition;
  readonly backoff?: Partial<RetryBackoff>;
  /** Each failure (a batch rolled back, a read that failed), before the retry. */
  readonly onError?: (error: ProjectionFailedError) => void;
  /** Logs failures (error) and the recovery after them (info). */
  readonly logger?: Logger;
  /** After each batch. */
  readonly onProgress?: (progress: ProjectionProgress) => void;
}

export type ProjectionRunnerStatus =
  | { readonly state: 'stopped' | 'running'; readonly position: GlobalPosition }
  | {
      readonly state: 'failing';
      readonly position: GlobalPosition;
      /** The last failure; the runner keeps retrying. */
      readonly error: ProjectionFailedError;
      readonly failingSince: Date;
    };

export interface ProjectionRunner {
  readonly name: string;
  /** Reads the checkpoint and starts following `$all`; resolves once running (no-op when running). */
  start(): Promise<void>;
  /** Ends the subscription and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Every event at or below this position is processed: its rows are committed (in this process's view). */
  position(): GlobalPosition;
  /**
   * Resolves once `position()` reaches `position`. Rejects with ConsistencyTimeoutError after
   * `timeoutMs` (waits without limit when omitted or infinite), or with the signal's reason when it aborts.
   */
  waitUntilProcessed(position: GlobalPosition, options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal }): Promise<void>;
  /** Starts, runs until `position()` reaches `position`, then stops. Rejects if stopped before. */
  runUntil(position: GlobalPosition): Promise<void>;
  status(): ProjectionRunnerStatus;
}

const DEFAULT_BATCH_SIZE = 500;
const HEAD_REFRESH_MS = 1_000;

export function createProjectionRunner<Tx>(options: ProjectionRunnerOptions<Tx>): ProjectionRunner {
  const { eventStore, projectionStore, projection } = options;
  const name = projection.name;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const backoff: RetryBackoff = { ...DEFAULT_RETRY_BACKOFF, ...options.backoff };
  const handledTypes = new Set(projection.eventTypes);
  const positions = new PositionWaiters(options.fromPosition ?? 0);
  let run: { readonly controller: AbortController; readonly done: Promise<unknown> } | undefined;
  let starting: Promise<void> | undefined;
  let started = false;
  let failure: { error: ProjectionFailedError; since: Date } | undefined;
  const progress = { startedAt: 0, events: 0, head: 0, headReadAt: 0 };

  const fail = (error: ProjectionFailedError): void => {
    failure = { error, since: failure?.since ?? new Date() };
    const { stage, fromPosition, toPosition, attempt, retryInMs } = error;
    options.logger?.error(error.message, { projection: name, stage, fromPosition, toPosition, attempt, retryInMs, cause: describeError(error.cause) });
    try {
      options.onError?.(error);
    } catch {
      // A failing error callback must not stop the projection.
    }
  };

  const recover = (): void => {
    if (!failure) return;
    options.logger?.info(`Projection "${name}" recovered and is processing events again.`, { projection: name, position: positions.position });
    failure = undefined;
  };

  const applyBatch = async (batch: readonly RecordedEvent[], last: GlobalPosition): Promise<void> => {
    const handled = batch.filter((event) => handledTypes.has(event.eventType));
    if (handled.length === 0) return;
    await projectionStore.transaction(async (tx) => {
      const stored = await projectionStore.readCheckpointForUpdate(tx, name);
      const fresh = handled.filter((event) => event.position > stored);
      if (fresh.length > 0) await projection.handle(tx, fresh);
      if (last > stored) await projectionStore.writeCheckpoint(tx, name, last);
    });
  };

  const reportProgress = async (position: GlobalPosition): Promise<void> => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (position > progress.head || now - progress.headReadAt >= HEAD_REFRESH_MS) {
      progress.head = await eventStore.headPosition().catch(() => progress.head);
      progress.headReadAt = now;
    }
    const seconds = Math.max(now - progress.startedAt, 1) / 1_000;
    options.onProgress({ position, head: Math.max(progress.head, position), eventsPerSecond: progress.events / seconds });
  };

  /** Applies one batch, retrying until it commits; resolves `false` when stopped first. */
  const processBatch = async (batch: readonly RecordedEvent[], signal: AbortSignal): Promise<boolean> => {
    const first = batch[0]?.position ?? positions.position;
    const last = batch.at(-1)?.position ?? positions.position;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await applyBatch(batch, last);
        break;
      } catch (cause) {
        const retryInMs = retryDelayMs(attempt, backoff);
        fail(new ProjectionFailedError({ projection: name, stage: 'apply', fromPosition: first, toPosition: last, attempt, retryInMs, cause }));
        if (!(await sleepUnlessAborted(retryInMs, signal))) return false;
      }
    }
    recover();
    progress.events += batch.length;
    positions.advance(last);
    await reportProgress(last).catch(() => {});
    return true;
  };

  const startRun = async (): Promise<void> => {
    const useOverride = !started && options.fromPosition !== undefined;
    const from = useOverride ? (options.fromPosition ?? 0) : await projectionStore.readCheckpoint(name);
    started = true;
    positions.advance(from);
    const controller = new AbortController();
    const { signal } = controller;
    const source = openEventBatchSource({
      eventStore,
      fromPosition: from,
      capacity: batchSize * 2,
      signal,
      backoff,
      onReadError: (cause, { afterPosition, attempt, retryInMs }) =>
        fail(new ProjectionFailedError({ projection: name, stage: 'read', fromPosition: afterPosition, attempt, retryInMs, cause })),
      onReadRecovered: recover,
    });
    const loop = async (): Promise<void> => {
      while (!signal.aborted) {
        const batch = await source.nextBatch(batchSize);
        if (batch === undefined || !(await processBatch(batch, signal))) return;
      }
    };
    Object.assign(progress, { startedAt: Date.now(), events: 0, headReadAt: 0 });
    run = { controller, done: Promise.allSettled([loop(), source.closed]) };
  };

  const stop = async (): Promise<void> => {
    await starting?.catch(() => {});
    const current = run;
    if (!current) return;
    run = undefined;
    current.controller.abort(new ProjectionRunnerStoppedError(name));
    await current.done;
    failure = undefined;
  };

  const waitUntilProcessed: ProjectionRunner['waitUntilProcessed'] = (target, options) => positions.waitFor(name, target, options);

  const start = async (): Promise<void> => {
    if (run) return;
    starting ??= startRun().finally(() => {
      starting = undefined;
    });
    await starting;
  };

  return {
    name,
    start,
    stop,
    position: () => positions.position,
    waitUntilProcessed,
    async runUntil(target) {
      await start();
      const signal = run?.controller.signal;
      try {
        await waitUntilProcessed(target, { signal });
      } finally {
        await stop();
      }
    },
    status() {
      const position = positions.position;
      if (!run) return { state: 'stopped', position };
      if (failure) return { state: 'failing', position, error: failure.error, failingSince: failure.since };
      return { state: 'running', position };
    },
  };
}
