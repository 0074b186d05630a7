/**
 * What starting an ATM withdrawal or deposit returns to the caller: the outcome rule of DESIGN.md in
 * types. Refusals that only the caller cares about are values (`rejected`); a wrong PIN is both an
 * event (the lockout counts it) and a refusal the caller sees.
 */
import type { Rejection } from '../domain/decider.ts';
import type { GlobalPosition } from '../event-store/event-store.ts';
import type { ValidationIssue } from './dispatch-outcome.ts';

export type AtmOperationKind = 'withdrawal' | 'deposit';

/** Why an ATM operation ended without moving money. */
export type AtmOperationStatus = 'PENDING' | 'COMPLETED' | 'DECLINED';

export interface AtmOperationStarted {
  readonly kind: 'started';
  readonly operation: AtmOperationKind;
  /** The withdrawal or deposit id; also the correlation id of every event of the operation. */
  readonly operationId: string;
  readonly accountId: string;
  readonly atmId: string;
  /**
   * PENDING when the caller asked for eventual consistency (the saga goes on in the background);
   * COMPLETED or DECLINED (with `declineReason`) when it waited for the saga to end.
   */
  readonly status: AtmOperationStatus;
  readonly declineReason: string | null;
  /** The position of the last event the caller's request is known to have caused. */
  readonly position: GlobalPosition;
}

export interface AtmOperationRejected {
  readonly kind: 'rejected';
  readonly rejection: Rejection;
}

export interface AtmOperationInvalid {
  readonly kind: 'invalid';
  readonly issues: readonly ValidationIssue[];
}

export type AtmOperationOutcome = AtmOperationStarted | AtmOperationRejected | AtmOperationInvalid;
