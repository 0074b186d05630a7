/**
 * Shared pieces of the benchmarks: event payloads of the size, timed runs with warm-up and
 * medians, progress lines, and a Markdown table printer.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../src/event-store/event-store.ts';

/** About 210 bytes of data and 110 bytes of metadata, like the reference measurements. */
export function benchEvent(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    eventType: 'Bench.MoneyDeposited',
    data: {
      accountId: '6f1c2a4e-93d2-4d7b-a0c5-2f7e8b9d1c3a',
      amount: 1234 + n,
      oldBalance: 500_000 + n,
      newBalance: 501_234 + n,
      atmId: '1c915dd1-8bf0-4662-a2ce-60725b0c7de2',
      note: 'benchmark deposit of a fixed size',
    },
    metadata: { commandType: 'Accounts.DepositMoney', requestId: randomUUID(), userAgent: 'bench' },
    causationId: randomUUID(),
    correlationId: randomUUID(),
  };
}

export interface Measurement {
  readonly name: string;
  readonly eventsPerSecond: number;
}

/** Runs `work` for `seconds` with `writers` concurrent loops; each call returns events written. */
export async function measureThroughput(writers: number, seconds: number, work: (writer: number, iteration: number) => Promise<number>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let events = 0;
      for (let i = 0; performance.now() < deadline; i++) events += await work(w, i);
      return events;
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return counts.reduce((a, b) => a + b, 0) / elapsed;
}

/** Times one call of `read`, which returns how many events it read; returns events per second. */
export async function eventsPerSecond(read: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const count = await read();
  return count / ((performance.now() - started) / 1000);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One warm-up run, then `runs` measured runs; returns the median. Prints a progress line per run. */
export async function medianOfRuns(label: string, runs: number, once: () => Promise<number>): Promise<number> {
  progress(`${label}: warm-up`);
  await once();
  const results: number[] = [];
  for (let r = 1; r <= runs; r++) {
    results.push(await once());
    progress(`${label}: run ${r}/${runs} ${Math.round(results.at(-1) ?? 0).toLocaleString('en-US')} events/s`);
  }
  return median(results);
}

export function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

export function formatRate(value: number): string {
  return Math.round(value).toLocaleString('en-US').replaceAll(',', ' ');
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
