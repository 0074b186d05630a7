/**
 * What dispatching a command returns. Every outcome the caller must handle is a value, never a thrown
 * error (the outcome rule in DESIGN.md): accepted, rejected by the domain or by middleware, invalid
 * input, or a write conflict that outlasted the retries. Only bugs and infrastructure failures throw.
 */
import type { Rejection } from '../domain/decider.ts';
import type { GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';

/**
 * The command was decided and its events are stored. `events` is empty when the decision produced
 * none: nothing was appended, and `streamVersion`/`position` describe the stream as loaded (position
 * {@link START} for an empty stream).
 */
export interface CommandAccepted {
  readonly kind: 'accepted';
  readonly aggregateId: string;
  readonly streamId: string;
  readonly events: readonly RecordedEvent[];
  /** The stream's version after the command: after its last event. */
  readonly streamVersion: number;
  /** The global position of the command's last event: what a strong-consistency wait waits for. */
  readonly position: GlobalPosition;
}

/** The decider (or a middleware, through `halt`) refused the command; nothing was appended. */
export interface CommandRejected {
  readonly kind: 'rejected';
  readonly rejection: Rejection;
}

/** One field of the command that failed validation. `path` is dotted (`amount`, `address.city`); '' is the whole command. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** The command's data did not match its schema; nothing was loaded or appended. */
export interface CommandInvalid {
  readonly kind: 'invalid';
  readonly issues: readonly ValidationIssue[];
}

/** Other writers kept changing the stream: every one of `attempts` appends met a newer version. */
export interface CommandConflict {
  readonly kind: 'conflict';
  readonly streamId: string;
  readonly attempts: number;
}

export type DispatchOutcome = CommandAccepted | CommandRejected | CommandInvalid | CommandConflict;
