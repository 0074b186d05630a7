/**
 * What a fault test checks in the database after the faults, read with plain SQL straight from the
 * tables (not through the service under test):
 * - every change the service acknowledged is in the events table, at the position it reported;
 * - every ATM withdrawal that started (a confirmed PIN) ended exactly once, with at most one debit
 *   and one reservation, and a completed one with exactly one debit;
 * - no event id is stored twice, and positions run 1..N without a gap;
 * - each account's balance in the read model equals the sum of its ledger rows, and both equal what
 *   its events add up to.
 * - the server listens for event notifications again (its LISTEN connection came back).
 * Each check returns the problems it found, in words; an empty list is a pass.
 */
import pg from 'pg';
import { accountStreamId } from '../../src/domain/ids.ts';
import type { AcknowledgedChange } from './fault-load-clients.ts';
import { withPgClient } from './test-database.ts';

const WITHDRAWAL_ENDS = ['Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined'];

interface EventRow {
  readonly position: number;
  readonly stream_id: string;
  readonly event_type: string;
  readonly correlation_id: string | null;
  readonly data: Record<string, unknown>;
}

export interface StoreFigures {
  readonly events: number;
  /** Stored changes of the kinds the load makes, to set against what was acknowledged. */
  readonly accountsOpened: number;
  readonly counterDeposits: number;
  readonly withdrawalsStarted: number;
  readonly withdrawalsCompleted: number;
  readonly withdrawalsDeclined: number;
  readonly withdrawalsUnfinished: number;
}

/** Runs `use` with one connection to `url`, closed afterwards. */
export const withConnection = withPgClient;

async function readEvents(client: pg.Client): Promise<EventRow[]> {
  const { rows } = await client.query<EventRow & { position: string }>(
    'select position, stream_id, event_type, correlation_id, data from events order by position',
  );
  return rows.map((row) => ({ ...row, position: Number(row.position) }));
}

/** Withdrawal id → the types of the events of its saga that matter here. */
function withdrawalSagas(events: readonly EventRow[]): Map<string, string[]> {
  const sagas = new Map<string, string[]>();
  for (const event of events) {
    const purpose = event.data.purpose as { kind?: string; operationId?: string } | undefined;
    const id =
      event.event_type === 'Accounts.AuthorizationConfirmed'
        ? purpose?.kind === 'withdrawal'
          ? purpose.operationId
          : undefined
        : event.event_type.startsWith('Tellers.') || event.event_type === 'Accounts.MoneyWithdrawn'
          ? (event.data.withdrawalId as string | undefined)
          : undefined;
    if (id === undefined) continue;
    sagas.set(id, [...(sagas.get(id) ?? []), event.event_type]);
  }
  return sagas;
}

/** Counts the started withdrawals and how many have ended (to wait for the sagas to finish). */
export async function storeFigures(client: pg.Client): Promise<StoreFigures> {
  const events = await readEvents(client);
  const started = [...withdrawalSagas(events).values()].filter((types) => types.includes('Accounts.AuthorizationConfirmed'));
  const completed = started.filter((types) => types.includes('Tellers.MoneyWithdrawn')).length;
  const declined = started.filter((types) => types.includes('Tellers.WithdrawalDeclined')).length;
  return {
    events: events.length,
    accountsOpened: events.filter((e) => e.event_type === 'Accounts.AccountOpened').length,
    counterDeposits: events.filter((e) => e.event_type === 'Accounts.MoneyDeposited' && e.data.depositId === undefined).length,
    withdrawalsStarted: started.length,
    withdrawalsCompleted: completed,
    withdrawalsDeclined: declined,
    withdrawalsUnfinished: started.length - completed - declined,
  };
}

/** Every acknowledged change is stored where the service said. */
export async function findLostAcknowledgements(client: pg.Client, acknowledged: readonly AcknowledgedChange[]): Promise<string[]> {
  const events = await readEvents(client);
  const byPosition = new Map(events.map((event) => [event.position, event]));
  const sagas = withdrawalSagas(events);
  const problems: string[] = [];
  for (const change of acknowledged) {
    const at = byPosition.get(change.position);
    const describe = (): string => `${JSON.stringify(change)} (found at its position: ${at ? `${at.event_type} on ${at.stream_id}` : 'nothing'})`;
    switch (change.kind) {
      case 'opened':
        if (at?.event_type !== 'Accounts.AccountOpened' || at.stream_id !== accountStreamId(change.accountId)) problems.push(`lost account opening ${describe()}`);
        break;
      case 'deposited':
        if (at?.event_type !== 'Accounts.MoneyDeposited' || at.stream_id !== accountStreamId(change.accountId) || at.data.amount !== change.amount) {
          problems.push(`lost deposit ${describe()}`);
        }
        break;
      case 'withdrawalStarted': {
        const types = sagas.get(change.withdrawalId) ?? [];
        if (!types.includes('Accounts.AuthorizationConfirmed')) problems.push(`lost withdrawal ${describe()}`);
        if (at?.correlation_id !== change.withdrawalId) problems.push(`the position of withdrawal ${describe()} holds another operation's event`);
        const ended = change.status === 'COMPLETED' ? 'Tellers.MoneyWithdrawn' : change.status === 'DECLINED' ? 'Tellers.WithdrawalDeclined' : undefined;
        if (ended && !types.includes(ended)) problems.push(`withdrawal ${change.withdrawalId} was answered ${change.status} but its saga holds ${types.join(', ')}`);
        break;
      }
    }
  }
  return problems;
}

/** Every started withdrawal ended exactly once, each step at most once. */
export async function findSagaAnomalies(client: pg.Client): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, types] of withdrawalSagas(await readEvents(client))) {
    const count = (type: string): number => types.filter((t) => t === type).length;
    if (!types.includes('Accounts.AuthorizationConfirmed')) problems.push(`withdrawal ${id} has saga events but no confirmed PIN: ${types.join(', ')}`);
    const ends = WITHDRAWAL_ENDS.reduce((sum, type) => sum + count(type), 0);
    if (ends !== 1) problems.push(`withdrawal ${id} ended ${ends} times: ${types.join(', ')}`);
    for (const type of ['Accounts.AuthorizationConfirmed', 'Tellers.WithdrawalInitiated', 'Accounts.MoneyWithdrawn']) {
      if (count(type) > 1) problems.push(`withdrawal ${id} has ${count(type)} × ${type}`);
    }
    if (count('Tellers.MoneyWithdrawn') === 1 && count('Accounts.MoneyWithdrawn') !== 1) problems.push(`withdrawal ${id} completed without exactly one debit: ${types.join(', ')}`);
  }
  return problems;
}

/** No event id twice; positions 1..N without a gap. */
export async function findLogAnomalies(client: pg.Client): Promise<string[]> {
  const problems: string[] = [];
  const duplicates = await client.query<{ event_id: string; n: string }>('select event_id, count(*) as n from events group by event_id having count(*) > 1');
  for (const row of duplicates.rows) problems.push(`event id ${row.event_id} is stored ${row.n} times`);
  const { rows } = await client.query<{ n: string; head: string | null }>('select count(*) as n, max(position) as head from events');
  const n = Number(rows[0]?.n ?? 0);
  const head = Number(rows[0]?.head ?? 0);
  if (n !== head) problems.push(`positions have gaps: ${n} events up to position ${head}`);
  return problems;
}

/** Read-model balance = sum of the ledger rows = sum of the account's money events. */
export async function findBalanceMismatches(client: pg.Client): Promise<{ accounts: number; problems: string[] }> {
  const { rows } = await client.query<{ id: string; balance: string; ledger: string | null; rows: string; from_events: string | null; money_events: string }>(`
    with ledger as (
      select account_id, sum(case kind when 'WITHDRAWAL' then -amount else amount end) as total, count(*) as n
      from account_transactions group by account_id
    ), moved as (
      select data->>'accountId' as account_id,
             sum(case event_type when 'Accounts.MoneyWithdrawn' then -(data->>'amount')::bigint else (data->>'amount')::bigint end) as total,
             count(*) as n
      from events where event_type in ('Accounts.MoneyDeposited', 'Accounts.MoneyWithdrawn', 'Accounts.WithdrawalRefunded')
      group by data->>'accountId'
    )
    select a.id, a.balance, ledger.total as ledger, coalesce(ledger.n, 0) as rows, moved.total as from_events, coalesce(moved.n, 0) as money_events
    from accounts a left join ledger on ledger.account_id = a.id left join moved on moved.account_id = a.id::text`);
  const problems: string[] = [];
  for (const row of rows) {
    const balance = Number(row.balance);
    const ledger = Number(row.ledger ?? 0);
    const fromEvents = Number(row.from_events ?? 0);
    if (balance !== ledger || balance !== fromEvents || row.rows !== row.money_events) {
      problems.push(`account ${row.id}: balance ${balance}, ledger sum ${ledger} over ${row.rows} rows, events sum ${fromEvents} over ${row.money_events} events`);
    }
  }
  const opened = await client.query<{ n: string }>(`select count(*) as n from events where event_type = 'Accounts.AccountOpened'`);
  if (Number(opened.rows[0]?.n) !== rows.length) problems.push(`${opened.rows[0]?.n} accounts were opened but the read model lists ${rows.length}`);
  return { accounts: rows.length, problems };
}

/** Sessions of the cluster that run LISTEN (the server's notification connection). */
export async function countListeningSessions(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `select count(*) as n from pg_stat_activity where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`,
  );
  return Number(rows[0]?.n ?? 0);
}
