/**
 * Runs one process manager (a saga of src/domain) durably: follows `$all` from its stored checkpoint,
 * strictly in order and one event at a time, and for each routed event loads the instance, evolves
 * it, dispatches the commands `react` (and, on a refusal, `onRejected`) returns, and THEN saves the
 * instance (or removes it on `stop`) and the checkpoint in one transaction
 * (process-manager-event-handler.ts). Dispatch happens outside that transaction: a dispatch appends
 * through the event store, which on PGlite needs the one connection the transaction would hold.
 *
 * Why every saga step happens exactly once, crashes included: the commands of an event get ids
 * derived from the event's id and their index, so processing an event again dispatches the same
 * command ids. If the process dies after dispatching and before the transaction commits, the
 * checkpoint still points before the event; on restart the event is processed again, and each
 * command the dispatcher already appended is recognised by its id in the stream and returns its
 * original outcome without appending anything. The saga's state is saved only with the checkpoint, so
 * it is evolved by each event exactly once. The limit of the argument: a command that was refused,
 * or accepted without events, leaves nothing in its stream, so after a crash it is decided again
 * against the aggregate's state of that moment. For the sagas' idempotent teller commands that
 * changes nothing; a refused debit, though, could be accepted on the second try if the balance grew
 * in between, after its compensation already declined the withdrawal. While retrying an event in one
 * process the runner reuses the refusals it saw, which closes that window except across a crash.
 *
 * Failures: a write conflict that outlasted the dispatcher's retries, or a failing database, makes the
 * runner retry the same event with bounded backoff; it is never skipped. A command that fails
 * validation (`invalid`) is a bug in the process manager: the runner logs the issues and halts at
 * that event (status `failing`, position stays before it) until it is fixed and restarted.
 */
import type { CommandDispatcher } from './command-dispatcher.ts';
import { openEventBatchSource } from './event-batch-source.ts';
import { createJsonLinesLogger, describeError, type Logger } from './logger.ts';
import { createProcessManagerEventHandler, isProcessManagerBug } from './process-manager-event-handler.ts';
import type { ProcessManagerInstanceStore } from './process-manager-instance-store.ts';
import { ProcessManagerFailedError } from './process-manager-runner-errors.ts';
import type { ConsistencyGateHandler } from './projection-consistency-gate.ts';
import { PositionWaiters } from './position-waiters.ts';
import { DEFAULT_RETRY_BACKOFF, type RetryBackoff, retryDelayMs, sleepUnlessAborted } from './retry-backoff.ts';
import type { Message } from '../domain/decider.ts';
import type { ProcessManager } from '../domain/process-manager.ts';
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';

export interface ProcessManagerRunnerOptions<Event extends Message, State, Command extends Message, Tx> {
  /** The upcasting store: the process manager sees current event shapes only. */
  readonly eventStore: EventStore;
  readonly dispatcher: Pick<CommandDispatcher, 'dispatch'>;
  /** Its state must be plain JSON data: it is stored as such between events. */
  readonly processManager: ProcessManager<Event, State, Command>;
  readonly instanceStore: ProcessManagerInstanceStore<Tx>;
  /** Refusals (warn), failures (error) and recoveries (info); JSON lines on stdout/stderr by default. */
  readonly logger?: Logger;
  readonly backoff?: Partial<RetryBackoff>;
  /** Each failure, after it is logged and before the retry (or the halt). */
  readonly onError?: (error: ProcessManagerFailedError) => void;
}

export type ProcessManagerRunnerStatus =
  | { readonly state: 'stopped' | 'running'; readonly position: GlobalPosition }
  | {
      readonly state: 'failing';
      readonly position: GlobalPosition;
      /** The last failure; `error.halted` tells whether the runner still retries. */
      readonly error: ProcessManagerFailedError;
      readonly failingSince: Date;
    };

/** The projection runner's surface, so the strong-consistency gate can wait on process managers too. */
export interface ProcessManagerRunner extends ConsistencyGateHandler {
  /** Reads the checkpoint and starts following `$all`; resolves once running (no-op when running). */
  start(): Promise<void>;
  /** Ends the subscription and waits for the event in flight (its commands and its save). */
  stop(): Promise<void>;
  /** Every event at or below this position is processed: its commands dispatched, its instance saved. */
  position(): GlobalPosition;
  /**
   * Resolves once `position()` reaches `position`. Rejects with ConsistencyTimeoutError after
   * `timeoutMs` (waits without limit when omitted or infinite), or with the signal's reason when it aborts.
   */
  waitUntilProcessed(position: GlobalPosition, options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal }): Promise<void>;
  status(): ProcessManagerRunnerStatus;
}

/** Events read ahead of the one being processed. */
const READ_AHEAD = 200;

export function createProcessManagerRunner<Event extends Message, State, Command extends Message, Tx>(
  options: ProcessManagerRunnerOptions<Event, State, Command, Tx>,
): ProcessManagerRunner {
  const { eventStore, instanceStore } = options;
  const { name } = options.processManager;
  const logger = options.logger ?? createJsonLinesLogger();
  const backoff: RetryBackoff = { ...DEFAULT_RETRY_BACKOFF, ...options.backoff };
  const handler = createProcessManagerEventHandler({ ...options, logger });
  const positions = new PositionWaiters(0);
  let run: { readonly controller: AbortController; readonly done: Promise<unknown> } | undefined;
  let starting: Promise<void> | undefined;
  let failure: { error: ProcessManagerFailedError; since: Date } | undefined;

  const fail = (error: ProcessManagerFailedError): void => {
    failure = { error, since: failure?.since ?? new Date() };
    const { stage, position, eventId, eventType, attempt, retryInMs } = error;
    logger.error(error.message, { processManager: name, stage, position, eventId, eventType, attempt, retryInMs, cause: describeError(error.cause) });
    try {
      options.onError?.(error);
    } catch {
      // A failing error callback must not stop the process manager.
    }
  };

  const recover = (): void => {
    if (!failure) return;
    logger.info(`Process manager "${name}" recovered and is processing events again.`, { processManager: name, position: positions.position });
    failure = undefined;
  };

  /** Processes one event, retrying until it succeeds; resolves `false` when stopped or halted first. */
  const processEvent = async (event: RecordedEvent, signal: AbortSignal): Promise<boolean> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler.handle(event);
        break;
      } catch (cause) {
        const halt = isProcessManagerBug(cause);
        const retryInMs = halt ? null : retryDelayMs(attempt, backoff);
        const { position, eventId, eventType } = event;
        fail(new ProcessManagerFailedError({ processManager: name, stage: 'process', position, eventId, eventType, attempt, retryInMs, cause }));
        if (retryInMs === null || !(await sleepUnlessAborted(retryInMs, signal))) return false;
      }
    }
    recover();
    positions.advance(event.position);
    return true;
  };

  const startRun = async (): Promise<void> => {
    const from = await instanceStore.readCheckpoint(name);
    positions.advance(from);
    const controller = new AbortController();
    const { signal } = controller;
    const source = openEventBatchSource({
      eventStore,
      fromPosition: from,
      capacity: READ_AHEAD,
      signal,
      backoff,
      onReadError: (cause, { afterPosition, attempt, retryInMs }) =>
        fail(new ProcessManagerFailedError({ processManager: name, stage: 'read', position: afterPosition, attempt, retryInMs, cause })),
      onReadRecovered: recover,
    });
    const loop = async (): Promise<void> => {
      while (!signal.aborted) {
        const batch = await source.nextBatch(READ_AHEAD);
        if (batch === undefined) return;
        for (const event of batch) {
          if (signal.aborted || !(await processEvent(event, signal))) return;
        }
      }
    };
    run = { controller, done: Promise.allSettled([loop().finally(() => controller.abort()), source.closed]) };
  };

  const waitUntilProcessed: ProcessManagerRunner['waitUntilProcessed'] = (target, options) => positions.waitFor(name, target, options);

  return {
    name,
    async start() {
      if (run) return;
      starting ??= startRun().finally(() => {
        starting = undefined;
      });
      await starting;
    },
    async stop() {
      await starting?.catch(() => {});
      const current = run;
      if (!current) return;
      run = undefined;
      current.controller.abort();
      await current.done;
      failure = undefined;
    },
    position: () => positions.position,
    waitUntilProcessed,
    status() {
      const position = positions.position;
      if (!run) return { state: 'stopped', position };
      if (failure) return { state: 'failing', position, error: failure.error, failingSince: failure.since };
      return { state: 'running', position };
    },
  };
}
