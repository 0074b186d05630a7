/**
 * What must hold in an EsBank database after any load, crash or not, read straight from the tables
 * (kysely `sql`, so it works on PostgreSQL and PGlite alike), never through the server:
 *
 * - the log: every event id once, positions 1…head without a gap, stream versions 1…n per stream;
 * - money (bank-invariants-money.ts): each account's balance, replayed from its events, equals the
 *   read model's balance and the sum of its ledger (`account_transactions`), row for row; each ATM's
 *   cash equals initial + deposits + refills − dispensed (+ dispense faults) from its events, and the
 *   read model's cash and reservation agree;
 * - sagas (bank-invariants-sagas.ts): every ATM withdrawal and deposit (correlation id = operation id)
 *   ended exactly once, completed or declined, with its money moved once or not at all, and the
 *   read models and the saga instance table agree;
 * - what clients were told (bank-invariants-sagas.ts): every acknowledged success is in the store
 *   where its answer said, every mutation took effect once (acknowledged), never (refused before
 *   anything was stored) or at most once (no answer), and nothing took effect that no client asked for;
 * - subscribers: each received, after its start position, exactly the positions of the events its
 *   filter selects, in increasing order, up to the end of the log.
 *
 * `waitUntilSettled` waits for the sagas and read models to finish first: call it before the checks.
 */
import { sql } from 'kysely';
import {
  type BankDatabase,
  type BankExpectations,
  CheckCollector,
  type CheckResult,
  type StoredEvent,
  type SubscriberRecord,
} from './bank-invariant-types.ts';
import { checkAccounts, checkAtms } from './bank-invariants-money.ts';
import { checkAcknowledged, checkIntents, checkSagas } from './bank-invariants-sagas.ts';

export interface InvariantReport {
  readonly ok: boolean;
  readonly head: number;
  readonly checks: readonly CheckResult[];
}

export async function readAllEvents(db: BankDatabase): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (let after = 0; ; ) {
    const { rows } = await sql<{ position: number | string; stream_id: string; stream_version: number; event_id: string; event_type: string; data: Record<string, unknown>; correlation_id: string | null }>`
      select position, stream_id, stream_version, event_id, event_type, data, correlation_id
      from events where position > ${after} order by position limit 5000`.execute(db);
    if (rows.length === 0) return events;
    for (const row of rows) {
      events.push({
        position: Number(row.position),
        streamId: row.stream_id,
        streamVersion: Number(row.stream_version),
        eventId: row.event_id,
        eventType: row.event_type,
        data: row.data,
        correlationId: row.correlation_id,
      });
    }
    after = events.at(-1)?.position ?? after;
  }
}

export async function checkBankInvariants(db: BankDatabase, expectations: BankExpectations): Promise<InvariantReport> {
  const events = await readAllEvents(db);
  const head = events.at(-1)?.position ?? 0;
  const checks: CheckResult[] = [
    checkLog(events),
    ...(await checkAccounts(db, events)),
    ...(await checkAtms(db, events)),
    ...(await checkSagas(db, events, expectations.atmOperations)),
    checkAcknowledged(events, expectations.acknowledged),
    checkIntents(events, expectations.intents),
    checkSubscribers(events, expectations.subscribers),
  ];
  return { ok: checks.every((c) => c.failureCount === 0), head, checks };
}

function checkLog(events: readonly StoredEvent[]): CheckResult {
  const check = new CheckCollector('event log: unique ids, positions 1…head, stream versions 1…n');
  const ids = new Set<string>();
  const versions = new Map<string, number>();
  events.forEach((event, index) => {
    check.checked += 1;
    check.expect(!ids.has(event.eventId), () => `event id ${event.eventId} is stored twice (again at position ${event.position})`);
    ids.add(event.eventId);
    check.expect(event.position === index + 1, () => `position ${event.position} is the ${index + 1}th event: positions have a gap`);
    const expected = (versions.get(event.streamId) ?? 0) + 1;
    check.expect(event.streamVersion === expected, () => `${event.streamId} has version ${event.streamVersion} where ${expected} was due (position ${event.position})`);
    versions.set(event.streamId, event.streamVersion);
  });
  return check.result();
}

function checkSubscribers(events: readonly StoredEvent[], subscribers: readonly SubscriberRecord[]): CheckResult {
  const check = new CheckCollector('subscribers: every event of their filter once, in order, to the end');
  for (const subscriber of subscribers) {
    check.checked += 1;
    const who = `${subscriber.name} (${subscriber.transport}, ${subscriber.streamId ?? 'all events'})`;
    for (const error of subscriber.errors.slice(0, 3)) check.fail(`${who} was refused: ${error}`);
    for (const violation of subscriber.orderViolations.slice(0, 3)) check.fail(`${who} ${violation}`);
    const due = events
      .filter((e) => e.position > subscriber.afterPosition && (subscriber.streamId === null || e.streamId === subscriber.streamId))
      .map((e) => e.position);
    const seen = new Set(subscriber.positions);
    const missing = due.filter((p) => !seen.has(p));
    const dueSet = new Set(due);
    const extra = subscriber.positions.filter((p) => !dueSet.has(p));
    if (missing.length > 0) check.fail(`${who} missed ${missing.length} of ${due.length} events, first at positions ${missing.slice(0, 5).join(', ')}`);
    if (extra.length > 0) check.fail(`${who} received ${extra.length} positions its filter does not select: ${extra.slice(0, 5).join(', ')}`);
  }
  return check.result();
}

export interface SettleOptions {
  readonly timeoutMs: number;
  /**
   * Whether the server's read models and sagas have processed every stored event (`caughtUp` of its
   * `/ready`, or of `app.readiness()` in-process). Checkpoints cannot tell: a runner stores one only
   * when an event concerns it.
   */
  readonly caughtUp: () => Promise<boolean>;
  /** Called every few seconds with what is still going on, in words. */
  readonly onProgress?: (line: string) => void;
}

export interface SettledState {
  readonly head: number;
  readonly openSagas: number;
  readonly runningInstances: number;
}

export async function settledState(db: BankDatabase): Promise<SettledState> {
  const { rows } = await sql<{ head: number | string | null; open_sagas: number | string; running: number | string }>`
    select
      (select max(position) from events) as head,
      (select count(*) from events c
        where c.event_type = 'Accounts.AuthorizationConfirmed' and c.data ? 'purpose'
          and not exists (select 1 from events e where e.correlation_id = c.correlation_id
            and e.event_type in ('Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined', 'Tellers.MoneyDeposited', 'Tellers.DepositDeclined'))) as open_sagas,
      (select count(*) from process_manager_instances) as running`.execute(db);
  const row = rows[0];
  return {
    head: Number(row?.head ?? 0),
    openSagas: Number(row?.open_sagas ?? 0),
    runningInstances: Number(row?.running ?? 0),
  };
}

/**
 * Resolves once every ATM saga has ended, no saga instance is running, the server has caught up, and
 * the head stayed the same over two looks; throws with the last state after `timeoutMs`.
 */
export async function waitUntilSettled(db: BankDatabase, { timeoutMs, caughtUp, onProgress }: SettleOptions): Promise<SettledState> {
  const started = Date.now();
  let lastReport = started;
  let previousHead = -1;
  let state = await settledState(db);
  let ready = false;
  while (Date.now() - started < timeoutMs) {
    ready = await caughtUp().catch(() => false);
    const settled = state.openSagas === 0 && state.runningInstances === 0 && ready;
    if (settled && state.head === previousHead) return state;
    previousHead = settled ? state.head : -1;
    if (Date.now() - lastReport > 3_000) {
      onProgress?.(`settling: head ${state.head}, ${state.openSagas} sagas not ended, ${state.runningInstances} saga instances running, server ${ready ? 'caught up' : 'not caught up'}`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = await settledState(db);
  }
  throw new Error(`The bank did not settle within ${timeoutMs} ms: ${JSON.stringify({ ...state, caughtUp: ready })}`);
}

/** The report as text: one line per check, then its first failures. */
export function formatInvariantReport(report: InvariantReport): string {
  const lines = [`Invariants at head ${report.head}: ${report.ok ? 'all hold' : 'SOME FAIL'}`];
  for (const check of report.checks) {
    lines.push(`  ${check.failureCount === 0 ? 'ok  ' : 'FAIL'} ${check.name} (${check.checked} checked${check.failureCount > 0 ? `, ${check.failureCount} failures` : ''})`);
    for (const failure of check.failures) lines.push(`         - ${failure}`);
  }
  return lines.join('\n');
}
