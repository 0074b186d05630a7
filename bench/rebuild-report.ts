/**
 * The Markdown of the rebuild benchmark: the rates beside their raw ceiling, where a rebuild's time
 * goes (from the diagnostic run of rebuild-phases.ts), and notes for a reader new to the project.
 */
import type { BankLog } from './bank-log.ts';
import type { BenchSettings } from './bench-results.ts';
import { REBUILD_BATCH_SIZE } from '../src/cli/rebuild-command.ts';
import { formatRate, markdownTable } from './bench-support.ts';
import type { ProjectionPhases, StatementTotals } from './rebuild-phases.ts';

export interface RebuildRow {
  readonly target: string;
  readonly events: number;
  /** Log events / seconds of one `esbank rebuild` of all read models (median). */
  readonly rebuild: number;
  /** Raw keyset read of the same log (median). */
  readonly rawKeyset: number;
}

export interface RebuildReportInput {
  readonly rows: readonly RebuildRow[];
  readonly phases: readonly ProjectionPhases[];
  readonly log: BankLog | undefined;
  readonly settings: BenchSettings;
  readonly loadAtStart: number;
}

const statements = (t: StatementTotals): string => `${formatRate(t.count)} · ${(t.milliseconds / 1000).toFixed(1)} s`;

function phasesTable(phases: readonly ProjectionPhases[], logEvents: number): string {
  return markdownTable(
    ['diagnostic rebuild', 'events applied', 'time', 'log events/s', 'projection statements (n · time)', 'checkpoint + transaction statements', 'event reads (overlap the rest)'],
    phases.map((p) => [
      p.projection,
      formatRate(p.eventsApplied),
      `${p.seconds.toFixed(1)} s`,
      formatRate(logEvents / p.seconds),
      statements(p.statements.projection),
      statements({ count: p.statements.checkpoint.count + p.statements.transaction.count, milliseconds: p.statements.checkpoint.milliseconds + p.statements.transaction.milliseconds }),
      statements(p.statements.eventRead),
    ]),
  );
}

/** What bounds the rebuild, in figures of this run. */
function boundNote(phases: readonly ProjectionPhases[], logEvents: number): string {
  const projections = phases.filter((p) => p.eventsApplied > 0);
  const readPath = phases.find((p) => p.eventsApplied === 0);
  const sum = (value: (p: ProjectionPhases) => number): number => projections.reduce((s, p) => s + value(p), 0);
  const applied = sum((p) => p.eventsApplied);
  const own = sum((p) => p.statements.projection.count);
  const ownMs = sum((p) => p.statements.projection.milliseconds);
  const writeSideMs = sum((p) => p.statements.projection.milliseconds + p.statements.checkpoint.milliseconds + p.statements.transaction.milliseconds);
  const wallMs = sum((p) => p.seconds) * 1000;
  const perStatementMs = ownMs / Math.max(own, 1);
  const readPathRate = readPath ? logEvents / readPath.seconds : undefined;
  return [
    `- **What bounds it** (diagnostic run on PostgreSQL, every statement timed): round trips and passes over the log. Each projection folds a batch of up to ${formatRate(REBUILD_BATCH_SIZE)} events ` +
      `in memory and writes it in a few set-based statements: the three applied ${formatRate(applied)} events with ${formatRate(own)} statements of their own (${(own / logEvents).toFixed(3)} per event of the log, ` +
      `${perStatementMs.toFixed(1)} ms each), ${Math.round((100 * ownMs) / wallMs)} % of the rebuild's time, ${Math.round((100 * writeSideMs) / wallMs)} % with checkpoints and transaction control; the rest is reading ` +
      'and Node between statements (upcasting, folding, kysely compiling, pg encoding).' +
      (readPathRate
        ? ` The runner's read path alone (subscription, upcasting, batches; no writes) runs at ${formatRate(readPathRate)} events/s, and each read model reads the whole log again: ` +
          `three passes cap the rebuild at about ${formatRate(readPathRate / 3)} events/s here even if writing cost nothing.`
        : ''),
    '- **What would lift it further**: one pass over the log feeding all three projections (src/cli/rebuild-command.ts rebuilds them one after the other, each from position 0), or at least ' +
      'the three rebuilds run concurrently, so the log is read once and the round trips of one projection overlap the others\' work.',
  ].join('\n');
}

export function rebuildReport({ rows, phases, log, settings, loadAtStart }: RebuildReportInput): string {
  const table = markdownTable(
    ['database', 'log events', 'esbank rebuild, all read models', 'raw keyset read of the log', 'rebuild ÷ raw read'],
    rows.map((r) => [r.target, formatRate(r.events), `${formatRate(r.rebuild)} events/s`, `${formatRate(r.rawKeyset)} events/s`, `${(r.rebuild / r.rawKeyset).toFixed(3)}×`]),
  );
  const mix = log ? [...log.eventsByType].sort((a, b) => b[1] - a[1]).map(([type, n]) => `${type} ${formatRate(n)}`).join(', ') : '';
  const mode = settings.quick ? 'quick mode (one run, small log): checks that the benchmark works, not for judging figures' : `median of ${settings.runs} run${settings.runs === 1 ? '' : 's'} after a warm-up`;
  const notes = [
    `- **What is timed**: \`esbank rebuild\` with no argument, through the CLI's own function (runRebuildCommand): it opens its connection, then rebuilds accounts, atms and atm-operations one after the other, ` +
      'each by replaying the whole log into copies of its tables in a shadow schema, swapped in for the live ones at the end. Rate = events in the log ÷ seconds for the whole command; ' +
      `${mode}. Load average ${loadAtStart.toFixed(1)} at the start (2 shared cores: other work on the machine lowers every figure).`,
    log ? `- **The log**: ${formatRate(log.events)} real domain events (schemas checked) of ${formatRate(log.accounts)} accounts and ${formatRate(log.atms)} ATMs, appended through EsBank's store, one event per append as commands write them: ${mix}.` : '',
    '- **Raw keyset read**: `select * from events where position > $1 order by position limit 1000`, page after page, on one pg connection with a prepared statement, in the same database: ' +
      'the fastest any reader can get the log out of PostgreSQL, so the ceiling of a rebuild. A rebuild of all three read models reads the log three times, so its own ceiling is a third of it.',
    rows.some((r) => r.target === 'PGlite')
      ? '- **PGlite**: a log of the same mix, smaller (BENCH_REBUILD_PGLITE_EVENTS), since its rebuild runs at a similar rate and would take minutes; the command opens the data folder itself, which is in its time.'
      : '',
    '- **Emmett**: no column. Emmett 0.42 has no command that rebuilds read models from the log; its nearest figure, a consumer catching up on the global log while writing nothing, is in the event store section ([event-store.md](event-store.md)).',
    phases.length && log ? boundNote(phases, log.events) : '',
  ].filter(Boolean);
  const diagnostic = phases.length && log ? `\n\nWhere the time goes (one diagnostic rebuild per read model on PostgreSQL, not a median):\n\n${phasesTable(phases, log.events)}` : '';
  return `## Projection rebuild\n\nHow fast \`esbank rebuild\` replays the event log into the PostgreSQL read models.\n\n${table}${diagnostic}\n\n${notes.join('\n')}\n`;
}
