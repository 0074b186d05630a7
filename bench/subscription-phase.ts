/**
 * One timed phase of the subscription benchmark: deposits appended at a steady rate while the connected
 * subscribers receive them, then a wait until every subscriber has the last one (or the wait runs out).
 *
 * Delivery latency of one (subscriber, event) pair: when the subscriber's chunk holding the event
 * arrived, minus when the store acknowledged the append to the appender, both on this process's
 * performance.now(). An event can arrive before its acknowledgement does (the server hears the NOTIFY
 * of the commit while the acknowledgement still waits behind socket reads in this busy process): such
 * pairs count as 0 ms and are counted apart.
 *
 * Missing pairs are told apart: a gap (a later position arrived) or a stalled subscriber is a lost
 * event, a failure; the newest events not yet at a subscriber that is still receiving are a backlog
 * (the server fell behind), timed as at least the wait they had.
 *
 * CPU is sampled (process-cpu.ts: this process, the server, PostgreSQL and the whole machine) from the
 * first append to the end of the wait, and printed every second while the deposits are appended.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { percentile, percentileOfSorted } from './bench-results.ts';
import { type CpuSample, cpuSample, cpuShares, type CpuShares, cpuUse } from './process-cpu.ts';
import { formatRate, progress } from './bench-support.ts';
import type { AppendTiming, DepositAppender } from './subscription-appender.ts';
import { type SseSubscriber, waitUntilAllReceived } from './subscription-clients.ts';

export interface PhaseOptions {
  readonly label: string;
  readonly subscribers: readonly SseSubscriber[];
  readonly appender: DepositAppender;
  /** The store's head before the first append of the phase. */
  readonly headBefore: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  /** How long to wait, after the last acknowledgement, for every subscriber to have every event. */
  readonly drainTimeoutMs: number;
  readonly serverPid: number;
}

export interface PhaseResult {
  readonly subscribers: number;
  readonly appended: number;
  /** Appends acknowledged per second, over the appending. */
  readonly appendRate: number;
  /** From sending an append to its acknowledgement. */
  readonly appendMs: { readonly p50: number; readonly p99: number };
  /** Over every (subscriber, event) pair, lost ones excepted; see {@link lowerBound}. */
  readonly deliveryMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** True where the figure falls on a pair still on its way when the wait ended: the latency is at least that. */
  readonly lowerBound: { readonly p50: boolean; readonly p99: boolean; readonly max: boolean };
  readonly expectedDeliveries: number;
  readonly delivered: number;
  /** Pairs that will never arrive: a gap before a later position, or a subscriber that stalled. A failure. */
  readonly lost: number;
  /** Pairs still on their way when the wait ended: the server had fallen behind. */
  readonly undelivered: number;
  /** Deliveries from the first append to the last arrival: what the server kept up with. */
  readonly deliveriesPerSecond: number;
  /** Pairs that arrived before the acknowledgement (counted as 0 ms). */
  readonly beforeAcknowledgement: number;
  /** From the last acknowledgement to the last arrival of any event. */
  readonly lastArrivalAfterLastAppendMs: number;
  readonly outOfOrder: number;
  readonly errors: readonly string[];
  readonly cpu: CpuShares;
  /** The server's CPU time over the phase divided by the deliveries received. */
  readonly serverCpuPerDeliveryUs: number;
}

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { label, subscribers, appender, events, eventsPerSecond } = options;
  for (const subscriber of subscribers) subscriber.record(options.headBefore, events + 1_000);
  const appends: AppendTiming[] = [];
  const startSample = cpuSample(options.serverPid);
  let lastSample = startSample;
  let second = 0;
  const receivedBefore = totalReceived(subscribers);
  const ticker = setInterval(() => {
    const sample = cpuSample(options.serverPid);
    const cpu = cpuShares(lastSample, sample);
    lastSample = sample;
    second += 1;
    const delivered = totalReceived(subscribers) - receivedBefore;
    progress(
      `${label}: second ${second}: ${formatRate(appends.length)} appended, ${formatRate(delivered)} of ${formatRate(appends.length * subscribers.length)} deliveries; ` +
        `CPU (one core = 100%): bench ${cpu.benchPercent.toFixed(0)}%, server ${cpu.serverPercent.toFixed(0)}%, PostgreSQL ${cpu.postgresPercent.toFixed(0)}%, machine ${cpu.machinePercent.toFixed(0)}% of ${os.cpus().length * 100}%`,
    );
  }, 1_000);
  let appendSeconds: number;
  let endSample: CpuSample;
  let waitEndedAt: number;
  try {
    const started = performance.now();
    await appender.appendAtRate(events, eventsPerSecond, (timing) => appends.push(timing));
    appendSeconds = (performance.now() - started) / 1000;
    const lastPosition = Math.max(...appends.map((a) => a.position));
    const complete = await waitUntilAllReceived(subscribers, lastPosition, options.drainTimeoutMs);
    if (!complete) progress(`${label}: not every subscriber had position ${lastPosition} ${options.drainTimeoutMs / 1000} s after the last append`);
    endSample = cpuSample(options.serverPid);
    waitEndedAt = endSample.at;
  } finally {
    clearInterval(ticker);
  }
  const received = deliveries(subscribers, appends, waitEndedAt);
  const serverCpuMicros = cpuUse(startSample, endSample, 1).serverMicros ?? Number.NaN;
  return {
    subscribers: subscribers.length,
    appended: appends.length,
    appendRate: appends.length / appendSeconds,
    appendMs: { p50: percentile(appends.map(appendMs), 50), p99: percentile(appends.map(appendMs), 99) },
    ...received,
    outOfOrder: subscribers.reduce((sum, s) => sum + s.outOfOrder, 0),
    errors: subscribers.flatMap((s) => s.errors),
    cpu: cpuShares(startSample, endSample),
    serverCpuPerDeliveryUs: received.delivered > 0 ? serverCpuMicros / received.delivered : Number.NaN,
  };
}

/** A subscriber that received nothing for this long, with events still due, has stalled: its missing events are lost. */
const STALLED_MS = 5_000;

const appendMs = (a: AppendTiming): number => a.acknowledgedAt - a.sentAt;

function totalReceived(subscribers: readonly SseSubscriber[]): number {
  return subscribers.reduce((sum, s) => sum + s.received, 0);
}

type Deliveries = Pick<
  PhaseResult,
  'deliveryMs' | 'lowerBound' | 'expectedDeliveries' | 'delivered' | 'lost' | 'undelivered' | 'deliveriesPerSecond' | 'beforeAcknowledgement' | 'lastArrivalAfterLastAppendMs'
>;

/**
 * Pairs every append with its arrival at every subscriber. A pair without an arrival is lost when the
 * subscriber already has a later position (a gap) or stalled; otherwise it was still on its way when
 * the wait ended, and its latency is at least the time from its acknowledgement to the end of the wait.
 */
function deliveries(subscribers: readonly SseSubscriber[], appends: readonly AppendTiming[], waitEndedAt: number): Deliveries {
  const latencies = new Float64Array(subscribers.length * appends.length);
  const newest = Math.max(...appends.map((a) => a.position));
  let counted = 0;
  let delivered = 0;
  let lost = 0;
  let beforeAcknowledgement = 0;
  let lastArrival = 0;
  let smallestBound = Number.POSITIVE_INFINITY;
  for (const subscriber of subscribers) {
    const stalled = subscriber.lastPosition < newest && !(waitEndedAt - subscriber.lastArrivalAt < STALLED_MS);
    for (const { position, acknowledgedAt } of appends) {
      const arrivedAt = subscriber.arrivalOf(position);
      if (!Number.isNaN(arrivedAt)) {
        delivered += 1;
        lastArrival = Math.max(lastArrival, arrivedAt);
        if (arrivedAt < acknowledgedAt) beforeAcknowledgement += 1;
        latencies[counted++] = Math.max(0, arrivedAt - acknowledgedAt);
      } else if (position < subscriber.lastPosition || stalled) {
        lost += 1;
      } else {
        const bound = waitEndedAt - acknowledgedAt;
        smallestBound = Math.min(smallestBound, bound);
        latencies[counted++] = bound;
      }
    }
  }
  const sorted = latencies.subarray(0, counted).sort();
  const deliveryMs = { p50: percentileOfSorted(sorted, 50), p99: percentileOfSorted(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
  const firstSent = Math.min(...appends.map((a) => a.sentAt));
  const lastAcknowledged = Math.max(...appends.map((a) => a.acknowledgedAt));
  return {
    deliveryMs,
    lowerBound: { p50: deliveryMs.p50 >= smallestBound, p99: deliveryMs.p99 >= smallestBound, max: deliveryMs.max >= smallestBound },
    expectedDeliveries: latencies.length,
    delivered,
    lost,
    undelivered: counted - delivered,
    deliveriesPerSecond: delivered > 0 ? delivered / ((lastArrival - firstSent) / 1000) : 0,
    beforeAcknowledgement,
    lastArrivalAfterLastAppendMs: delivered > 0 ? lastArrival - lastAcknowledged : Number.NaN,
  };
}

/** The server's resident memory in KiB (VmRSS of /proc/<pid>/status). */
export function residentKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? Number.NaN);
}
