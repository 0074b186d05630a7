/**
 * The operations a load client performs, each one GraphQL request over HTTP through the generated
 * documents (client/operations): open an account, deposit at the counter, withdraw and deposit at an
 * ATM with the PIN, refill an ATM, and read accounts (with their ledger), ATMs, ATM operations and the
 * event log. Each records its latency and outcome (load-metrics.ts), what its answer implies about the
 * store (load-expectations.ts), and anything a client should never see (LoadProblems).
 *
 * When the server may die (the crash suite), a request that got no answer waits until the server is
 * up again; a mutation sent with an idempotency key is then sent again with the same key, until it
 * gets an answer, so its effect is known (exactly once). Without keys its effect stays unknown.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AccountDocument,
  AtmDepositDocument,
  AtmDocument,
  type Consistency,
  DepositDocument,
  EventLogDocument,
  InitiateDepositDocument,
  InitiateWithdrawalDocument,
  OpenAccountDocument,
  RefillAtmDocument,
  RegisterAtmDocument,
  WithdrawalDocument,
} from '../../client/generated/graphql.ts';
import { ANY_STREAM } from './bank-invariant-types.ts';
import type { LoadExpectations, StoredVerdict } from './load-expectations.ts';
import type { CallOutcome, GraphQLCaller } from './load-http.ts';
import type { LoadMetrics } from './load-metrics.ts';

export interface LoadAccount {
  readonly id: string;
  readonly pin: string;
}

/** Outcomes a client should never see, and broken promises (strong consistency), kept for the report. */
export class LoadProblems {
  readonly #first: string[] = [];
  #count = 0;
  readonly #startedAt: number;

  constructor(startedAt = Date.now()) {
    this.#startedAt = startedAt;
  }

  report(problem: string): void {
    this.#count += 1;
    if (this.#first.length < 40) this.#first.push(`${((Date.now() - this.#startedAt) / 1000).toFixed(1)} s: ${problem}`);
  }

  get count(): number {
    return this.#count;
  }

  get first(): readonly string[] {
    return this.#first;
  }
}

export interface OperationContext {
  readonly caller: GraphQLCaller;
  readonly metrics: LoadMetrics;
  readonly expectations: LoadExpectations;
  readonly problems: LoadProblems;
  /** Send an idempotency key with every mutation. */
  readonly idempotencyKeys: boolean;
  /** After a mutation got no answer and the server is back, send it again with its key. */
  readonly retryUnanswered: boolean;
  /** The server is killed now and then: requests without an answer are expected, and wait for it. */
  readonly serverMayDie: boolean;
  /** Outcomes accepted besides each operation's own (e.g. ConsistencyTimeoutError while the server restarts). */
  readonly alsoExpected: ReadonlySet<string>;
  /** Resolves once the server answers again. */
  waitUntilUp(): Promise<void>;
  /** Told when a mutation that lost its answer starts being retried with its key (the client may go on meanwhile). */
  readonly onRetrying?: () => void;
}

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  openAccount: ['OpenAccountSuccess'],
  deposit: ['DepositSuccess', 'ConcurrencyConflictError'],
  initiateWithdrawal: ['InitiateWithdrawalSuccess', 'InsufficientFundsError', 'AtmOutOfCashError', 'ConcurrencyConflictError'],
  initiateDeposit: ['InitiateDepositSuccess', 'ConcurrencyConflictError'],
  refillAtm: ['RefillAtmSuccess', 'ConcurrencyConflictError'],
  registerAtm: ['RegisterAtmSuccess'],
  account: ['found', 'null'],
  atm: ['found'],
  withdrawal: ['found', 'null'],
  atmDeposit: ['found', 'null'],
  eventLog: ['found'],
};

const NO_ANSWER = 'no answer';
/** Long enough for a key's lease left by a killed process to expire (30 s) while kills go on. */
const RETRY_DEADLINE_MS = 120_000;

/** `__typename` of the answer's one field (`found` for a query result without one), `null`, or how the request failed. */
export function outcomeLabel(outcome: CallOutcome<unknown>, typename: (data: unknown) => string = typenameOfField): string {
  switch (outcome.kind) {
    case 'data':
      return typename(outcome.data);
    case 'graphql-errors':
      return `GraphQL error ${[...new Set(outcome.codes)].join('+')}`;
    case 'http-error':
      return `HTTP ${outcome.status}`;
    case 'network':
      return NO_ANSWER;
    case 'timeout':
      return 'timeout';
  }
}

/** The typename, with the error's `code` when the typename does not say it (`CommandRejectedError (SomeCode)`). */
function typenameOfField(data: unknown): string {
  const value = Object.values(data as Record<string, unknown>)[0];
  if (value === null || value === undefined) return 'null';
  const { __typename: typename, code } = value as { __typename?: unknown; code?: unknown };
  if (typeof typename !== 'string') return 'found';
  return typeof code === 'string' && `${code}Error` !== typename ? `${typename} (${code})` : typename;
}

/** `IdempotencyKeyReusedError (IdempotencyKeyInUse)` → `IdempotencyKeyReusedError`. */
const typenameOfLabel = (label: string): string => label.split(' (')[0] ?? label;

const isLost = (outcome: CallOutcome<unknown>): boolean =>
  outcome.kind === 'network' || outcome.kind === 'timeout' || (outcome.kind === 'http-error' && outcome.status >= 500);
/** Answers that say "try again": a write conflict, a key whose first request is still running (or whose lease a killed process left), a busy server. */
const isRetryable = (label: string): boolean => /ConcurrencyConflict|IdempotencyKeyInUse|HTTP 429|HTTP 503/.test(label);

/** Sends a request, records it, and (server may die) waits for the server, retrying a keyed mutation. */
async function send<Result, Variables>(
  ctx: OperationContext,
  operation: string,
  label: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  retryable: boolean,
): Promise<CallOutcome<Result>> {
  let { outcome, latencyMs } = await ctx.caller.call(document, variables);
  noteOutcome(ctx, operation, label, outcome, latencyMs);
  if (!isLost(outcome) || !ctx.serverMayDie) return outcome;
  if (!retryable) {
    await ctx.waitUntilUp();
    return outcome;
  }
  ctx.onRetrying?.();
  await ctx.waitUntilUp();
  const deadline = Date.now() + RETRY_DEADLINE_MS;
  while (Date.now() < deadline) {
    ({ outcome, latencyMs } = await ctx.caller.call(document, variables));
    noteOutcome(ctx, operation, `${label} (retry)`, outcome, latencyMs);
    if (isLost(outcome)) await ctx.waitUntilUp();
    else if (isRetryable(outcomeLabel(outcome))) await new Promise((resolve) => setTimeout(resolve, 500));
    else break;
  }
  answeredAfterALoss.add(outcome);
  return outcome;
}

/**
 * Answers to a retry whose first attempt got no answer: a refusal then does not prove that nothing
 * was stored (the lost attempt may have been), so its verdict is `atMostOne`, not `none`.
 */
const answeredAfterALoss = new WeakSet<object>();

function noteOutcome(ctx: OperationContext, operation: string, label: string, outcome: CallOutcome<unknown>, latencyMs: number): void {
  const name = outcomeLabel(outcome);
  ctx.metrics.record(label, name, latencyMs);
  const typename = typenameOfLabel(name);
  const retriedAnswer = label.endsWith('(retry)') && isRetryable(name);
  const expected = EXPECTED[operation]?.includes(typename) || ctx.alsoExpected.has(typename) || (ctx.serverMayDie && isLost(outcome)) || retriedAnswer;
  if (!expected) ctx.problems.report(`${label}: ${name}${detailOf(outcome)}`);
}

function detailOf(outcome: CallOutcome<unknown>): string {
  if (outcome.kind === 'graphql-errors') return `: ${outcome.messages.join(' ').slice(0, 300)}`;
  if (outcome.kind === 'http-error') return `: ${outcome.body.slice(0, 200)}`;
  if (outcome.kind === 'network') return `: ${outcome.message}`;
  if (outcome.kind === 'data') {
    const value = Object.values(outcome.data as Record<string, unknown>)[0] as { message?: unknown } | null;
    return typeof value?.message === 'string' ? `: ${value.message.slice(0, 300)}` : '';
  }
  return '';
}

/** What a mutation's answer implies about the store, when the answer is not a success. */
function verdictOf(outcome: CallOutcome<unknown>, storedDespiteError: boolean): StoredVerdict {
  if (outcome.kind === 'data') return storedDespiteError ? 'one' : answeredAfterALoss.has(outcome) ? 'atMostOne' : 'none';
  if (outcome.kind === 'graphql-errors') return outcome.codes.every((c) => c === 'BAD_USER_INPUT' || c === 'GRAPHQL_VALIDATION_FAILED') ? 'none' : 'atMostOne';
  if (outcome.kind === 'http-error') return outcome.status >= 500 ? 'atMostOne' : 'none';
  return 'atMostOne';
}

/** The mutation input, with an idempotency key when keys are on. */
function keyed<Input extends object>(ctx: OperationContext, input: Input): Input {
  return ctx.idempotencyKeys ? Object.assign({}, input, { idempotencyKey: `load-${crypto.randomUUID()}` }) : input;
}

export async function openAccount(ctx: OperationContext, owner: string, pin: string, consistency: Consistency): Promise<LoadAccount | undefined> {
  const input = keyed(ctx, { owner, pin });
  const outcome = await send(ctx, 'openAccount', `openAccount ${consistency}`, OpenAccountDocument, { input, consistency }, ctx.idempotencyKeys && ctx.retryUnanswered);
  const result = outcome.kind === 'data' ? outcome.data.openAccount : undefined;
  if (result?.__typename === 'OpenAccountSuccess') {
    ctx.expectations.intent('open', ANY_STREAM, owner, 'one');
    ctx.expectations.acknowledge({ operation: 'openAccount', position: Number(result.position), streamId: `account-${result.accountId}`, eventTypes: ['Accounts.AccountOpened'] });
    if (consistency === 'STRONG' && result.account?.id !== result.accountId) ctx.problems.report(`openAccount STRONG: the answer does not show account ${result.accountId}`);
    return { id: result.accountId, pin };
  }
  const stored = result?.__typename === 'ConsistencyTimeoutError';
  ctx.expectations.intent('open', ANY_STREAM, owner, verdictOf(outcome, stored));
  return undefined;
}

export async function counterDeposit(ctx: OperationContext, account: LoadAccount, k: number, consistency: Consistency): Promise<void> {
  const streamId = `account-${account.id}`;
  const amount = ctx.expectations.amountFor(streamId, k);
  const input = keyed(ctx, { accountId: account.id, amount });
  const outcome = await send(ctx, 'deposit', `deposit ${consistency}`, DepositDocument, { input, consistency }, ctx.idempotencyKeys && ctx.retryUnanswered);
  const result = outcome.kind === 'data' ? outcome.data.deposit : undefined;
  if (result?.__typename === 'DepositSuccess') {
    ctx.expectations.intent('deposit', streamId, amount, 'one');
    ctx.expectations.acknowledge({ operation: 'deposit', position: Number(result.position), streamId, eventTypes: ['Accounts.MoneyDeposited'], amount });
    if (consistency === 'STRONG' && !(Number(result.account?.position ?? -1) >= Number(result.position))) {
      ctx.problems.report(`deposit STRONG: the answer shows account ${account.id} at position ${result.account?.position ?? 'null'}, before its own deposit at ${result.position}`);
    }
    return;
  }
  ctx.expectations.intent('deposit', streamId, amount, verdictOf(outcome, result?.__typename === 'ConsistencyTimeoutError'));
}

type AtmKind = 'withdrawal' | 'deposit';

/** Starts an ATM withdrawal or deposit with the PIN; returns the operation id when one was recorded. */
export async function atmOperation(ctx: OperationContext, kind: AtmKind, account: LoadAccount, atmId: string, k: number, consistency: Consistency): Promise<string | undefined> {
  const accountStream = `account-${account.id}`;
  const amount = ctx.expectations.amountFor(accountStream, k);
  const input = keyed(ctx, { accountId: account.id, atmId, pin: account.pin, amount });
  const retry = ctx.idempotencyKeys && ctx.retryUnanswered;
  const intentKind = kind === 'withdrawal' ? 'withdrawal' : 'atmDeposit';
  const answer =
    kind === 'withdrawal'
      ? await send(ctx, 'initiateWithdrawal', `initiateWithdrawal ${consistency}`, InitiateWithdrawalDocument, { input, consistency }, retry).then(fieldOf('initiateWithdrawal'))
      : await send(ctx, 'initiateDeposit', `initiateDeposit ${consistency}`, InitiateDepositDocument, { input, consistency }, retry).then(fieldOf('initiateDeposit'));
  const { outcome, result } = answer;
  const operationId = result && 'withdrawalId' in result ? result.withdrawalId : result && 'depositId' in result ? result.depositId : undefined;
  if (operationId !== undefined && result && 'status' in result) {
    ctx.expectations.intent(intentKind, accountStream, amount, 'one');
    const completed = result.status === 'COMPLETED';
    ctx.expectations.atmOperation({ kind, operationId, end: completed ? 'completed' : 'any' });
    ctx.expectations.acknowledge({
      operation: `initiate ${kind} (${result.status})`,
      position: Number(result.position),
      streamId: completed ? `teller-${atmId}` : accountStream,
      eventTypes: completed ? [kind === 'withdrawal' ? 'Tellers.MoneyWithdrawn' : 'Tellers.MoneyDeposited'] : ['Accounts.AuthorizationConfirmed'],
      correlationId: operationId,
    });
    return operationId;
  }
  const declinedId = result && 'operationId' in result ? result.operationId : null;
  if (declinedId) {
    ctx.expectations.intent(intentKind, accountStream, amount, 'one');
    ctx.expectations.atmOperation({ kind, operationId: declinedId, end: 'declined' });
    return declinedId;
  }
  const stored = result?.__typename === 'ConsistencyTimeoutError' || result?.__typename === 'WrongPinError' || result?.__typename === 'AccountLockedError';
  const unknown = result?.__typename === 'OperationDeclinedError';
  ctx.expectations.intent(intentKind, accountStream, amount, unknown ? 'atMostOne' : verdictOf(outcome, stored));
  return undefined;
}

function fieldOf<Field extends string>(field: Field) {
  return <Result extends Record<Field, unknown>>(outcome: CallOutcome<Result>): { outcome: CallOutcome<Result>; result: Result[Field] | undefined } => ({
    outcome,
    result: outcome.kind === 'data' ? outcome.data[field] : undefined,
  });
}

export async function refillAtm(ctx: OperationContext, atmId: string, consistency: Consistency): Promise<void> {
  const streamId = `teller-${atmId}`;
  const amount = ctx.expectations.amountFor(streamId, 5_000);
  const input = keyed(ctx, { atmId, amount });
  const outcome = await send(ctx, 'refillAtm', `refillAtm ${consistency}`, RefillAtmDocument, { input, consistency }, ctx.idempotencyKeys && ctx.retryUnanswered);
  const result = outcome.kind === 'data' ? outcome.data.refillAtm : undefined;
  if (result?.__typename === 'RefillAtmSuccess') {
    ctx.expectations.intent('refill', streamId, amount, 'one');
    ctx.expectations.acknowledge({ operation: 'refillAtm', position: Number(result.position), streamId, eventTypes: ['Tellers.AtmRefilled'], amount });
    return;
  }
  ctx.expectations.intent('refill', streamId, amount, verdictOf(outcome, result?.__typename === 'ConsistencyTimeoutError'));
}

/** Registers an ATM (set-up: throws unless it succeeds). */
export async function registerAtm(ctx: OperationContext, initialCash: number): Promise<string> {
  const input = keyed(ctx, { initialCash });
  const outcome = await send(ctx, 'registerAtm', 'registerAtm STRONG', RegisterAtmDocument, { input, consistency: 'STRONG' }, false);
  const result = outcome.kind === 'data' ? outcome.data.registerAtm : undefined;
  if (result?.__typename !== 'RegisterAtmSuccess') throw new Error(`Registering an ATM failed: ${JSON.stringify(outcome).slice(0, 500)}`);
  return result.atmId;
}

export async function readAccount(ctx: OperationContext, accountId: string): Promise<void> {
  await send(ctx, 'account', 'account (with ledger)', AccountDocument, { id: accountId, first: 20 }, false);
}

export async function readAtm(ctx: OperationContext, atmId: string): Promise<void> {
  await send(ctx, 'atm', 'atm', AtmDocument, { id: atmId }, false);
}

export async function readAtmOperation(ctx: OperationContext, kind: AtmKind, id: string): Promise<void> {
  if (kind === 'withdrawal') await send(ctx, 'withdrawal', 'withdrawal', WithdrawalDocument, { id }, false);
  else await send(ctx, 'atmDeposit', 'deposit (ATM)', AtmDepositDocument, { id }, false);
}

export async function readEventLog(ctx: OperationContext, accountId: string): Promise<void> {
  await send(ctx, 'eventLog', 'events (one stream)', EventLogDocument, { streamId: `account-${accountId}`, first: 20 }, false);
}
