/**
 * Where the CPU went during a measure: the benchmark process itself (its clients), the EsBank server
 * process, and PostgreSQL (every process named `postgres` on this machine: the benchmarks run their
 * server locally), read from /proc before and after. Divided by the operations of the measure, it
 * says which process bounds a figure on a machine whose cores they share, the profile behind the
 * "what bounds it" notes. On a system without /proc the figures are `null`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  readonly at: number;
  readonly bench: NodeJS.CpuUsage;
  readonly serverTicks: number | null;
  /** Ticks per `postgres` process id. */
  readonly postgresTicks: ReadonlyMap<number, number> | null;
  readonly machine: { readonly busy: number; readonly total: number } | null;
}

export interface CpuUse {
  /** CPU microseconds per operation, by process. */
  readonly benchMicros: number;
  readonly serverMicros: number | null;
  readonly postgresMicros: number | null;
  /** Share of all cores busy over the interval (any process), 0–1. */
  readonly machineBusyShare: number | null;
}

export function cpuSample(serverPid?: number): CpuSample {
  return {
    at: performance.now(),
    bench: process.cpuUsage(),
    serverTicks: serverPid === undefined ? null : processTicks(serverPid),
    postgresTicks: postgresTicks(),
    machine: machineTicks(),
  };
}

/** CPU per operation between two samples. */
export function cpuUse(from: CpuSample, to: CpuSample, operations: number): CpuUse {
  const perOperation = (micros: number): number => micros / Math.max(1, operations);
  const micros = (ticks: number | null): number | null => (ticks === null ? null : perOperation((ticks * 1_000_000) / TICKS_PER_SECOND));
  const server = from.serverTicks === null || to.serverTicks === null ? null : to.serverTicks - from.serverTicks;
  const postgres = from.postgresTicks && to.postgresTicks ? postgresTicksBetween(from.postgresTicks, to.postgresTicks) : null;
  const bench = to.bench.user + to.bench.system - (from.bench.user + from.bench.system);
  const machine = from.machine && to.machine ? (to.machine.busy - from.machine.busy) / Math.max(1, to.machine.total - from.machine.total) : null;
  return { benchMicros: perOperation(bench), serverMicros: micros(server), postgresMicros: micros(postgres), machineBusyShare: machine };
}

/** Shares of one core (100 = one core busy) over an interval; the machine's counts all its cores. */
export interface CpuShares {
  readonly benchPercent: number;
  readonly serverPercent: number;
  readonly postgresPercent: number;
  readonly machinePercent: number;
}

export function cpuShares(from: CpuSample, to: CpuSample): CpuShares {
  const seconds = Math.max(1e-9, (to.at - from.at) / 1000);
  const percentOf = (micros: number | null): number => (micros === null ? Number.NaN : (micros / 1e6 / seconds) * 100);
  const use = cpuUse(from, to, 1);
  return {
    benchPercent: percentOf(use.benchMicros),
    serverPercent: percentOf(use.serverMicros),
    postgresPercent: percentOf(use.postgresMicros),
    machinePercent: use.machineBusyShare === null ? Number.NaN : use.machineBusyShare * os.cpus().length * 100,
  };
}

export function formatCpuUse(use: CpuUse): string {
  const micros = (value: number | null): string => (value === null ? 'n/a' : `${Math.round(value)} µs`);
  const busy = use.machineBusyShare === null ? '' : `; cores ${Math.round(use.machineBusyShare * 100)} % busy`;
  return `server ${micros(use.serverMicros)}, PostgreSQL ${micros(use.postgresMicros)}, clients ${micros(use.benchMicros)}${busy}`;
}

/** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat, counted after the command name). */
function processTicks(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Ticks PostgreSQL spent between two samples: over the processes alive at the end, what each added
 * since the first sample (all of it for a process started since). A connection that ended in between
 * takes its last ticks along, so the figure can be a little low, never below zero.
 */
function postgresTicksBetween(from: ReadonlyMap<number, number>, to: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of to) total += Math.max(0, ticks - (from.get(pid) ?? 0));
  return total;
}

/** Ticks per `postgres` process. */
function postgresTicks(): Map<number, number> | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const ticks = new Map<number, number>();
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const processTicksNow = processTicks(Number(pid));
    if (processTicksNow !== null) ticks.set(Number(pid), processTicksNow);
  }
  return ticks;
}

/** Busy and total ticks of every core (the `cpu` line of /proc/stat; idle and iowait are not busy). */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const values = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
  } catch {
    return null;
  }
}
