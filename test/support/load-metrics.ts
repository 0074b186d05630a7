/**
 * Latencies and outcomes of a load run, per operation (`deposit STRONG`, `account`, …), and the
 * table and JSON the load and crash suites print: requests per second, p50/p95/p99/max latency, and
 * how many requests ended how (`DepositSuccess`, `ConcurrencyConflictError`, `HTTP 500`, …).
 */

export interface OperationSummary {
  readonly operation: string;
  readonly count: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly outcomes: Readonly<Record<string, number>>;
}

export interface LoadSummary {
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly all: OperationSummary;
  readonly operations: readonly OperationSummary[];
}

export class LoadMetrics {
  readonly #latencies = new Map<string, number[]>();
  readonly #outcomes = new Map<string, Map<string, number>>();
  #requests = 0;

  record(operation: string, outcome: string, latencyMs: number): void {
    this.#requests += 1;
    const latencies = this.#latencies.get(operation) ?? [];
    latencies.push(latencyMs);
    this.#latencies.set(operation, latencies);
    const outcomes = this.#outcomes.get(operation) ?? new Map<string, number>();
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    this.#outcomes.set(operation, outcomes);
  }

  get requests(): number {
    return this.#requests;
  }

  /** The p-th percentile of every latency recorded so far (for progress lines). */
  overallPercentile(p: number): number {
    return percentile([...this.#latencies.values()].flat().sort((a, b) => a - b), p);
  }

  summary(seconds: number): LoadSummary {
    const operations = [...this.#latencies.keys()].sort().map((operation) =>
      summarize(operation, this.#latencies.get(operation) ?? [], this.#outcomes.get(operation) ?? new Map(), seconds),
    );
    const allOutcomes = new Map<string, number>();
    for (const outcomes of this.#outcomes.values()) {
      for (const [outcome, count] of outcomes) allOutcomes.set(outcome, (allOutcomes.get(outcome) ?? 0) + count);
    }
    const all = summarize('all', [...this.#latencies.values()].flat(), allOutcomes, seconds);
    return { seconds: round(seconds, 2), requests: this.#requests, requestsPerSecond: all.perSecond, all, operations };
  }
}

function summarize(operation: string, latencies: readonly number[], outcomes: ReadonlyMap<string, number>, seconds: number): OperationSummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    operation,
    count: sorted.length,
    perSecond: round(sorted.length / Math.max(seconds, 0.001), 1),
    p50Ms: round(percentile(sorted, 50), 1),
    p95Ms: round(percentile(sorted, 95), 1),
    p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted.at(-1) ?? 0, 1),
    outcomes: Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])),
  };
}

/** Nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The summary as a fixed-width table, one row per operation, then the total. */
export function formatLoadTable(summary: LoadSummary): string {
  const header = ['operation', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'outcomes'];
  const row = (s: OperationSummary): string[] => [
    s.operation,
    String(s.count),
    s.perSecond.toFixed(1),
    s.p50Ms.toFixed(1),
    s.p95Ms.toFixed(1),
    s.p99Ms.toFixed(1),
    s.maxMs.toFixed(0),
    Object.entries(s.outcomes).map(([outcome, count]) => `${outcome} ${count}`).join(', '),
  ];
  const rows = [header, ...summary.operations.map(row), row(summary.all)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (i === header.length - 1 ? 0 : (r[i] ?? '').length))));
  const line = (r: string[]): string => r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = '-'.repeat(Math.min(160, widths.reduce((sum, w) => sum + w + 2, 0) + 20));
  return [line(header), rule, ...rows.slice(1, -1).map(line), rule, line(rows.at(-1) ?? [])].join('\n');
}
