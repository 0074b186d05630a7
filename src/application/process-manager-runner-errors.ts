/**
 * What the process-manager runner reports when it cannot get past an event: an infrastructure failure
 * it retries, or a bug (a command the aggregate cannot even validate) on which it halts, because
 * skipping the event would silently lose a step of somebody's withdrawal.
 */
import type { ValidationIssue } from './dispatch-outcome.ts';
import type { GlobalPosition } from '../event-store/event-store.ts';

export interface ProcessManagerFailure {
  readonly processManager: string;
  /** `read`: reading events from the store failed; `process`: dispatching or saving for one event failed. */
  readonly stage: 'read' | 'process';
  /** `process`: the event's position; `read`: the checkpoint the read started after. */
  readonly position: GlobalPosition;
  readonly eventId?: string;
  readonly eventType?: string;
  /** How many times in a row this failed (1 for the first failure). */
  readonly attempt: number;
  /** When the runner tries again; `null` when it halted and needs a fix and a restart. */
  readonly retryInMs: number | null;
  readonly cause: unknown;
}

/** The process manager fell behind because of an error; the event stays unprocessed, never skipped. */
export class ProcessManagerFailedError extends Error {
  override readonly name = 'ProcessManagerFailedError';
  readonly processManager: string;
  readonly stage: 'read' | 'process';
  readonly position: GlobalPosition;
  readonly eventId: string | undefined;
  readonly eventType: string | undefined;
  readonly attempt: number;
  readonly retryInMs: number | null;

  constructor(failure: ProcessManagerFailure) {
    const reason = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
    const what =
      failure.stage === 'process'
        ? `could not process event ${failure.eventType} (${failure.eventId}) at position ${failure.position}`
        : `could not read the events after position ${failure.position}`;
    const next =
      failure.retryInMs === null
        ? 'It stopped there: this is a bug to fix, after which a restart processes the same event again.'
        : `It retries the same event in ${failure.retryInMs} ms and stays behind until it succeeds.`;
    super(`Process manager "${failure.processManager}" ${what} (attempt ${failure.attempt}). ${next} Cause: ${reason}`, {
      cause: failure.cause,
    });
    this.processManager = failure.processManager;
    this.stage = failure.stage;
    this.position = failure.position;
    this.eventId = failure.eventId;
    this.eventType = failure.eventType;
    this.attempt = failure.attempt;
    this.retryInMs = failure.retryInMs;
  }

  /** True when the runner gave up on the event until it is fixed and restarted. */
  get halted(): boolean {
    return this.retryInMs === null;
  }
}

/** A command a process manager emitted failed the aggregate's validation: a bug in the process manager. */
export class ProcessManagerCommandInvalidError extends Error {
  override readonly name = 'ProcessManagerCommandInvalidError';
  readonly commandType: string;
  readonly commandId: string;
  readonly issues: readonly ValidationIssue[];

  constructor(processManager: string, commandType: string, commandId: string, issues: readonly ValidationIssue[]) {
    const fields = issues.map((issue) => `${issue.path || '(command)'}: ${issue.message}`).join('; ');
    super(`Process manager "${processManager}" emitted a ${commandType} command (${commandId}) that is not valid: ${fields}.`);
    this.commandType = commandType;
    this.commandId = commandId;
    this.issues = issues;
  }
}

/** Other writers kept changing the command's stream; the runner retries the whole event later. */
export class ProcessManagerCommandConflictError extends Error {
  override readonly name = 'ProcessManagerCommandConflictError';
  readonly streamId: string;

  constructor(commandType: string, streamId: string, attempts: number) {
    super(`A ${commandType} command could not be appended to "${streamId}": the stream changed under each of ${attempts} attempts.`);
    this.streamId = streamId;
  }
}
