/**
 * What a projection runner reports when it cannot make progress, and why a wait on it ended.
 */
import type { GlobalPosition } from '../event-store/event-store.ts';

export interface ProjectionFailure {
  readonly projection: string;
  /** `read`: reading events from the store failed; `apply`: the batch's transaction failed and was rolled back. */
  readonly stage: 'read' | 'apply';
  /** `apply`: the batch's first event; `read`: the checkpoint the read started after. */
  readonly fromPosition: GlobalPosition;
  /** `apply`: the batch's last event. */
  readonly toPosition?: GlobalPosition;
  /** How many times in a row this failed (1 for the first failure). */
  readonly attempt: number;
  readonly retryInMs: number;
  readonly cause: unknown;
}

/** The projection fell behind because of an error; it retries the same events, none is skipped. */
export class ProjectionFailedError extends Error {
  override readonly name = 'ProjectionFailedError';
  readonly projection: string;
  readonly stage: 'read' | 'apply';
  readonly fromPosition: GlobalPosition;
  readonly toPosition: GlobalPosition | undefined;
  readonly attempt: number;
  readonly retryInMs: number;

  constructor(failure: ProjectionFailure) {
    const reason = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
    const what =
      failure.stage === 'apply'
        ? `could not apply the events at positions ${failure.fromPosition} to ${failure.toPosition}; nothing of that batch was saved`
        : `could not read the events after position ${failure.fromPosition}`;
    super(
      `Projection "${failure.projection}" ${what} (attempt ${failure.attempt}). It retries the same events in ` +
        `${failure.retryInMs} ms and stays behind until they succeed. Cause: ${reason}`,
      { cause: failure.cause },
    );
    this.projection = failure.projection;
    this.stage = failure.stage;
    this.fromPosition = failure.fromPosition;
    this.toPosition = failure.toPosition;
    this.attempt = failure.attempt;
    this.retryInMs = failure.retryInMs;
  }
}

/** A wait that needed the runner to keep going ended because the runner was stopped. */
export class ProjectionRunnerStoppedError extends Error {
  override readonly name = 'ProjectionRunnerStoppedError';
  readonly projection: string;

  constructor(projection: string) {
    super(`Projection "${projection}" was stopped before it reached the position it was asked to reach.`);
    this.projection = projection;
  }
}
