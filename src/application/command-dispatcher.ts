/**
 * The command dispatcher: Commanded's dispatch pipeline for deciders. `dispatch` takes a command
 * `{ type, data }` and, in this order:
 *
 * 1. routes it (an unknown type throws UnknownCommandTypeError: a bug in the caller), stamps
 *    `commandId` (from the options, else the id generator) and `issuedAt` (the clock) into its data,
 *    and validates the data with the command's schema: a bad command returns `invalid` with every bad
 *    field, and nothing else happens;
 * 2. runs the middleware's `beforeDispatch` hooks (one may `halt` with a rejection);
 * 3. one command at a time per stream in this process: loads the aggregate (cache, snapshot, then the
 *    events after it); when the loaded events already include this command id, returns the original
 *    result without deciding again; otherwise runs `prepare`, decides, validates the produced events
 *    (a mismatch throws) and appends them with the loaded version as the expected version. When
 *    another writer got there first (WrongExpectedVersionError) it reloads and tries again, at most
 *    `maxRetries + 1` times in all, then returns `conflict`;
 * 4. runs the `afterDispatch` hooks with the outcome (or `afterFailure` when something threw, and
 *    re-throws);
 * 5. with `consistency: 'strong'` and a consistency gate, waits until the strongly consistent handlers
 *    have processed the outcome's position. A timeout throws ConsistencyTimeoutError even though the
 *    command's events ARE stored: retrying with the same command id is safe and returns them again.
 *
 * Idempotency window: a retried command id is recognised while it is among the last
 * {@link MAX_TRACKED_COMMANDS} commands of its aggregate (tracked from event metadata, rebuilt from the
 * events before a snapshot on a cold load). An older retry is decided again; when that decision is the
 * same, the store's event-id idempotency still returns the original events.
 *
 * Ids on every appended event:
 * - `correlationId`: `options.correlationId` when given (the flow the command belongs to), else the
 *   command id (the command starts a new flow);
 * - `causationId`: `options.causationId` when given (a process manager passes the id of the event that
 *   made it dispatch the command), else the command id;
 * - `metadata`: `options.metadata`, plus keys added by middleware, plus `commandId` and `commandType`
 *   (these two always win);
 * - `eventId`: derived from the command id and the event's index (event-envelope-builder.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Message } from '../domain/decider.ts';
import { type EventStore, type JsonObject, START, WrongExpectedVersionError } from '../event-store/event-store.ts';
import { AggregateCache } from './aggregate-cache.ts';
import { AggregateLoader } from './aggregate-loader.ts';
import type { CommandRoute, CommandRouter } from './command-router.ts';
import { assertUuidOptionOrThrow, isPlainObject, validateCommandData } from './command-validation.ts';
import type { Consistency, ConsistencyGate } from './consistency-gate.ts';
import type { CommandAccepted, DispatchOutcome } from './dispatch-outcome.ts';
import { buildEventEnvelopes } from './event-envelope-builder.ts';
import { createJsonLinesLogger, describeError, type Logger } from './logger.ts';
import { CommandPipeline, type Middleware, runAfterDispatch, runAfterFailure, runBeforeDispatch } from './middleware.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import { StreamLock } from './stream-lock.ts';

export interface CommandDispatcherOptions {
  /** Every read and append goes through it; the application passes the upcasting store. */
  readonly eventStore: EventStore;
  readonly router: CommandRouter;
  /** Run around every dispatch, see middleware.ts. */
  readonly middleware?: readonly Middleware[];
  readonly consistencyGate?: ConsistencyGate;
  readonly snapshotStore?: SnapshotStore;
  /** The time stamped on commands as `issuedAt`, and the cache's clock. */
  readonly clock?: () => Date;
  /** Command ids for commands dispatched without one (`randomUUID` by default). */
  readonly idGenerator?: () => string;
  /** Retries after a write conflict, so `maxRetries + 1` tries in all (default 4, so 5 tries). */
  readonly maxRetries?: number;
  /** Milliseconds to wait before retry number `retry` (1-based); a small random backoff by default. */
  readonly retryDelayMs?: (retry: number) => number;
  /** Aggregates kept in memory at most (default 10 000). */
  readonly maxCachedAggregates?: number;
  /** Where failed snapshot saves and failing middleware hooks are reported; JSON lines by default. */
  readonly logger?: Logger;
}

export interface CommandToDispatch {
  readonly type: string;
  /** The command's fields. The dispatcher sets `commandId` and `issuedAt`, replacing any given here. */
  readonly data: unknown;
}

export interface DispatchOptions {
  /** A UUID; pass the same one to retry a command safely. A new one is generated when omitted. */
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Added to the metadata of every event the command appends. */
  readonly metadata?: JsonObject;
  /** `'strong'`: return only once the strongly consistent handlers processed the events. */
  readonly consistency?: Consistency;
  /** How long a strong-consistency wait may take before it throws ConsistencyTimeoutError. */
  readonly timeoutMs?: number;
}

export interface CommandDispatcher {
  /**
   * Dispatches one command; see the module comment for the steps. Domain outcomes are returned.
   * @throws {UnknownCommandTypeError} the command type is not routed (a bug in the caller).
   * @throws {ConsistencyTimeoutError} strong consistency timed out; the events are stored.
   * Anything else thrown is a bug or an infrastructure failure; nothing or everything was appended.
   */
  dispatch(command: CommandToDispatch, options?: DispatchOptions): Promise<DispatchOutcome>;
  /**
   * The current state of the aggregate that `commandType` is routed to, loaded as a dispatch would
   * load it (cache, snapshot, newer events). For up-front checks before a multi-step operation; the
   * decision itself always happens in `dispatch`, against state loaded again at that moment.
   */
  loadAggregateState(commandType: string, aggregateId: string): Promise<{ readonly state: unknown; readonly version: number }>;
  /** Resolves once the snapshots being saved in the background are saved (or failed and logged). */
  drain(): Promise<void>;
}

/**
 * Up to 10 ms more per retry, at random, capped at 50 ms. Measured with two processes depositing into
 * one account as fast as they can: retrying at once (or after a near-zero delay) lets the winner's
 * next command win again and again, while this spreads the writers apart so the default five tries
 * sufficed for every one of 1 440 contested commands.
 */
const defaultRetryDelayMs = (retry: number): number => Math.random() * Math.min(10 * retry, 50);

export function createCommandDispatcher(options: CommandDispatcherOptions): CommandDispatcher {
  const { eventStore, router, consistencyGate } = options;
  const middleware = options.middleware ?? [];
  const clock = options.clock ?? (() => new Date());
  const idGenerator = options.idGenerator ?? randomUUID;
  const tries = (options.maxRetries ?? 4) + 1;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const logger = options.logger ?? createJsonLinesLogger();
  const cache = new AggregateCache({ maxEntries: options.maxCachedAggregates, now: () => clock().getTime() });
  const loader = new AggregateLoader({ eventStore, cache, snapshotStore: options.snapshotStore, logger, clock });
  const streamLock = new StreamLock();

  async function decideAndAppend({ aggregate }: CommandRoute, pipeline: CommandPipeline): Promise<DispatchOutcome> {
    const { streamId, aggregateId, commandId } = pipeline;
    const accepted = (rest: Omit<CommandAccepted, 'kind' | 'aggregateId' | 'streamId'>): CommandAccepted => ({
      kind: 'accepted',
      aggregateId,
      streamId,
      ...rest,
    });
    for (let attempt = 1; attempt <= tries; attempt += 1) {
      const loaded = await loader.load(aggregate, streamId);
      const earlier = loaded.commands.get(commandId);
      if (earlier) {
        const { firstVersion, lastVersion } = earlier;
        const events = await eventStore.readStream(streamId, { from: firstVersion, limit: lastVersion - firstVersion + 1 });
        return accepted({ events, streamVersion: lastVersion, position: events.at(-1)?.position ?? loaded.position });
      }
      const command: Message = aggregate.prepare ? await aggregate.prepare(pipeline.command, loaded.state) : pipeline.command;
      const decision = aggregate.decider.decide(command, loaded.state);
      if (decision.kind === 'rejected') return { kind: 'rejected', rejection: decision.rejection };
      if (decision.events.length === 0) return accepted({ events: [], streamVersion: loaded.version, position: loaded.position });
      const envelopes = await buildEventEnvelopes(aggregate, decision.events, pipeline);
      try {
        const result = await eventStore.append(streamId, envelopes, loaded.version);
        loader.recordAppend(aggregate, loaded, decision.events, result, commandId);
        return accepted({ events: result.events, streamVersion: result.streamVersion, position: result.position });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // Behind what was loaded: the store lost commits (a failover to a lagging replica, say), so
        // the cached state is ahead of it. Forget it: the next attempt loads what the store holds.
        if (error.actualVersion < loaded.version) cache.delete(streamId);
        if (attempt < tries) await delay(retryDelayMs(attempt));
      }
    }
    return { kind: 'conflict', streamId, attempts: tries };
  }

  async function dispatch(command: CommandToDispatch, dispatchOptions: DispatchOptions = {}): Promise<DispatchOutcome> {
    const route = router.route(command.type);
    for (const option of ['commandId', 'correlationId', 'causationId'] as const) {
      assertUuidOptionOrThrow(option, dispatchOptions[option]);
    }
    if (!isPlainObject(command.data)) {
      return { kind: 'invalid', issues: [{ path: '', message: 'Expected the command data to be an object.' }] };
    }
    const commandId = dispatchOptions.commandId ?? idGenerator();
    const stamped = { ...command.data, commandId, issuedAt: clock().toISOString() };
    const validation = await validateCommandData(route.schema, stamped);
    if (!validation.ok) return { kind: 'invalid', issues: validation.issues };
    const aggregateId = validation.data[route.identity];
    if (typeof aggregateId !== 'string' || aggregateId === '') {
      return { kind: 'invalid', issues: [{ path: route.identity, message: 'Expected the id of the aggregate.' }] };
    }
    const pipeline = new CommandPipeline({
      command: { type: command.type, data: validation.data },
      commandId,
      correlationId: dispatchOptions.correlationId ?? commandId,
      causationId: dispatchOptions.causationId ?? commandId,
      aggregateName: route.aggregate.name,
      aggregateId,
      streamId: route.aggregate.streamIdOf(aggregateId),
      metadata: dispatchOptions.metadata ?? {},
    });

    let outcome: DispatchOutcome;
    try {
      await runBeforeDispatch(middleware, pipeline);
      const halted = pipeline.halted;
      outcome = halted
        ? { kind: 'rejected', rejection: halted }
        : await streamLock.run(pipeline.streamId, () => decideAndAppend(route, pipeline));
      await runAfterDispatch(middleware, pipeline, outcome);
    } catch (error) {
      await runAfterFailure(middleware, pipeline, error, (name, hookError) =>
        logger.error('middleware afterFailure hook failed', { middleware: name, commandId, error: describeError(hookError) }),
      );
      throw error;
    }

    if (dispatchOptions.consistency === 'strong' && consistencyGate && outcome.kind === 'accepted' && outcome.position > START) {
      await consistencyGate.waitUntilProcessed(outcome.position, { timeoutMs: dispatchOptions.timeoutMs });
    }
    return outcome;
  }

  async function loadAggregateState(commandType: string, aggregateId: string): Promise<{ state: unknown; version: number }> {
    const { aggregate } = router.route(commandType);
    const loaded = await loader.load(aggregate, aggregate.streamIdOf(aggregateId));
    return { state: loaded.state, version: loaded.version };
  }

  return { dispatch, loadAggregateState, drain: () => loader.drain() };
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
