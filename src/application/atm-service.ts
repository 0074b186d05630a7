/**
 * Starts ATM withdrawals and deposits: the only step of the ATM sagas that needs the PIN, so the only
 * one that runs in the caller's request instead of the durable process managers.
 *
 * For `Tellers.InitiateWithdrawal {atmId, accountId, pin, amount}`:
 * 1. validate the request (nothing is stored for bad input);
 * 2. refuse up front when the ATM is unknown, cannot cover a withdrawal, or cannot hold a deposit
 *    without passing the largest amount held exactly (no PIN attempt is spent);
 * 3. dispatch `Accounts.ConfirmAuthorization` with the PIN and the operation as its `purpose`; the
 *    account checks the PIN against its hash and records AuthorizationConfirmed or AuthorizationFailed
 *    (the lockout counts failures). Its events are correlated by the operation id and caused by the
 *    initiating command, whose type is kept in their metadata;
 * 4. from AuthorizationConfirmed on, the saga (atm-withdrawal-process.ts) runs in the process-manager
 *    runner, durably. With strong consistency this service waits for the saga's last event and for the
 *    read models to include it, so the caller sees COMPLETED or DECLINED; with eventual consistency it
 *    returns PENDING at once.
 * Deposits follow the same steps.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Rejection } from '../domain/decider.ts';
import { addCents, type Cents, isValidAmount } from '../domain/money.ts';
import { DEFAULT_ATM_ID } from '../domain/teller/teller-decider.ts';
import { isAtmCashEnough, type TellerState } from '../domain/teller/teller-state.ts';
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';
import { pinSchema } from './account-aggregate.ts';
import type { AtmOperationKind, AtmOperationOutcome, AtmOperationStarted } from './atm-operation-outcome.ts';
import type { CommandDispatcher } from './command-dispatcher.ts';
import type { Consistency, ConsistencyGate } from './consistency-gate.ts';
import { deterministicUuid } from './deterministic-uuid.ts';
import { toValidationIssues } from './command-validation.ts';
import { authorizationRefusal, unknownAccountRefusal } from './authorization-refusals.ts';

export interface AtmOperationRequest {
  readonly atmId?: string;
  readonly accountId: string;
  readonly pin: string;
  readonly amount: number;
  /** Reuse to retry safely: the same id never starts a second operation. A new one when omitted. */
  readonly operationId?: string;
}

export interface AtmOperationOptions {
  readonly consistency?: Consistency;
  /** How long a strong request waits for the saga to end (default 10 s). */
  readonly timeoutMs?: number;
  /** Called once the PIN was accepted, before the saga runs. */
  readonly onPinAccepted?: () => void;
}

export interface AtmService {
  initiateWithdrawal(request: AtmOperationRequest, options?: AtmOperationOptions): Promise<AtmOperationOutcome>;
  initiateDeposit(request: AtmOperationRequest, options?: AtmOperationOptions): Promise<AtmOperationOutcome>;
}

const requestSchema = z.strictObject({
  atmId: z.uuid({ error: 'Expected the id of an ATM (a UUID).' }).optional(),
  accountId: z.uuid({ error: 'Expected the id of an account (a UUID).' }),
  pin: pinSchema,
  amount: z.custom<Cents>(isValidAmount, { error: 'Expected a positive whole number of cents.' }),
  operationId: z.uuid().optional(),
});

const OPERATION_TYPES: Record<AtmOperationKind, { command: string; ends: readonly string[] }> = {
  withdrawal: { command: 'Tellers.InitiateWithdrawal', ends: ['Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined'] },
  deposit: { command: 'Tellers.InitiateDeposit', ends: ['Tellers.MoneyDeposited', 'Tellers.DepositDeclined'] },
};

export function createAtmService(deps: {
  readonly dispatcher: CommandDispatcher;
  readonly eventStore: EventStore;
  readonly consistencyGate?: ConsistencyGate;
}): AtmService {
  const { dispatcher, eventStore, consistencyGate } = deps;

  async function start(operation: AtmOperationKind, request: AtmOperationRequest, options: AtmOperationOptions): Promise<AtmOperationOutcome> {
    const validation = requestSchema.safeParse(request);
    if (!validation.success) return { kind: 'invalid', issues: toValidationIssues(validation.error.issues) };
    const { accountId, pin, amount } = validation.data;
    const atmId = validation.data.atmId ?? DEFAULT_ATM_ID;
    const operationId = validation.data.operationId ?? randomUUID();

    // A retry of an operation that already started (same operationId) must get its first answer, which
    // the dispatcher recognises below: the ATM may hold less cash now because of that very operation.
    const refusal = (await hasStarted(validation.data.operationId)) ? undefined : await checkAtmUpFront(operation, atmId, amount);
    if (refusal) return { kind: 'rejected', rejection: refusal };

    const initiatingCommandId = deterministicUuid(operationId, OPERATION_TYPES[operation].command);
    const authorization = await dispatcher.dispatch(
      { type: 'Accounts.ConfirmAuthorization', data: { accountId, pin, purpose: { kind: operation, operationId, atmId, amount } } },
      {
        commandId: deterministicUuid(operationId, 'Accounts.ConfirmAuthorization'),
        correlationId: operationId,
        causationId: initiatingCommandId,
        metadata: { causationCommandType: OPERATION_TYPES[operation].command },
        consistency: 'eventual',
      },
    );
    if (authorization.kind === 'rejected') return { kind: 'rejected', rejection: unknownAccountRefusal(authorization.rejection, accountId) };
    if (authorization.kind !== 'accepted') return authorization.kind === 'conflict' ? conflictOutcome(accountId) : authorization;
    const failed = authorization.events.find((e) => e.eventType === 'Accounts.AuthorizationFailed');
    if (failed) return { kind: 'rejected', rejection: authorizationRefusal(failed) };
    options.onPinAccepted?.();

    const started: AtmOperationStarted = {
      kind: 'started',
      operation,
      operationId,
      accountId,
      atmId,
      status: 'PENDING',
      declineReason: null,
      position: authorization.position,
    };
    if ((options.consistency ?? 'strong') === 'eventual') return started;
    const end = await waitForOperationEnd(operation, operationId, authorization.position, options.timeoutMs ?? 10_000);
    await consistencyGate?.waitUntilProcessed(end.position, { timeoutMs: options.timeoutMs });
    const declined = OPERATION_TYPES[operation].ends[1] === end.eventType;
    return {
      ...started,
      status: declined ? 'DECLINED' : 'COMPLETED',
      declineReason: declined ? String(end.data.reason ?? 'UNKNOWN') : null,
      position: end.position,
    };
  }

  async function hasStarted(operationId: string | undefined): Promise<boolean> {
    if (operationId === undefined || !eventStore.readByCorrelation) return false;
    return (await eventStore.readByCorrelation(operationId, { limit: 1 })).length > 0;
  }

  async function checkAtmUpFront(operation: AtmOperationKind, atmId: string, amount: Cents): Promise<Rejection | undefined> {
    const { state } = await dispatcher.loadAggregateState(OPERATION_TYPES[operation].command, atmId);
    const teller = state as TellerState;
    if (teller.status !== 'registered') return { code: 'AtmNotFound', message: `There is no ATM with id ${atmId}.`, details: { atmId } };
    if (operation === 'withdrawal' && !isAtmCashEnough(teller, amount)) {
      return { code: 'AtmOutOfCash', message: 'This ATM does not hold enough cash for that amount. Try a smaller amount or another ATM.', details: { atmId, amount } };
    }
    // The teller refuses such a deposit (CashOverflow) before recording it, and the saga has no step for
    // that refusal: without this check the PIN is accepted and the deposit never ends.
    if (operation === 'deposit' && addCents(teller.cash, amount) === null) {
      return { code: 'CashOverflow', message: 'This ATM cannot take that much cash. Try a smaller amount or another ATM.', details: { atmId, amount } };
    }
    return undefined;
  }

  /** Follows the store from `after` until the operation's saga records its last event. */
  async function waitForOperationEnd(operation: AtmOperationKind, operationId: string, after: GlobalPosition, timeoutMs: number): Promise<RecordedEvent> {
    const signal = AbortSignal.timeout(timeoutMs);
    const subscription = eventStore.subscribeToAll({ fromPosition: after, filter: { eventTypePrefixes: OPERATION_TYPES[operation].ends }, signal });
    try {
      for await (const event of subscription) {
        if (event.correlationId === operationId) return event;
      }
    } finally {
      await subscription.stop();
    }
    throw new AtmOperationTimeoutError(operation, operationId, timeoutMs);
  }

  return {
    initiateWithdrawal: (request, options = {}) => start('withdrawal', request, options),
    initiateDeposit: (request, options = {}) => start('deposit', request, options),
  };
}

/** The operation was accepted and goes on, but did not end within the wait the caller allowed. */
export class AtmOperationTimeoutError extends Error {
  override readonly name = 'AtmOperationTimeoutError';
  readonly operationId: string;

  constructor(operation: AtmOperationKind, operationId: string, timeoutMs: number) {
    super(`The ${operation} ${operationId} was accepted but had not finished after ${timeoutMs} ms; it continues in the background.`);
    this.operationId = operationId;
  }
}

function conflictOutcome(accountId: string): AtmOperationOutcome {
  return { kind: 'rejected', rejection: { code: 'ConcurrencyConflict', message: 'The account was changed by many requests at once. Please try again.', details: { accountId } } };
}
