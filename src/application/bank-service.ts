/**
 * The write side the API calls: one method per operation a customer or an operator asks for, each
 * dispatching one command (the ATM operations go through the ATM service, which checks the PIN first)
 * and returning a typed outcome: accepted with the new ids and the event position, or the
 * dispatcher's rejected / invalid / conflict values, or `timedOut`. Nothing here throws for a domain
 * outcome (the outcome rule in DESIGN.md).
 *
 * Consistency, STRONG by default: the method returns once every read model the API reads from
 * includes the change (the dispatcher's gate, then `readModelsGate`), so a query right after sees it.
 * With EVENTUAL it returns as soon as the events are stored (and, for an ATM operation, as soon as the
 * PIN was accepted: the saga goes on in the background and the operation is PENDING).
 *
 * A strong ATM operation that the saga declines comes back `rejected`, with the rejection code the
 * decline reason stands for (`InsufficientFunds`, `AtmOutOfCash`, …) and the operation id in its
 * details: the withdrawal or deposit itself is recorded, as DECLINED.
 *
 * Re-running safely: with an `idempotencyKey` the command id and every id the call creates (the new
 * account's id, a new ATM's id, the ATM operation's id) are derived from the key and the operation,
 * instead of random. Calling again with the same key and input (after a crash, say) then dispatches
 * the same command id, which the dispatcher recognises: nothing more is appended and the answer names
 * the same ids. The key must not be reused for another input (idempotency.ts refuses that).
 */
import { randomUUID } from 'node:crypto';
import type { Rejection } from '../domain/decider.ts';
import type { GlobalPosition } from '../event-store/event-store.ts';
import { AtmOperationTimeoutError, type AtmOperationRequest, type AtmService } from './atm-service.ts';
import type { AtmOperationKind, AtmOperationStarted } from './atm-operation-outcome.ts';
import type { CommandDispatcher, CommandToDispatch, DispatchOptions } from './command-dispatcher.ts';
import { type Consistency, type ConsistencyGate, ConsistencyTimeoutError } from './consistency-gate.ts';
import { deterministicUuid } from './deterministic-uuid.ts';
import type { CommandConflict, CommandInvalid, CommandRejected } from './dispatch-outcome.ts';

export interface BankCommandOptions {
  /** `'strong'` (the default) or `'eventual'`, see the module comment. */
  readonly consistency?: Consistency;
  /**
   * Derive the command id and the new ids from this key (see the module comment): the same key and
   * input give the same ids, so a re-run appends nothing. Unique per caller and request; with the
   * idempotent runner, pass the `idempotencyKey` it gives `execute`.
   */
  readonly idempotencyKey?: string;
  /** ATM operations: called once the PIN was accepted, before the saga runs (see pin-attempt-limiter.ts). */
  readonly onPinAccepted?: () => void;
}

/** The namespace of the ids derived from idempotency keys (a fixed, random UUID: never change it). */
const IDEMPOTENT_IDS_NAMESPACE = '3f0b8a52-6c1e-4d57-9a8e-2b7c41d9e605';

/** The change is stored, but a read model (or the ATM saga) did not catch up within the wait. */
export interface BankCommandTimedOut {
  readonly kind: 'timedOut';
  readonly message: string;
  /** The position the wait was for, when known. */
  readonly position: GlobalPosition | null;
}

export type BankCommandAccepted<Ids> = { readonly kind: 'accepted'; readonly position: GlobalPosition } & Ids;

export type BankOutcome<Ids> = BankCommandAccepted<Ids> | CommandRejected | CommandInvalid | CommandConflict | BankCommandTimedOut;

export interface AtmOperationIds {
  /** The withdrawal or deposit id; also the correlation id of all its events. */
  readonly operationId: string;
  readonly accountId: string;
  readonly atmId: string;
  /** PENDING under eventual consistency; COMPLETED once the saga ended (strong consistency). */
  readonly status: 'PENDING' | 'COMPLETED';
}

export interface BankService {
  openAccount(input: { readonly owner: string; readonly pin: string }, options?: BankCommandOptions): Promise<BankOutcome<{ readonly accountId: string }>>;
  deposit(input: { readonly accountId: string; readonly amount: number }, options?: BankCommandOptions): Promise<BankOutcome<{ readonly accountId: string }>>;
  closeAccount(input: { readonly accountId: string }, options?: BankCommandOptions): Promise<BankOutcome<{ readonly accountId: string }>>;
  /** `unlockedBy` names the operator, for the audit trail. */
  unlockAccount(input: { readonly accountId: string; readonly unlockedBy: string }, options?: BankCommandOptions): Promise<BankOutcome<{ readonly accountId: string }>>;
  /** A new id is chosen when `atmId` is omitted. */
  registerAtm(input: { readonly atmId?: string; readonly initialCash: number }, options?: BankCommandOptions): Promise<BankOutcome<{ readonly atmId: string }>>;
  refillAtm(input: { readonly atmId: string; readonly amount: number }, options?: BankCommandOptions): Promise<BankOutcome<{ readonly atmId: string }>>;
  /** `atmId` defaults to the bank's default ATM. */
  initiateWithdrawal(input: AtmOperationRequest, options?: BankCommandOptions): Promise<BankOutcome<AtmOperationIds>>;
  initiateDeposit(input: AtmOperationRequest, options?: BankCommandOptions): Promise<BankOutcome<AtmOperationIds>>;
}

export interface BankServiceDependencies {
  readonly dispatcher: Pick<CommandDispatcher, 'dispatch'>;
  readonly atmService: AtmService;
  /** Waits until every read model the API reads includes a position; strong requests wait on it. */
  readonly readModelsGate?: ConsistencyGate;
  /** New account and ATM ids (`randomUUID` by default). */
  readonly idGenerator?: () => string;
}

export function createBankService(deps: BankServiceDependencies): BankService {
  const { dispatcher, atmService, readModelsGate } = deps;
  const newId = deps.idGenerator ?? randomUUID;

  /** Random ids, or ids derived from the idempotency key and the operation's name. */
  function idsFor(operation: string, { idempotencyKey }: BankCommandOptions = {}): { readonly commandId: string | undefined; newId(role: string): string } {
    if (idempotencyKey === undefined) return { commandId: undefined, newId: () => newId() };
    const base = deterministicUuid(IDEMPOTENT_IDS_NAMESPACE, idempotencyKey);
    return { commandId: deterministicUuid(base, `${operation}/commandId`), newId: (role) => deterministicUuid(base, `${operation}/${role}`) };
  }

  async function run<Ids extends object>(command: CommandToDispatch, ids: Ids, options: BankCommandOptions = {}): Promise<BankOutcome<Ids>> {
    const consistency = options.consistency ?? 'strong';
    const { commandId } = idsFor(command.type, options);
    const dispatchOptions: DispatchOptions = commandId === undefined ? { consistency } : { consistency, commandId };
    return timeoutsAsOutcome(async () => {
      const outcome = await dispatcher.dispatch(command, dispatchOptions);
      if (outcome.kind !== 'accepted') return outcome;
      if (consistency === 'strong') await readModelsGate?.waitUntilProcessed(outcome.position);
      return { kind: 'accepted', position: outcome.position, ...ids };
    });
  }

  async function atmOperation(operation: AtmOperationKind, request: AtmOperationRequest, options: BankCommandOptions = {}): Promise<BankOutcome<AtmOperationIds>> {
    const consistency = options.consistency ?? 'strong';
    const operationId = request.operationId ?? (options.idempotencyKey === undefined ? undefined : idsFor(operation, options).newId('operationId'));
    const withId: AtmOperationRequest = operationId === undefined ? request : { ...request, operationId };
    return timeoutsAsOutcome(async () => {
      const outcome = operation === 'withdrawal'
        ? await atmService.initiateWithdrawal(withId, { consistency, onPinAccepted: options.onPinAccepted })
        : await atmService.initiateDeposit(withId, { consistency, onPinAccepted: options.onPinAccepted });
      if (outcome.kind !== 'started') return outcome;
      if (consistency === 'strong') await readModelsGate?.waitUntilProcessed(outcome.position);
      const { operationId, accountId, atmId, status, position } = outcome;
      if (status === 'DECLINED') return { kind: 'rejected', rejection: declineRejection(outcome, request.amount) };
      return { kind: 'accepted', operationId, accountId, atmId, status, position };
    });
  }

  return {
    openAccount: ({ owner, pin }, options) => {
      const accountId = idsFor('Accounts.OpenAccount', options).newId('accountId');
      return run({ type: 'Accounts.OpenAccount', data: { accountId, owner, pin } }, { accountId }, options);
    },
    deposit: ({ accountId, amount }, options) =>
      run({ type: 'Accounts.DepositMoney', data: { accountId, amount } }, { accountId }, options),
    closeAccount: ({ accountId }, options) => run({ type: 'Accounts.CloseAccount', data: { accountId } }, { accountId }, options),
    unlockAccount: ({ accountId, unlockedBy }, options) =>
      run({ type: 'Accounts.UnlockAccount', data: { accountId, unlockedBy } }, { accountId }, options),
    registerAtm: ({ atmId: given, initialCash }, options) => {
      const atmId = given ?? idsFor('Tellers.RegisterAtm', options).newId('atmId');
      return run({ type: 'Tellers.RegisterAtm', data: { atmId, initialCash } }, { atmId }, options);
    },
    refillAtm: ({ atmId, amount }, options) => run({ type: 'Tellers.RefillAtm', data: { atmId, amount } }, { atmId }, options),
    initiateWithdrawal: (input, options) => atmOperation('withdrawal', input, options),
    initiateDeposit: (input, options) => atmOperation('deposit', input, options),
  };
}

async function timeoutsAsOutcome<Ids>(work: () => Promise<BankOutcome<Ids>>): Promise<BankOutcome<Ids>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConsistencyTimeoutError) return { kind: 'timedOut', message: error.message, position: error.position };
    if (error instanceof AtmOperationTimeoutError) return { kind: 'timedOut', message: error.message, position: null };
    throw error;
  }
}

/** The rejection a declined ATM operation stands for; `details.operationId` names the recorded operation. */
export function declineRejection(operation: AtmOperationStarted, amount: number): Rejection {
  const { operationId, accountId, atmId } = operation;
  const reason = operation.declineReason ?? 'UNKNOWN';
  const what = operation.operation === 'withdrawal' ? 'withdrawal' : 'deposit';
  switch (reason) {
    case 'INSUFFICIENT_FUNDS':
      return { code: 'InsufficientFunds', message: `The account does not hold enough money for this ${what}; it was declined.`, details: { accountId, requested: amount, operationId } };
    case 'ATM_OUT_OF_CASH':
      return { code: 'AtmOutOfCash', message: 'The ATM no longer held enough cash for this withdrawal; it was declined. Try a smaller amount or another ATM.', details: { atmId, amount, operationId } };
    case 'ACCOUNT_CLOSED':
      return { code: 'AccountClosed', message: `The account is closed; the ${what} was declined.`, details: { accountId, operationId } };
    case 'ACCOUNT_NOT_FOUND':
      return { code: 'AccountNotFound', message: `There is no account ${accountId}; the ${what} was declined.`, details: { accountId, operationId } };
    case 'BALANCE_OVERFLOW':
      return { code: 'BalanceOverflow', message: `The ${what} would take the balance past the largest amount the bank can hold exactly; it was declined.`, details: { accountId, amount, operationId } };
    default:
      return { code: 'OperationDeclined', message: `The ${what} was declined (${reason}).`, details: { reason, operationId } };
  }
}
