/**
 * The figures of the database-restart fault test (test/faults/database-restart.test.ts): what one
 * restart measured, the /ready samples taken throughout, and the printed summary a person reads after
 * the run: how fast the server noticed and recovered, and what clients got in each phase.
 */
import type { AcknowledgedChange, RequestRecord } from './fault-load-clients.ts';
import type { ReadyAnswer } from './fault-server-process.ts';
import type { StoreFigures } from './fault-store-audit.ts';

export interface RestartFigures {
  readonly restart: number;
  /** From the stop command to the first 503 of /ready; undefined when none came in time. */
  readonly notReadyAfterMs: number | undefined;
  readonly notReadyAnswer: string;
  /** Every /ready status polled while the database was down, after the first 503. */
  readonly readyWhileDown: readonly number[];
  readonly exitedWhileDown: boolean;
  /** How long `pg_ctl start` took (crash recovery included). */
  readonly databaseStartMs: number;
  /** From the start command to /ready showing the database answers and no runner failing. */
  readonly servingAgainAfterMs: number | undefined;
  readonly servingAgainAnswer: string;
  /** From the start command to the first 200 of /ready while the load went on; undefined if none came. */
  readonly firstReadyAfterMs: number | undefined;
  readonly samePid: boolean;
}

export interface ReadySample {
  readonly phase: string;
  readonly at: number;
  readonly answer: ReadyAnswer;
}

export interface RestartSummary {
  /** How the faults were made, e.g. "pg_ctl stop -m immediate, down 3000 ms, 10 clients". */
  readonly setup: string;
  readonly restarts: readonly RestartFigures[];
  readonly samples: readonly ReadySample[];
  readonly records: readonly RequestRecord[];
  readonly acknowledged: readonly AcknowledgedChange[];
  readonly store: StoreFigures;
  readonly accounts: number;
  readonly log: readonly string[];
}

/** Prints the figures of a restart run: per restart, /ready by phase, requests by phase and outcome, the store. */
export function printRestartSummary({ setup, restarts, samples, records, acknowledged, store, accounts, log }: RestartSummary): void {
  const phaseKind = (phase: string): string => phase.replace(/ \d+$/, '');
  const table = new Map<string, { count: number; maxMs: number; message?: string }>();
  for (const record of records) {
    const phases = phaseKind(record.sentIn) === phaseKind(record.answeredIn) ? phaseKind(record.sentIn) : `${phaseKind(record.sentIn)}→${phaseKind(record.answeredIn)}`;
    const key = `${phases.padEnd(17)} ${record.operation.padEnd(18)} ${record.consistency.padEnd(8)} ${record.outcome}`;
    const row = table.get(key) ?? { count: 0, maxMs: 0, message: record.message };
    table.set(key, { count: row.count + 1, maxMs: Math.max(row.maxMs, record.ms), message: row.message });
  }
  const count = (kind: AcknowledgedChange['kind']): number => acknowledged.filter((a) => a.kind === kind).length;
  const readiness = [...Map.groupBy(samples, (sample) => phaseKind(sample.phase))].map(
    ([kind, inPhase]) => `${kind}: ${summarize(inPhase.map((sample) => String(sample.answer.status)))}`,
  );
  const lines = [
    `restarts: ${restarts.length} (${setup})`,
    ...restarts.map(
      (r) =>
        `  #${r.restart}: /ready 503 after ${ms(r.notReadyAfterMs)}; database start ${ms(r.databaseStartMs)}; serving again ${ms(r.servingAgainAfterMs)} ` +
          `after the start; first /ready 200 under load after ${ms(r.firstReadyAfterMs)}; /ready while down: ${summarize(r.readyWhileDown.map(String))}`,
    ),
    `/ready sampled every 250 ms, by phase: ${readiness.join('; ')}`,
    `requests: ${records.length}; acknowledged changes: ${acknowledged.length} (${summarize(acknowledged.map((a) => a.kind))})`,
    `store: ${store.events} events, ${accounts} accounts, withdrawals ${store.withdrawalsStarted} started = ${store.withdrawalsCompleted} completed + ${store.withdrawalsDeclined} declined`,
    `stored but not acknowledged (the answer was an error, yet the change was made): ` +
      `${store.accountsOpened - count('opened')} openings, ${store.counterDeposits - count('deposited')} deposits, ${store.withdrawalsStarted - count('withdrawalStarted')} withdrawals`,
    'requests by phase (sent in→answered in), operation, consistency and outcome: count, slowest answer, first message',
    ...[...table.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, row]) => `  ${key}: ${row.count}, max ${ms(row.maxMs)}${row.message ? ` (${row.message.slice(0, 150)})` : ''}`),
    `server log: ${log.length} lines kept, ${log.filter((l) => l.includes('"level":"error"')).length} errors, ${log.filter((l) => l.includes('"level":"warn"')).length} warnings`,
  ];
  console.log(`\n[database faults] summary\n${lines.join('\n')}\n`);
}

export function summarize(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].map(([value, count]) => `${value} × ${count}`).join(', ') || 'none';
}

export function describeRecord(record: RequestRecord): string {
  return `${record.operation} (${record.consistency}) sent in "${record.sentIn}": ${record.outcome} after ${ms(record.ms)} ${record.message ?? ''}`;
}

/** Milliseconds, rounded, or "never". */
export function ms(value: number | undefined): string {
  return value === undefined ? 'never' : `${Math.round(value)} ms`;
}
