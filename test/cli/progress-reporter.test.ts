/**
 * The progress reporter: a bar redrawn in place on a terminal, plain lines at most once per interval
 * otherwise, and a readable time left.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectionRebuildProgress } from '../../src/application/projection-rebuild.ts';
import { createProgressReporter, formatEta } from '../../src/cli/progress-reporter.ts';

const progress = (position: number, etaSeconds: number | null = 3): ProjectionRebuildProgress => ({
  projection: 'accounts',
  position,
  head: 400,
  eventsPerSecond: 1234.4,
  etaSeconds,
});

function output(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, columns: 200, write: (text: string) => written.push(text) } };
}

describe('progress reporter', () => {
  it('prints a plain line at most once per interval when not on a terminal, then the final line', () => {
    let now = 0;
    const { written, out } = output(false);
    const reporter = createProgressReporter(out, { intervalMs: 1_000, now: () => now });
    reporter.update(progress(100));
    now = 400;
    reporter.update(progress(200));
    now = 1_000;
    reporter.update(progress(300, 75));
    reporter.finish('done');
    expect(written).toEqual([
      'accounts: position 100 of 400 (25%), 1234 events/s, ETA 3s\n',
      'accounts: position 300 of 400 (75%), 1234 events/s, ETA 1m 15s\n',
      'done\n',
    ]);
  });

  it('redraws one bar in place on a terminal and clears it before the final line', () => {
    let now = 0;
    const { written, out } = output(true);
    const reporter = createProgressReporter(out, { intervalMs: 1_000, now: () => now });
    reporter.update(progress(200));
    now = 50;
    reporter.update(progress(300));
    now = 100;
    reporter.update(progress(400, 0));
    reporter.finish('done');
    expect(written).toEqual([
      `\r\x1b[2Kaccounts ${'█'.repeat(12)}${'░'.repeat(12)} 50%  200/400  1234 events/s  ETA 3s`,
      `\r\x1b[2Kaccounts ${'█'.repeat(24)} 100%  400/400  1234 events/s  ETA 0s`,
      '\r\x1b[2Kdone\n',
    ]);
  });

  it('writes the time left in seconds, minutes or hours', () => {
    expect([formatEta(null), formatEta(0), formatEta(59.2), formatEta(61), formatEta(3_725)]).toEqual(['?', '0s', '1m 00s', '1m 01s', '1h 02m']);
  });
});
