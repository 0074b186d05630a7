/**
 * Counts the fuzz cases per database and field (shrinking runs included), by outcome, with the most
 * frequent reasons for a rejection, and prints them as a table at the end of the run: the numbers
 * show at a glance whether a field was really exercised (a field that is always rejected is not being
 * fuzzed past its validation).
 */
import type { Outcome } from './fuzz-oracles.ts';

interface Tally {
  tried: number;
  accepted: number;
  rejected: number;
  timedOut: number;
  readonly reasons: Map<string, number>;
}

export interface FuzzStats {
  record(database: string, target: string, outcome: Outcome): void;
  /** The table for one database. */
  report(database: string): string;
}

export function createFuzzStats(): FuzzStats {
  const tallies = new Map<string, Map<string, Tally>>();
  const tallyOf = (database: string, target: string): Tally => {
    const byTarget = tallies.get(database) ?? new Map<string, Tally>();
    tallies.set(database, byTarget);
    const tally = byTarget.get(target) ?? { tried: 0, accepted: 0, rejected: 0, timedOut: 0, reasons: new Map() };
    byTarget.set(target, tally);
    return tally;
  };
  return {
    record(database, target, outcome) {
      const tally = tallyOf(database, target);
      tally.tried += 1;
      tally[outcome.kind] += 1;
      if (outcome.kind !== 'accepted') tally.reasons.set(outcome.reason, (tally.reasons.get(outcome.reason) ?? 0) + 1);
    },
    report(database) {
      const byTarget = tallies.get(database) ?? new Map<string, Tally>();
      const width = Math.max(20, ...[...byTarget.keys()].map((name) => name.length));
      const header = `${'field'.padEnd(width)}  ${'tried'.padStart(6)} ${'accepted'.padStart(8)} ${'rejected'.padStart(8)} ${'timedOut'.padStart(8)}  top rejections`;
      const total: Tally = { tried: 0, accepted: 0, rejected: 0, timedOut: 0, reasons: new Map() };
      const lines = [...byTarget.entries()].map(([name, tally]) => {
        total.tried += tally.tried;
        total.accepted += tally.accepted;
        total.rejected += tally.rejected;
        total.timedOut += tally.timedOut;
        const top = [...tally.reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([reason, count]) => `${reason} ×${count}`).join(', ');
        return `${name.padEnd(width)}  ${String(tally.tried).padStart(6)} ${String(tally.accepted).padStart(8)} ${String(tally.rejected).padStart(8)} ${String(tally.timedOut).padStart(8)}  ${top}`;
      });
      const sum = `${'all fields'.padEnd(width)}  ${String(total.tried).padStart(6)} ${String(total.accepted).padStart(8)} ${String(total.rejected).padStart(8)} ${String(total.timedOut).padStart(8)}`;
      return [`fuzz cases on ${database}:`, header, ...lines, sum].join('\n');
    },
  };
}
