/**
 * The saga and client-facing invariants of bank-invariants.ts.
 *
 * Sagas: an ATM operation is named by its operation id, carried in the PIN authorization's `purpose`
 * and in every later event (`withdrawalId` / `depositId`), and is the correlation id of all of them.
 * Each has exactly one authorization event; a refused PIN ends it there. Otherwise it ends exactly
 * once: a withdrawal with Tellers.MoneyWithdrawn or Tellers.WithdrawalDeclined, a deposit with
 * Tellers.MoneyDeposited or Tellers.DepositDeclined. The account is debited (credited) once when it
 * completed and never when declined, except a debit that came after the decline, which must be
 * refunded. The read models show how it ended, and no saga instance is left running.
 *
 * Clients: each acknowledged success is the event at the position its answer gave; each mutation
 * sent took effect as often as its answer implies (see MutationIntent); no effect lacks a mutation.
 */
import { sql } from 'kysely';
import {
  type AcknowledgedSuccess,
  ANY_STREAM,
  type AtmOperationExpectation,
  type BankDatabase,
  CheckCollector,
  type CheckResult,
  type IntentKind,
  type MutationIntent,
  type StoredEvent,
} from './bank-invariant-types.ts';

type OperationKind = 'withdrawal' | 'deposit';

interface Saga {
  readonly kind: OperationKind;
  readonly events: StoredEvent[];
}

const SAGA_SHAPES: Readonly<Record<OperationKind, { idField: string; completed: string; declined: string; money: string; table: string }>> = {
  withdrawal: { idField: 'withdrawalId', completed: 'Tellers.MoneyWithdrawn', declined: 'Tellers.WithdrawalDeclined', money: 'Accounts.MoneyWithdrawn', table: 'withdrawals' },
  deposit: { idField: 'depositId', completed: 'Tellers.MoneyDeposited', declined: 'Tellers.DepositDeclined', money: 'Accounts.MoneyDeposited', table: 'deposits' },
};

interface Purpose {
  readonly kind: OperationKind;
  readonly operationId: string;
  readonly amount: number;
}

function purposeOf(event: StoredEvent): Purpose | undefined {
  if (event.eventType !== 'Accounts.AuthorizationConfirmed' && event.eventType !== 'Accounts.AuthorizationFailed') return undefined;
  const purpose = event.data.purpose as { kind?: string; operationId?: string; amount?: number } | undefined;
  if (!purpose || (purpose.kind !== 'withdrawal' && purpose.kind !== 'deposit') || typeof purpose.operationId !== 'string') return undefined;
  return { kind: purpose.kind, operationId: purpose.operationId, amount: Number(purpose.amount) };
}

function collectSagas(events: readonly StoredEvent[]): Map<string, Saga> {
  const sagas = new Map<string, Saga>();
  const add = (kind: OperationKind, id: string, event: StoredEvent): void => {
    const saga = sagas.get(id) ?? { kind, events: [] };
    saga.events.push(event);
    sagas.set(id, saga);
  };
  for (const event of events) {
    const purpose = purposeOf(event);
    if (purpose) add(purpose.kind, purpose.operationId, event);
    else if (typeof event.data.withdrawalId === 'string') add('withdrawal', event.data.withdrawalId, event);
    else if (typeof event.data.depositId === 'string') add('deposit', event.data.depositId, event);
  }
  return sagas;
}

type SagaEnd = 'completed' | 'declined' | 'refused at the PIN' | 'not ended';

/** Checks one saga's events; returns how it ended and the read-model statuses that fit. */
function checkSaga(id: string, saga: Saga, check: CheckCollector): { end: SagaEnd; statuses: readonly string[] } {
  const shape = SAGA_SHAPES[saga.kind];
  const count = (type: string): number => saga.events.filter((e) => e.eventType === type).length;
  const what = `${saga.kind} ${id}`;
  const authorizations = saga.events.filter((e) => purposeOf(e) !== undefined);
  check.expect(authorizations.length === 1, () => `${what} has ${authorizations.length} PIN authorization events`);
  const amount = authorizations[0] ? purposeOf(authorizations[0])?.amount : undefined;
  for (const event of saga.events) {
    check.expect(event.correlationId === id, () => `${what}: ${event.eventType} at ${event.position} has correlation id ${event.correlationId}`);
    if (event.data.amount !== undefined && amount !== undefined) {
      check.expect(Number(event.data.amount) === amount, () => `${what}: ${event.eventType} at ${event.position} moves ${String(event.data.amount)}, the PIN step asked for ${amount}`);
    }
  }
  if (authorizations[0]?.eventType === 'Accounts.AuthorizationFailed') {
    check.expect(saga.events.length === 1, () => `${what} went on after its PIN was refused`);
    return { end: 'refused at the PIN', statuses: ['DECLINED'] };
  }
  const completed = count(shape.completed);
  const declined = count(shape.declined);
  const money = saga.events.filter((e) => e.eventType === shape.money).length;
  const refunds = count('Accounts.WithdrawalRefunded');
  const faults = count('Tellers.DispenseFaultReported');
  if (completed + declined === 0) {
    check.fail(`${what} never ended (events: ${saga.events.map((e) => e.eventType).join(', ')})`);
    return { end: 'not ended', statuses: [] };
  }
  check.expect(completed + declined === 1, () => `${what} ended ${completed + declined} times (${completed} completed, ${declined} declined)`);
  if (completed > 0) {
    check.expect(money === 1, () => `${what} completed with ${money} ${shape.money} events`);
    check.expect(refunds === faults, () => `${what} completed with ${refunds} refunds and ${faults} dispense faults`);
    return { end: 'completed', statuses: faults > 0 ? ['REFUNDED'] : ['COMPLETED'] };
  }
  check.expect(money === refunds, () => `${what} was declined with ${money} ${shape.money} and ${refunds} refunds: money moved for a declined operation`);
  return { end: 'declined', statuses: ['DECLINED'] };
}

export async function checkSagas(db: BankDatabase, events: readonly StoredEvent[], expected: readonly AtmOperationExpectation[]): Promise<CheckResult[]> {
  const sagaCheck = new CheckCollector('sagas: each ATM operation ended exactly once, money moved once or not at all');
  const readModelCheck = new CheckCollector('sagas: the withdrawals/deposits read models show how each ended');
  const clientCheck = new CheckCollector('sagas: each ATM operation a client was told about exists and ended as told');
  const sagas = collectSagas(events);
  const ends = new Map<string, SagaEnd>();
  const { rows } = await sql<{ id: string; status: string; kind: string }>`
    select id, status, 'withdrawal' as kind from withdrawals union all select id, status, 'deposit' as kind from deposits`.execute(db);
  const statuses = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.status]));
  for (const [id, saga] of sagas) {
    sagaCheck.checked += 1;
    readModelCheck.checked += 1;
    const { end, statuses: fitting } = checkSaga(id, saga, sagaCheck);
    ends.set(`${saga.kind}:${id}`, end);
    const status = statuses.get(`${saga.kind}:${id}`);
    readModelCheck.expect(status !== undefined && fitting.includes(status), () => `${saga.kind} ${id} ended ${end}, the read model says ${status ?? 'nothing'}`);
  }
  for (const operation of expected) {
    clientCheck.checked += 1;
    const end = ends.get(`${operation.kind}:${operation.operationId}`);
    if (end === undefined) clientCheck.fail(`${operation.kind} ${operation.operationId} was acknowledged but has no events`);
    else if (operation.end !== 'any') clientCheck.expect(end === operation.end, () => `${operation.kind} ${operation.operationId}: the client was told ${operation.end}, it ended ${end}`);
  }
  const { rows: running } = await sql<{ process_manager: string; instance_id: string }>`select process_manager, instance_id from process_manager_instances`.execute(db);
  for (const instance of running) sagaCheck.fail(`saga instance ${instance.process_manager}/${instance.instance_id} is still running`);
  return [sagaCheck.result(), readModelCheck.result(), clientCheck.result()];
}

export function checkAcknowledged(events: readonly StoredEvent[], acknowledged: readonly AcknowledgedSuccess[]): CheckResult {
  const check = new CheckCollector('acknowledged successes: each is in the store where its answer said');
  const byPosition = new Map(events.map((e) => [e.position, e]));
  for (const ack of acknowledged) {
    check.checked += 1;
    const event = byPosition.get(ack.position);
    const what = `${ack.operation} acknowledged at ${(ack.at / 1000).toFixed(1)} s with position ${ack.position}`;
    if (!event) {
      check.fail(`${what}: there is no event at that position`);
      continue;
    }
    const ok =
      event.streamId === ack.streamId &&
      ack.eventTypes.includes(event.eventType) &&
      (ack.correlationId === undefined || event.correlationId === ack.correlationId) &&
      (ack.amount === undefined || Number(event.data.amount) === ack.amount);
    check.expect(ok, () => `${what}: expected ${ack.eventTypes.join('|')} on ${ack.streamId}${ack.amount === undefined ? '' : ` of ${ack.amount}`}, found ${event.eventType} on ${event.streamId} (${JSON.stringify(event.data).slice(0, 200)})`);
  }
  return check.result();
}

/** What each event did that a client asked for, keyed like MutationIntent (kind, stream, match). */
function effectKey(event: StoredEvent): string | undefined {
  const key = (kind: IntentKind, match: unknown, streamId = event.streamId): string => `${kind}|${streamId}|${String(match)}`;
  const purpose = purposeOf(event);
  if (purpose) return key(purpose.kind === 'withdrawal' ? 'withdrawal' : 'atmDeposit', purpose.amount);
  switch (event.eventType) {
    case 'Accounts.AccountOpened':
      return key('open', event.data.owner, ANY_STREAM);
    case 'Accounts.MoneyDeposited':
      return event.data.depositId === undefined ? key('deposit', event.data.amount) : undefined;
    case 'Tellers.AtmRefilled':
      return key('refill', event.data.amount);
    default:
      return undefined;
  }
}

export function checkIntents(events: readonly StoredEvent[], intents: readonly MutationIntent[]): CheckResult {
  const check = new CheckCollector('mutations: each took effect once if acknowledged, never if refused, at most once if unanswered; no effect without a mutation');
  const effects = new Map<string, number[]>();
  for (const event of events) {
    const key = effectKey(event);
    if (key !== undefined) effects.set(key, [...(effects.get(key) ?? []), event.position]);
  }
  const asked = new Map<string, MutationIntent[]>();
  for (const intent of intents) {
    const key = `${intent.kind}|${intent.streamId}|${intent.match}`;
    asked.set(key, [...(asked.get(key) ?? []), intent]);
  }
  for (const [key, list] of asked) {
    check.checked += 1;
    const positions = effects.get(key) ?? [];
    effects.delete(key);
    const min = list.filter((i) => i.expected === 'one').length;
    const max = list.filter((i) => i.expected !== 'none').length;
    check.expect(positions.length >= min && positions.length <= max, () =>
      `${key}: ${positions.length} effects (positions ${positions.slice(0, 5).join(', ') || 'none'}) for ${list.map((i) => i.expected).join(', ')}`);
  }
  for (const [key, positions] of effects) {
    check.fail(`${key}: ${positions.length} effects (positions ${positions.slice(0, 5).join(', ')}) that no client asked for`);
  }
  return check.result();
}
