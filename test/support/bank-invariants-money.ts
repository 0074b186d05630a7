/**
 * The money invariants of bank-invariants.ts: accounts (balance replayed from the events = read model
 * balance = sum of the ledger, each ledger row = its event) and ATMs (cash = initial + deposits +
 * refills − dispensed + dispense faults, each event's old/new cash chained, read model cash and
 * reservation equal to the replay).
 */
import { sql } from 'kysely';
import { type BankDatabase, CheckCollector, type CheckResult, type StoredEvent } from './bank-invariant-types.ts';

const SIGNS: Readonly<Record<string, 1 | -1>> = {
  'Accounts.MoneyDeposited': 1,
  'Accounts.MoneyWithdrawn': -1,
  'Accounts.WithdrawalRefunded': 1,
};
const LEDGER_KINDS: Readonly<Record<string, string>> = {
  'Accounts.MoneyDeposited': 'DEPOSIT',
  'Accounts.MoneyWithdrawn': 'WITHDRAWAL',
  'Accounts.WithdrawalRefunded': 'REFUND',
};

const amountOf = (event: StoredEvent, field = 'amount'): number => Number(event.data[field]);

function byStream(events: readonly StoredEvent[], prefix: string): Map<string, StoredEvent[]> {
  const streams = new Map<string, StoredEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith(prefix)) continue;
    const list = streams.get(event.streamId) ?? [];
    list.push(event);
    streams.set(event.streamId, list);
  }
  return streams;
}

interface AccountReplay {
  readonly balance: number;
  readonly version: number;
  readonly moneyEvents: readonly StoredEvent[];
}

function replayAccount(stream: readonly StoredEvent[], check: CheckCollector): AccountReplay {
  let balance = 0;
  const moneyEvents: StoredEvent[] = [];
  for (const event of stream) {
    const sign = SIGNS[event.eventType];
    if (sign === undefined) continue;
    moneyEvents.push(event);
    const where = `${event.streamId} at position ${event.position} (${event.eventType})`;
    check.expect(Number(event.data.oldBalance) === balance, () => `${where}: oldBalance ${String(event.data.oldBalance)}, but the replay has ${balance}`);
    balance += sign * amountOf(event);
    check.expect(Number(event.data.newBalance) === balance, () => `${where}: newBalance ${String(event.data.newBalance)}, but the replay has ${balance}`);
    check.expect(balance >= 0, () => `${where}: the balance went negative (${balance})`);
  }
  return { balance, version: stream.at(-1)?.streamVersion ?? 0, moneyEvents };
}

interface LedgerRow {
  readonly event_id: string;
  readonly account_id: string;
  readonly kind: string;
  readonly amount: number | string;
  readonly balance_after: number | string;
}

export async function checkAccounts(db: BankDatabase, events: readonly StoredEvent[]): Promise<CheckResult[]> {
  const replayCheck = new CheckCollector('accounts: events chain old/new balance, never negative');
  const balanceCheck = new CheckCollector('accounts: read-model balance = replayed balance = sum of the ledger');
  const ledgerCheck = new CheckCollector('accounts: one ledger row per money event, with its kind, amount and balance');

  const { rows: accounts } = await sql<{ id: string; balance: number | string; version: number }>`select id, balance, version from accounts`.execute(db);
  const readModel = new Map(accounts.map((a) => [`account-${a.id}`, a]));
  const { rows: ledgerRows } = await sql<LedgerRow>`select event_id, account_id, kind, amount, balance_after from account_transactions`.execute(db);
  const ledger = new Map<string, LedgerRow[]>();
  for (const row of ledgerRows) {
    const list = ledger.get(`account-${row.account_id}`) ?? [];
    list.push(row);
    ledger.set(`account-${row.account_id}`, list);
  }

  const streams = byStream(events, 'account-');
  for (const [streamId, stream] of streams) {
    replayCheck.checked += 1;
    balanceCheck.checked += 1;
    const replay = replayAccount(stream, replayCheck);
    const row = readModel.get(streamId);
    const rows = ledger.get(streamId) ?? [];
    const ledgerSum = rows.reduce((sum, r) => sum + (r.kind === 'WITHDRAWAL' ? -1 : 1) * Number(r.amount), 0);
    if (!row) {
      balanceCheck.fail(`${streamId} has events but no row in the accounts read model`);
    } else {
      balanceCheck.expect(Number(row.balance) === replay.balance, () => `${streamId}: read model balance ${row.balance}, replayed ${replay.balance}`);
      balanceCheck.expect(Number(row.version) === replay.version, () => `${streamId}: read model version ${row.version}, stream version ${replay.version}`);
    }
    balanceCheck.expect(ledgerSum === replay.balance, () => `${streamId}: the ledger sums to ${ledgerSum}, replayed balance ${replay.balance}`);

    const rowsById = new Map(rows.map((r) => [r.event_id, r]));
    for (const event of replay.moneyEvents) {
      ledgerCheck.checked += 1;
      const entry = rowsById.get(event.eventId);
      if (!entry) {
        ledgerCheck.fail(`${streamId}: no ledger row for ${event.eventType} at position ${event.position}`);
        continue;
      }
      rowsById.delete(event.eventId);
      const ok = entry.kind === LEDGER_KINDS[event.eventType] && Number(entry.amount) === amountOf(event) && Number(entry.balance_after) === Number(event.data.newBalance);
      ledgerCheck.expect(ok, () => `${streamId}: ledger row ${JSON.stringify(entry)} does not match ${event.eventType} at position ${event.position}`);
    }
    for (const orphan of rowsById.values()) ledgerCheck.fail(`${streamId}: ledger row ${orphan.event_id} has no money event`);
  }
  for (const streamId of readModel.keys()) {
    if (!streams.has(streamId)) balanceCheck.fail(`${streamId} is in the accounts read model but has no events`);
  }
  return [replayCheck.result(), balanceCheck.result(), ledgerCheck.result()];
}

interface AtmReplay {
  readonly initial: number;
  readonly cash: number;
  readonly reserved: number;
  readonly totals: { deposits: number; refills: number; dispensed: number; faults: number };
}

function replayAtm(stream: readonly StoredEvent[], check: CheckCollector): AtmReplay {
  let initial = 0;
  let cash = 0;
  let reserved = 0;
  const totals = { deposits: 0, refills: 0, dispensed: 0, faults: 0 };
  const reservations = new Map<string, number>();
  const moveCash = (event: StoredEvent, delta: number): void => {
    const where = `${event.streamId} at position ${event.position} (${event.eventType})`;
    check.expect(Number(event.data.oldCash) === cash, () => `${where}: oldCash ${String(event.data.oldCash)}, but the replay has ${cash}`);
    cash += delta;
    check.expect(Number(event.data.newCash) === cash, () => `${where}: newCash ${String(event.data.newCash)}, but the replay has ${cash}`);
    check.expect(cash >= 0, () => `${where}: the cash went negative (${cash})`);
  };
  for (const event of stream) {
    const amount = amountOf(event);
    const withdrawalId = String(event.data.withdrawalId);
    switch (event.eventType) {
      case 'Tellers.AtmRegistered':
        initial = cash = Number(event.data.initialCash);
        break;
      case 'Tellers.AtmRefilled':
        totals.refills += amount;
        moveCash(event, amount);
        break;
      case 'Tellers.WithdrawalInitiated':
        reserved += amount;
        reservations.set(withdrawalId, amount);
        check.expect(Number(event.data.reservedAfter) === reserved, () => `${event.streamId} at ${event.position}: reservedAfter ${String(event.data.reservedAfter)}, replay ${reserved}`);
        break;
      case 'Tellers.WithdrawalDeclined':
        reserved -= reservations.get(withdrawalId) ?? 0;
        reservations.delete(withdrawalId);
        break;
      case 'Tellers.MoneyWithdrawn':
        check.expect(reservations.has(withdrawalId), () => `${event.streamId} at ${event.position}: withdrawal ${withdrawalId} dispensed without a reservation`);
        reserved -= reservations.get(withdrawalId) ?? 0;
        reservations.delete(withdrawalId);
        totals.dispensed += amount;
        moveCash(event, -amount);
        break;
      case 'Tellers.DispenseFaultReported':
        totals.faults += amount;
        moveCash(event, amount);
        break;
      case 'Tellers.MoneyDeposited':
        totals.deposits += amount;
        moveCash(event, amount);
        break;
      default:
        break;
    }
  }
  return { initial, cash, reserved, totals };
}

export async function checkAtms(db: BankDatabase, events: readonly StoredEvent[]): Promise<CheckResult[]> {
  const replayCheck = new CheckCollector('ATMs: events chain old/new cash and reservations, never negative');
  const cashCheck = new CheckCollector('ATMs: cash = initial + deposits + refills − dispensed (+ faults) = read model');
  const { rows } = await sql<{ id: string; cash: number | string; reserved: number | string }>`select id, cash, reserved from atms`.execute(db);
  const readModel = new Map(rows.map((r) => [`teller-${r.id}`, r]));
  for (const [streamId, stream] of byStream(events, 'teller-')) {
    replayCheck.checked += 1;
    cashCheck.checked += 1;
    const { initial, cash, reserved, totals } = replayAtm(stream, replayCheck);
    const formula = initial + totals.deposits + totals.refills - totals.dispensed + totals.faults;
    cashCheck.expect(formula === cash, () => `${streamId}: ${initial} + ${totals.deposits} + ${totals.refills} − ${totals.dispensed} + ${totals.faults} = ${formula}, but the events chain to ${cash}`);
    const row = readModel.get(streamId);
    if (!row) {
      cashCheck.fail(`${streamId} has events but no row in the atms read model`);
      continue;
    }
    cashCheck.expect(Number(row.cash) === cash, () => `${streamId}: read model cash ${row.cash}, replayed ${cash}`);
    cashCheck.expect(Number(row.reserved) === reserved, () => `${streamId}: read model reserved ${row.reserved}, replayed ${reserved}`);
  }
  return [replayCheck.result(), cashCheck.result()];
}
