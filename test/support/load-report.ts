/**
 * The figures of a load or crash run, as JSON (written to a file by the suites) and as text for the
 * console: throughput and latency per operation, what the subscribers received, what clients were
 * told, the problems they saw, and the invariants.
 */
import type { InvariantReport } from './bank-invariants.ts';
import { formatInvariantReport } from './bank-invariants.ts';
import type { LoadExpectations } from './load-expectations.ts';
import { formatLoadTable, type LoadSummary, percentile, round } from './load-metrics.ts';
import type { LoadProblems } from './load-operations.ts';
import type { Subscriber } from './load-subscribers.ts';

export interface SubscriberSummary {
  readonly name: string;
  readonly transport: string;
  readonly filter: string;
  readonly received: number;
  readonly reconnectAttempts: number;
}

export interface LoadReport {
  readonly leg: string;
  readonly clients: number;
  readonly seed: number;
  readonly load: LoadSummary;
  readonly events: { readonly head: number; readonly perSecond: number };
  readonly subscribers: {
    readonly count: number;
    readonly eventsReceived: number;
    readonly liveLagMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
    readonly each: readonly SubscriberSummary[];
  };
  readonly acknowledgedSuccesses: number;
  readonly unansweredMutations: number;
  readonly problems: { readonly count: number; readonly first: readonly string[] };
  readonly invariants: { readonly ok: boolean; readonly checks: readonly { readonly name: string; readonly checked: number; readonly failures: number }[] };
  /** Anything a suite adds (kills, restarts, server log counts, …). */
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface LoadReportInput {
  readonly leg: string;
  readonly clients: number;
  readonly seed: number;
  readonly load: LoadSummary;
  readonly eventsDuringLoad: number;
  readonly subscribers: readonly Subscriber[];
  readonly expectations: LoadExpectations;
  readonly problems: LoadProblems;
  readonly invariants: InvariantReport;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export function buildLoadReport(input: LoadReportInput): LoadReport {
  const lags = input.subscribers.flatMap((s) => s.record.lagMs).sort((a, b) => a - b);
  return {
    leg: input.leg,
    clients: input.clients,
    seed: input.seed,
    load: input.load,
    events: { head: input.invariants.head, perSecond: round(input.eventsDuringLoad / Math.max(input.load.seconds, 0.001), 1) },
    subscribers: {
      count: input.subscribers.length,
      eventsReceived: input.subscribers.reduce((sum, s) => sum + s.record.positions.length, 0),
      liveLagMs: { p50: round(percentile(lags, 50), 1), p95: round(percentile(lags, 95), 1), p99: round(percentile(lags, 99), 1), max: round(lags.at(-1) ?? 0, 1) },
      each: input.subscribers.map((s) => ({
        name: s.record.name,
        transport: s.record.transport,
        filter: s.record.streamId ?? 'all events',
        received: s.record.positions.length,
        reconnectAttempts: s.reconnectAttempts,
      })),
    },
    acknowledgedSuccesses: input.expectations.acknowledgedCount,
    unansweredMutations: input.expectations.unansweredCount,
    problems: { count: input.problems.count, first: input.problems.first },
    invariants: {
      ok: input.invariants.ok,
      checks: input.invariants.checks.map((c) => ({ name: c.name, checked: c.checked, failures: c.failureCount })),
    },
    extra: input.extra ?? {},
  };
}

export function formatLoadReport(report: LoadReport, invariants: InvariantReport): string {
  const { load, subscribers } = report;
  const lines = [
    `=== ${report.leg}: ${report.clients} clients for ${load.seconds.toFixed(1)} s (seed ${report.seed}) ===`,
    formatLoadTable(load),
    '',
    `Throughput: ${load.requestsPerSecond.toFixed(1)} requests/s; ${report.events.perSecond.toFixed(1)} events/s stored (head ${report.events.head}).`,
    `Subscribers: ${subscribers.count}, ${subscribers.eventsReceived} events received; live delivery lag p50 ${subscribers.liveLagMs.p50} ms, p95 ${subscribers.liveLagMs.p95} ms, p99 ${subscribers.liveLagMs.p99} ms, max ${subscribers.liveLagMs.max} ms.`,
    ...subscribers.each.map((s) => `  ${s.name}: ${s.transport}, ${s.filter}, ${s.received} events, ${s.reconnectAttempts} reconnect attempts`),
    `Acknowledged successes: ${report.acknowledgedSuccesses}; mutations without an answer: ${report.unansweredMutations}.`,
    `Problems seen by clients: ${report.problems.count}`,
    ...report.problems.first.slice(0, 20).map((p) => `  - ${p}`),
    ...Object.entries(report.extra).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`),
    formatInvariantReport(invariants),
  ];
  return lines.join('\n');
}
