/**
 * Shows the progress of a long CLI job (a projection rebuild). On a terminal: one bar redrawn in
 * place, with events per second and the time left. Otherwise (a pipe, a log file): a plain line at
 * most once per `intervalMs`, so logs stay short.
 */
import type { ProjectionRebuildProgress } from '../application/projection-rebuild.ts';

export interface ProgressOutput {
  write(text: string): unknown;
  /** True on a terminal (Node sets it on `process.stdout`). */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressReporterOptions {
  /** Plain lines come at most this often (default 1 000 ms); the bar is redrawn at most 10 times as often. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export interface ProgressReporter {
  update(progress: ProjectionRebuildProgress): void;
  /** Ends the bar (or the plain lines) with a final line. */
  finish(line: string): void;
}

const BAR_WIDTH = 24;

export function createProgressReporter(out: ProgressOutput, options: ProgressReporterOptions = {}): ProgressReporter {
  const now = options.now ?? Date.now;
  const tty = out.isTTY === true;
  const intervalMs = tty ? (options.intervalMs ?? 1_000) / 10 : (options.intervalMs ?? 1_000);
  let lastShownAt = Number.NEGATIVE_INFINITY;
  let drawn = false;

  return {
    update(progress) {
      const at = now();
      if (at - lastShownAt < intervalMs) return;
      lastShownAt = at;
      if (tty) {
        const line = formatBar(progress);
        out.write(`\r\x1b[2K${out.columns ? line.slice(0, out.columns - 1) : line}`);
        drawn = true;
      } else {
        out.write(`${formatProgressLine(progress)}\n`);
      }
    },
    finish(line) {
      out.write(`${drawn ? '\r\x1b[2K' : ''}${line}\n`);
      drawn = false;
      lastShownAt = Number.NEGATIVE_INFINITY;
    },
  };
}

function fractionDone({ position, head }: ProjectionRebuildProgress): number {
  return head <= 0 ? 1 : Math.min(position / head, 1);
}

export function formatBar(progress: ProjectionRebuildProgress): string {
  const done = fractionDone(progress);
  const filled = Math.round(done * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  return (
    `${progress.projection} ${bar} ${Math.floor(done * 100)}%  ${progress.position}/${progress.head}  ` +
    `${Math.round(progress.eventsPerSecond)} events/s  ETA ${formatEta(progress.etaSeconds)}`
  );
}

export function formatProgressLine(progress: ProjectionRebuildProgress): string {
  return (
    `${progress.projection}: position ${progress.position} of ${progress.head} (${Math.floor(fractionDone(progress) * 100)}%), ` +
    `${Math.round(progress.eventsPerSecond)} events/s, ETA ${formatEta(progress.etaSeconds)}`
  );
}

/** `42s`, `3m 05s`, `1h 02m`; `?` without an estimate. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const total = Math.ceil(seconds);
  if (total < 60) return `${total}s`;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (total < 3_600) return `${Math.floor(total / 60)}m ${pad(total % 60)}s`;
  return `${Math.floor(total / 3_600)}h ${pad(Math.floor((total % 3_600) / 60))}m`;
}
