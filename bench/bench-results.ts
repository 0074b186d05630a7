/**
 * What every benchmark section shares: its settings (quick mode, runs, seconds), the machine it ran
 * on, and the way it leaves its results: a Markdown section and a JSON file per section, with the
 * issue's aims checked against the figures of the same run. `npm run bench` (run-benchmarks.ts) runs
 * the sections one after the other and gathers their aims into one summary.
 *
 * A full run writes into bench/results/ (committed, linked from the README). A quick run, the one CI
 * makes to keep the suite working, writes into a temporary folder, so it never replaces the figures of
 * a full run with its rough ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchSettings {
  /** Short sizes and durations, one run: to check that the suite works, not to judge its figures. */
  readonly quick: boolean;
  /** Measured runs after the warm-up; the figures are their medians. */
  readonly runs: number;
  /** Length of one timed run. */
  readonly seconds: number;
}

export function benchSettings(): BenchSettings {
  const quick = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
  return {
    quick,
    runs: Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3)),
    seconds: Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 3)),
  };
}

/** The PostgreSQL server the benchmarks create their own databases on. */
export function benchServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}

/** One of the aims, checked against a figure of this run. */
export interface Aim {
  /** What is aimed at, for a reader: "appends at 8 writers, 1 event per append, PostgreSQL". */
  readonly aim: string;
  /** The figure of this run (a ratio to its baseline, a latency, a rate). */
  readonly measured: number;
  /** The line it must reach. */
  readonly target: number;
  /** `atLeast`: measured ≥ target; `below`: measured < target. */
  readonly direction: 'atLeast' | 'below';
  /** How the figures read: '×' for ratios, 'ms', 'events/s'. */
  readonly unit: string;
}

export function aimMet(aim: Aim): boolean {
  return aim.direction === 'atLeast' ? aim.measured >= aim.target : aim.measured < aim.target;
}

export function formatAimValue(value: number, unit: string): string {
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'ms') return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
  return `${Math.round(value).toLocaleString('en-US').replaceAll(',', ' ')} ${unit}`;
}

export interface SectionResult {
  /** File name and key: `event-store`, `http`, … */
  readonly id: string;
  /** Heading of the section in the summary. */
  readonly title: string;
  /** The section's table and notes, as printed. */
  readonly markdown: string;
  readonly aims: readonly Aim[];
  /** Everything measured, for the JSON file. */
  readonly data: unknown;
}

export function resultsDirectory(settings: BenchSettings): string {
  return process.env.BENCH_RESULTS_DIR ?? (settings.quick ? path.join(os.tmpdir(), 'esbank-bench-quick') : 'bench/results');
}

/** Prints the section and writes `<id>.md` and `<id>.json` into the results folder. */
export function writeSection(settings: BenchSettings, result: SectionResult): void {
  const aimLines = result.aims.map((a) => `- ${aimMet(a) ? 'met' : 'missed'}: ${a.aim}: ${formatAimValue(a.measured, a.unit)} (aim ${a.direction === 'atLeast' ? '≥' : '<'} ${formatAimValue(a.target, a.unit)})`);
  const markdown = aimLines.length ? `${result.markdown.trimEnd()}\n\nAims:\n\n${aimLines.join('\n')}\n` : result.markdown;
  process.stdout.write(`\n${markdown}\n`);
  const directory = resultsDirectory(settings);
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, `${result.id}.md`), markdown);
  const json = { id: result.id, title: result.title, machine: machineDescription(), settings, measuredAt: new Date().toISOString(), aims: result.aims.map((a) => ({ ...a, met: aimMet(a) })), data: result.data };
  writeFileSync(path.join(directory, `${result.id}.json`), `${JSON.stringify(json, null, 2)}\n`);
}

/** Latency percentile (nearest rank) of values in milliseconds. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted([...values].sort((a, b) => a - b), p);
}

/** The same of values already in ascending order (millions of them: sort once as a typed array). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
