/**
 * Command middleware, after Commanded's: code that runs around every dispatch without being part of
 * any aggregate (logging, authorization, adding metadata). Each middleware may implement three hooks:
 *
 * - `beforeDispatch(pipeline)`: runs in registration order once the command is valid and routed. It
 *   may read the command and ids, add metadata keys (they end up in the metadata of every event the
 *   command appends), keep private data in `assigns`, or `halt(rejection)` to stop the dispatch: the
 *   outcome is then that rejection, nothing is loaded or appended, and later `beforeDispatch` hooks
 *   do not run;
 * - `afterDispatch(pipeline, outcome)`: runs in reverse order with every returned outcome (accepted,
 *   rejected, conflict). Invalid commands never reach middleware: validation comes first;
 * - `afterFailure(pipeline, error)`: runs in reverse order when dispatching threw (a bug or an
 *   infrastructure failure); the error is re-thrown afterwards.
 *
 * Reverse order for the `after` hooks makes middleware nest like a stack: the first registered sees
 * the dispatch begin first and end last, which is where a timing logger belongs.
 */
import type { Rejection } from '../domain/decider.ts';
import type { JsonValue } from '../event-store/event-store.ts';
import type { DispatchOutcome } from './dispatch-outcome.ts';

/** A routed, validated command: its data includes the dispatcher's `commandId` and `issuedAt`. */
export interface DispatchedCommand {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface CommandPipelineInit {
  readonly command: DispatchedCommand;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly aggregateName: string;
  readonly aggregateId: string;
  readonly streamId: string;
  readonly metadata: Readonly<Record<string, JsonValue>>;
}

/** Pipelines whose `beforeDispatch` phase is over: `halt` is refused from then on. */
const dispatchingPipelines = new WeakSet<CommandPipeline>();

/** The state of one dispatch, handed to every middleware hook. */
export class CommandPipeline {
  readonly command: DispatchedCommand;
  readonly commandId: string;
  /** The correlation id every appended event gets (see command-dispatcher.ts for the rule). */
  readonly correlationId: string;
  /** The causation id every appended event gets (see command-dispatcher.ts for the rule). */
  readonly causationId: string;
  readonly aggregateName: string;
  readonly aggregateId: string;
  readonly streamId: string;
  /**
   * Copied into the metadata of every appended event. Middleware may add keys in `beforeDispatch`;
   * the dispatcher's own keys (`commandId`, `commandType`) are written last and win.
   */
  readonly metadata: Record<string, JsonValue>;
  /** Private data of middleware, kept from `beforeDispatch` to the `after` hooks. Never stored. */
  readonly assigns = new Map<string, unknown>();
  #halted: Rejection | undefined;

  constructor(init: CommandPipelineInit) {
    this.command = init.command;
    this.commandId = init.commandId;
    this.correlationId = init.correlationId;
    this.causationId = init.causationId;
    this.aggregateName = init.aggregateName;
    this.aggregateId = init.aggregateId;
    this.streamId = init.streamId;
    this.metadata = { ...init.metadata };
  }

  /** The rejection given to `halt`, if a middleware halted the dispatch. */
  get halted(): Rejection | undefined {
    return this.#halted;
  }

  /** Stops the dispatch before anything is loaded or appended; the outcome is `rejection`. */
  halt(rejection: Rejection): void {
    if (dispatchingPipelines.has(this)) {
      throw new Error(
        `halt() was called on command ${this.commandId} after it was dispatched; only beforeDispatch can halt a command.`,
      );
    }
    this.#halted = rejection;
  }
}

export interface Middleware {
  /** For logs and errors. */
  readonly name: string;
  beforeDispatch?(pipeline: CommandPipeline): void | Promise<void>;
  afterDispatch?(pipeline: CommandPipeline, outcome: DispatchOutcome): void | Promise<void>;
  afterFailure?(pipeline: CommandPipeline, error: unknown): void | Promise<void>;
}

/** Runs the `beforeDispatch` hooks in order, stopping at the first that halts. */
export async function runBeforeDispatch(middleware: readonly Middleware[], pipeline: CommandPipeline): Promise<void> {
  for (const each of middleware) {
    await each.beforeDispatch?.(pipeline);
    if (pipeline.halted) break;
  }
  dispatchingPipelines.add(pipeline);
}

export async function runAfterDispatch(
  middleware: readonly Middleware[],
  pipeline: CommandPipeline,
  outcome: DispatchOutcome,
): Promise<void> {
  for (const each of [...middleware].reverse()) await each.afterDispatch?.(pipeline, outcome);
}

/**
 * Runs every `afterFailure` hook in reverse order. A hook that throws does not stop the others; its
 * error is handed to `onHookError`, because the dispatch's own error is the one the caller must see.
 */
export async function runAfterFailure(
  middleware: readonly Middleware[],
  pipeline: CommandPipeline,
  error: unknown,
  onHookError: (middlewareName: string, hookError: unknown) => void,
): Promise<void> {
  for (const each of [...middleware].reverse()) {
    try {
      await each.afterFailure?.(pipeline, error);
    } catch (hookError) {
      onHookError(each.name, hookError);
    }
  }
}
