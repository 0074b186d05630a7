/**
 * Reads the fault tests' knobs from the environment (FAULT_RESTARTS, FAULT_STOP_MODE, …), refusing a
 * bad value with a message that names the variable instead of running with a surprise.
 */
import type { StopMode } from './private-postgres.ts';

/** A whole number of at least 1, or `fallback` when unset. */
export function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, but is "${raw}".`);
  return value;
}

export function stopModeFromEnv(name: string, fallback: StopMode): StopMode {
  const raw = process.env[name] || fallback;
  if (raw !== 'immediate' && raw !== 'fast' && raw !== 'smart') throw new Error(`${name} must be immediate, fast or smart, but is "${raw}".`);
  return raw;
}

/** `name=value,name=value` → settings; values are written to postgresql.conf as they are. */
export function settingsFromEnv(name: string): Record<string, string> {
  const raw = process.env[name] ?? '';
  return Object.fromEntries(
    raw
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
  );
}
