/**
 * `esbank events tail`: the line format with PIN hashes redacted and the argument checks in process,
 * then the command as a child process against a PostgreSQL test database: it prints appended events
 * live, upcast, filtered by type prefix, until Ctrl-C.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEventLine, parseTailArguments } from '../../src/cli/events-tail-command.ts';
import { accountStreamId } from '../../src/domain/ids.ts';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import { pinHash } from '../support/bank-history-writer.ts';
import { runCli, startCli } from '../support/cli-process.ts';
import { openReadModelHarness, type ReadModelHarness } from '../support/read-model-harness.ts';

const hasPostgres = Boolean(process.env.DATABASE_URL);
if (!hasPostgres) {
  process.stdout.write('test/cli/events-tail-command.test.ts: child-process cases SKIPPED: DATABASE_URL is not set, and the CLI runs against a PostgreSQL test database.\n');
}

describe('events tail output and arguments', () => {
  const event: RecordedEvent = {
    eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    eventType: 'Accounts.AccountOpened',
    schemaVersion: 2,
    streamId: 'account-7c9e6679-7425-40de-944b-e07fc1f90ae7',
    streamVersion: 1,
    position: 42,
    data: { accountId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', owner: 'Ada', pinHash, nested: { pin: '1234', list: [1, 'two'] } },
    metadata: {},
    causationId: null,
    correlationId: null,
    createdAt: new Date('2026-11-26T10:00:00.000Z'),
  };

  it('prints position, time, stream, type and the data with PIN fields redacted', () => {
    const line = formatEventLine(event);
    expect(line.split('  ')).toEqual([
      '42',
      '2026-11-26T10:00:00.000Z',
      'account-7c9e6679-7425-40de-944b-e07fc1f90ae7',
      'Accounts.AccountOpened',
      '{accountId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", owner: "Ada", pinHash: "<redacted>", nested: {pin: "<redacted>", list: [1, "two"]}}',
    ]);
    expect(line).not.toContain(pinHash);
    expect(line).not.toContain('1234');
  });

  it('shortens long data to 200 characters', () => {
    const data = formatEventLine({ ...event, data: { owner: 'x'.repeat(500) } }).split('  ')[4]!;
    expect(data.length).toBe(200);
    expect(data.endsWith('…')).toBe(true);
  });

  it('reads --from and --type, and refuses anything else', () => {
    expect(parseTailArguments([])).toEqual({ from: undefined, typePrefix: undefined });
    expect(parseTailArguments(['--from', '0', '--type', 'Tellers.'])).toEqual({ from: 0, typePrefix: 'Tellers.' });
    for (const bad of [['--from'], ['--from', '-1'], ['--from', '1.5'], ['--type'], ['--follow']]) {
      expect(typeof parseTailArguments(bad)).toBe('string');
    }
  });
});

describe.skipIf(!hasPostgres)('esbank events tail, as a child process on PostgreSQL', () => {
  let h: ReadModelHarness;
  let url: string;

  beforeAll(async () => {
    h = await openReadModelHarness('postgres');
    url = h.database.url!;
  });
  afterAll(async () => {
    await h?.close();
  });

  const positionOf = (line: string): number => Number(line.split('  ')[0]);

  it('prints each appended event on one line, with the PIN hash redacted, until Ctrl-C', async () => {
    const from = await h.eventStore.headPosition();
    const tail = startCli(['events', 'tail', '--from', String(from)], url);
    try {
      const accountId = await h.writer.openAccount('Ada Lovelace');
      await h.writer.deposit(accountId, 1_000);
      const appended = await h.eventStore.readStream(accountStreamId(accountId));
      const last = appended.at(-1)!.position;
      const lines = await tail.waitForLines((seen) => seen.some((line) => positionOf(line) === last));
      expect(lines.map(positionOf)).toEqual(appended.map((e) => e.position));
      const [opened, deposited] = lines.map((line) => line.split('  '));
      expect(opened?.slice(2, 4)).toEqual([accountStreamId(accountId), 'Accounts.AccountOpened']);
      expect(opened?.[1]).toBe(appended[0]!.createdAt.toISOString());
      expect(opened?.[4]).toContain('pinHash: "<redacted>"');
      expect(opened?.[4]).toContain('owner: "Ada Lovelace"');
      expect(lines.join('\n')).not.toContain(pinHash);
      expect(deposited?.slice(3)).toEqual(['Accounts.MoneyDeposited', expect.stringContaining('amount: 1000')]);
    } finally {
      const stopped = await tail.stop('SIGINT');
      expect(stopped.code).toBe(0);
    }
  });

  it('keeps only the types with the given prefix', async () => {
    const from = await h.eventStore.headPosition();
    const tail = startCli(['events', 'tail', '--from', String(from), '--type', 'Tellers.'], url);
    try {
      const accountId = await h.writer.openAccount();
      await h.writer.deposit(accountId, 5_000);
      const atmId = await h.writer.registerAtm(10_000);
      await h.writer.atmWithdrawal(accountId, atmId, 700, 'completed');
      const tellerEvents = (await h.eventStore.readAll({ fromPosition: from, filter: { eventTypePrefixes: ['Tellers.'] } }));
      expect(tellerEvents.map((e) => e.eventType)).toEqual(['Tellers.AtmRegistered', 'Tellers.WithdrawalInitiated', 'Tellers.MoneyWithdrawn']);
      const last = tellerEvents.at(-1)!.position;
      const lines = await tail.waitForLines((seen) => seen.some((line) => positionOf(line) === last));
      expect(lines.map(positionOf)).toEqual(tellerEvents.map((e) => e.position));
      expect(lines.map((line) => line.split('  ')[3])).toEqual(tellerEvents.map((e) => e.eventType));
    } finally {
      expect((await tail.stop('SIGINT')).code).toBe(0);
    }
  });

  it('refuses a position that is not a number', async () => {
    const result = await runCli(['events', 'tail', '--from', 'yesterday'], url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('yesterday');
  });
});
