/**
 * The Markdown of the subscription benchmark: one table with the baseline (1 subscriber) beside the
 * many subscribers, one for the server's memory, and notes that say what each figure is, for a reader
 * who has not seen the benchmark's code.
 */
import os from 'node:os';
import { formatAimValue } from './bench-results.ts';
import { formatRate, markdownTable } from './bench-support.ts';
import type { PhaseResult } from './subscription-phase.ts';

export interface SubscriptionFigures {
  readonly subscribers: number;
  readonly eventsPerSecond: number;
  readonly appendSeconds: number;
  readonly accounts: number;
  /** The longest wait, after the last append, for every subscriber to have every event. */
  readonly drainTimeoutMs: number;
  readonly baseline: PhaseResult;
  readonly loaded: PhaseResult;
  readonly memory: { readonly idleKiB: number; readonly connectedKiB: number; readonly perSubscriberKiB: number };
  readonly serverEnvironment: Readonly<Record<string, string>>;
  /** The server's log lines per level over the whole run (it logs at `warn`). */
  readonly serverLogCounts: Readonly<Record<string, number>>;
  readonly loadAverage: { readonly start: number; readonly end: number };
}

const ms = (value: number): string => (Number.isFinite(value) ? formatAimValue(value, 'ms') : '—');
const percent = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)}%` : '—');
const latency = (r: PhaseResult, figure: 'p50' | 'p99' | 'max'): string => `${r.lowerBound[figure] ? '≥ ' : ''}${ms(r.deliveryMs[figure])}`;
const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

function phaseRows(baseline: PhaseResult, loaded: PhaseResult, cores: number): string[][] {
  const row = (label: string, figure: (result: PhaseResult) => string): string[] => [label, figure(baseline), figure(loaded)];
  return [
    row('deposits appended (rate reached)', (r) => `${formatRate(r.appended)} (${formatRate(r.appendRate)}/s)`),
    row('deliveries received / expected', (r) => `${formatRate(r.delivered)} / ${formatRate(r.expectedDeliveries)}`),
    row('still on the way when the wait ended', (r) => formatRate(r.undelivered)),
    row('lost (a gap, or a stalled subscriber)', (r) => formatRate(r.lost)),
    row('deliveries per second (first append → last arrival)', (r) => formatRate(r.deliveriesPerSecond)),
    row('**delivery latency p50**', (r) => latency(r, 'p50')),
    row('**delivery latency p99**', (r) => latency(r, 'p99')),
    row('delivery latency max', (r) => latency(r, 'max')),
    row('arrived before the acknowledgement (counted as 0 ms)', (r) => formatRate(r.beforeAcknowledgement)),
    row('last arrival after the last acknowledgement', (r) => ms(r.lastArrivalAfterLastAppendMs)),
    row('append latency p50 / p99 (sent → acknowledged)', (r) => `${ms(r.appendMs.p50)} / ${ms(r.appendMs.p99)}`),
    row('CPU of the server process', (r) => percent(r.cpu.serverPercent)),
    row('CPU of PostgreSQL (all its processes)', (r) => percent(r.cpu.postgresPercent)),
    row('server CPU time per delivery', (r) => (Number.isFinite(r.serverCpuPerDeliveryUs) ? `${formatRate(r.serverCpuPerDeliveryUs)} µs` : '—')),
    row('CPU of this process (the subscribers and the appender)', (r) => percent(r.cpu.benchPercent)),
    row(`CPU of the whole machine (all ${cores} cores = ${cores * 100}%)`, (r) => percent(r.cpu.machinePercent)),
  ];
}

export function subscriptionMarkdown(figures: SubscriptionFigures, quick: boolean): string {
  const { baseline, loaded, memory, subscribers, eventsPerSecond, appendSeconds } = figures;
  const cores = os.cpus().length;
  const many = `${formatRate(subscribers)} subscribers`;
  const table = markdownTable(['', '1 subscriber (baseline)', many], phaseRows(baseline, loaded, cores));
  const memoryTable = markdownTable(
    ['server resident memory (VmRSS)', ''],
    [
      ['no subscriber connected', mib(memory.idleKiB)],
      [`${many} connected, idle`, mib(memory.connectedKiB)],
      ['**per subscriber**', `${memory.perSubscriberKiB.toFixed(1)} KiB`],
    ],
  );
  const failures = [baseline, loaded].filter((r) => r.lost > 0 || r.outOfOrder > 0 || r.errors.length > 0);
  const logCounts = Object.entries(figures.serverLogCounts).map(([level, count]) => `${count} ${level}`).join(', ') || 'none';
  const notes = [
    '- **Emmett**: no column. Emmett 0.42 is an event-store library with no server to subscribe to over HTTP; what it offers for following the log, its consumers, is compared in the event store section ([event-store.md](event-store.md)).',
    `- **What runs.** The real server (\`node src/main.ts\`, PostgreSQL, \`LOG_LEVEL=warn\`) in a process of its own; the subscribers and the appender in the benchmark process, on the same machine. Each subscriber is one HTTP connection holding the \`events\` subscription over SSE with the operator's token, selecting every field of a DomainEvent (the client's \`LiveEvents\` document). The server was started with ${Object.entries(figures.serverEnvironment).map(([k, v]) => `\`${k}=${v}\``).join(' and ')}: every subscriber comes from 127.0.0.1, and the defaults (200 requests a second per address, 1 000 requests at once) would refuse most of them while they connect.`,
    `- **The events.** \`Accounts.MoneyDeposited\` events on ${figures.accounts} accounts in turn, decided by the account decider, checked against their schemas and appended through EsBank's PostgreSQL event store in the benchmark process, at a steady ${eventsPerSecond} a second for ${appendSeconds} s (open loop: the n-th append is sent at n / rate whatever the others took). The server learns of them as of any append (NOTIFY on commit, one shared read into its live tail) and sends each, upcast and without secrets, to every subscriber. Its read models and sagas process the same deposits meanwhile, as they would in service.`,
    '- **Delivery latency**: for each pair of a subscriber and an event, when the event reached the subscriber minus when the event store acknowledged its append to the appender, both on the benchmark process\'s clock. p50 is the median pair, p99 the pair that 99 in 100 beat, max the slowest. The aim is on the p99 with every subscriber connected. An event can reach a subscriber before the appender has seen its acknowledgement (both wait in the same busy process); those pairs count as 0 ms, and the table says how many.',
    `- **Deliveries**: every subscriber must receive every event once, in order. An event that never arrives (a later one did, or the subscriber received nothing for 5 s while events were due to it), one repeated or out of order fails the benchmark (exit code 1). After the last append the benchmark waits up to ${Math.round(figures.drainTimeoutMs / 1000)} s for every subscriber to have the last event; events still on the way to a subscriber that is still receiving are a backlog, not a loss: the server fell behind. Their latency is at least the time from their acknowledgement to the end of the wait, and a percentile that falls on one is shown as "≥". Deliveries per second is what the server delivered from the first append to the last arrival: when it is below subscribers × events per second, the server could not keep up and the latencies grow with the length of the run. The last arrival after the last acknowledgement shows the same: a few milliseconds when the subscribers kept up.`,
    '- **Append latency**: how long the store took to acknowledge an append (one commit under EsBank\'s append lock), the start of every delivery; it is not part of the delivery latency.',
    `- **CPU**: from the first append to the end of the wait (the last arrival, or the wait running out), as shares of one core (100% = one core busy): the server from /proc/<pid>/stat, this process from process.cpuUsage(), and the whole machine from /proc/stat (PostgreSQL, and anything else running on it: other benchmarks too). On ${cores} cores, a server near 100% is bound by its one JavaScript thread; a machine near ${cores * 100}% is bound by the cores, and the server then waits for a core as well. The subscribers do not parse the messages (they find the position in the raw text) to keep their share small. Server CPU time per delivery is the server's CPU time over the phase divided by the deliveries: with 1 subscriber it is mostly the work done once per event (the read models and sagas, the live tail's read); with many it is mostly the work done per subscriber and event (running the subscription's selection set, serialising it, one socket write). One core divided by it is about the most deliveries per second the server can make.`,
    `- **Memory per subscriber**: the server's resident memory (VmRSS) with ${many} connected and idle, minus with none connected (after the baseline, so the code paths are warm), divided by ${formatRate(subscribers)}, each read after 2 s without traffic. It includes the connection, the request's GraphQL context, the store subscription and V8 heap the collector has not given back; RSS moves in steps, so take it as an order of magnitude.`,
    `- **Conditions**: one run of each phase (BENCH_RUNS does not apply); load average ${figures.loadAverage.start.toFixed(1)} at the start, ${figures.loadAverage.end.toFixed(1)} at the end; server log lines: ${logCounts}.${quick ? ` Quick mode: ${formatRate(subscribers)} subscribers and ${appendSeconds} s of appends, to check that the benchmark works, not for judging its figures.` : ''}`,
    ...(failures.length > 0
      ? [`- **FAILED**: ${failures.map((r) => `${r.subscribers} subscriber(s): ${formatRate(r.lost)} deliveries lost, ${r.outOfOrder} out of order, ${r.errors.length} stream errors${r.errors[0] ? ` (first: ${r.errors[0].slice(0, 200)})` : ''}`).join('; ')}. The latencies above leave the lost deliveries out.`]
      : []),
  ];
  return `## Live subscriptions over SSE\n\n${table}\n\n${memoryTable}\n\n${notes.join('\n')}\n`;
}
