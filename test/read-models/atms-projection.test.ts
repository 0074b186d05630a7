/**
 * The ATM projection on real databases: teller events become exact `atms` rows (cash, and the cash
 * reserved while a withdrawal is under way), delivering them again changes nothing, and the queries
 * map and page them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tellerStreamId } from '../../src/domain/ids.ts';
import { createAtmsQueries } from '../../src/read-models/atms/atms-queries.ts';
import { InvalidPageRequestError } from '../../src/read-models/read-model-pagination.ts';
import { openReadModelHarness, type ReadModelHarness } from '../support/read-model-harness.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('atms projection on %s', (kind) => {
  let h: ReadModelHarness;

  beforeAll(async () => {
    h = await openReadModelHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  const atmRow = (atmId: string) => h.db.selectFrom('atms').selectAll().where('id', '=', atmId).executeTakeFirst();

  it('turns an ATM history into an exact row', async () => {
    const accountId = await h.writer.openAccount();
    await h.writer.deposit(accountId, 100_000);
    const atmId = await h.writer.registerAtm(500_000);
    await h.writer.refillAtm(atmId, 250_000);
    await h.writer.atmWithdrawal(accountId, atmId, 2_000, 'completed');
    await h.writer.atmWithdrawal(accountId, atmId, 3_000, 'refunded');
    await h.writer.atmWithdrawal(accountId, atmId, 4_000, 'insufficient-funds');
    await h.writer.atmWithdrawal(accountId, atmId, 5_000, 'out-of-cash');
    await h.writer.atmDeposit(accountId, atmId, 1_500, 'completed');
    await h.writer.atmDeposit(accountId, atmId, 900, 'declined');
    await h.catchUp('atms');

    const stream = await h.eventStore.readStream(tellerStreamId(atmId));
    const lastCashChange = stream.filter((e) => e.eventType === 'Tellers.MoneyDeposited').at(-1)!;
    expect(await atmRow(atmId)).toEqual({
      id: atmId,
      cash: 500_000 + 250_000 - 2_000 - 3_000 + 3_000 + 1_500,
      reserved: 0,
      registered_at: new Date(String(stream[0]!.data.registeredAt)),
      updated_at: lastCashChange.createdAt,
      position: lastCashChange.position,
    });
    expect((await atmRow(atmId))?.cash).toBe(h.writer.atmOf(atmId).cash);
  });

  it('holds the reservation while a withdrawal is under way and releases it when declined', async () => {
    const accountId = await h.writer.openAccount();
    const atmId = await h.writer.registerAtm(10_000);
    await h.writer.atmWithdrawal(accountId, atmId, 4_000, 'insufficient-funds');
    const stream = await h.eventStore.readStream(tellerStreamId(atmId));
    const initiated = stream.findIndex((e) => e.eventType === 'Tellers.WithdrawalInitiated');
    await h.catchUp('atms');
    await h.db.deleteFrom('atms').where('id', '=', atmId).execute();

    await h.deliver('atms', stream.slice(0, initiated + 1));
    expect(await atmRow(atmId)).toMatchObject({ cash: 10_000, reserved: 4_000, position: stream[initiated]!.position });
    await h.deliver('atms', stream.slice(initiated + 1));
    expect(await atmRow(atmId)).toMatchObject({ cash: 10_000, reserved: 0, position: stream.at(-1)!.position });
  });

  it('changes nothing when the same events are delivered again', async () => {
    await h.catchUp('atms');
    const before = await h.snapshot();
    const events = await h.readAllEvents();
    await h.deliver('atms', events);
    for (const event of events.slice(-6)) await h.deliver('atms', [event]);
    expect(await h.snapshot()).toEqual(before);
  });

  it('writes the same rows from one batch, one event at a time, or a batch overlapping what is applied', async () => {
    // A batch is folded before it is written (atm-changes-plan.ts), and releases are relative: an
    // event a row already reflects must not be released twice.
    const accountId = await h.writer.openAccount();
    await h.writer.deposit(accountId, 50_000);
    const atmId = await h.writer.registerAtm(20_000);
    await h.writer.atmWithdrawal(accountId, atmId, 1_000, 'completed');
    await h.writer.atmWithdrawal(accountId, atmId, 2_000, 'refunded');
    await h.writer.atmWithdrawal(accountId, atmId, 60_000, 'insufficient-funds');
    await h.writer.atmDeposit(accountId, atmId, 700, 'completed');
    const events = (await h.readAllEvents()).filter((event) => event.eventType.startsWith('Tellers.'));
    const deliverAfresh = async (...batches: (typeof events)[]) => {
      await h.db.deleteFrom('atms').execute();
      for (const batch of batches) await h.deliver('atms', batch);
      return h.snapshot();
    };
    const oneBatch = await deliverAfresh(events);
    expect(oneBatch.atms.length).toBeGreaterThan(1);
    expect(await deliverAfresh(...events.map((event) => [event]))).toEqual(oneBatch);
    // The second batch starts with a release the row already reflects, and sets no reservation of its own.
    const release = events.findLastIndex((event) => event.eventType === 'Tellers.MoneyWithdrawn' || event.eventType === 'Tellers.WithdrawalDeclined');
    expect(events.slice(release + 1).some((event) => event.eventType === 'Tellers.WithdrawalInitiated')).toBe(false);
    expect(await deliverAfresh(events.slice(0, release + 1), events.slice(release))).toEqual(oneBatch);
  });

  it('finds and pages ATMs through the queries', async () => {
    await h.catchUp('atms');
    const queries = createAtmsQueries(h.db);
    const rows = await h.db.selectFrom('atms').selectAll().orderBy('id').execute();
    const first = rows[0]!;
    expect(await queries.findAtm(first.id.toUpperCase())).toEqual({
      id: first.id,
      cash: first.cash,
      reserved: first.reserved,
      available: first.cash - first.reserved,
      registeredAt: first.registered_at,
      updatedAt: first.updated_at,
    });
    expect(await queries.findAtm('4d3c8e2a-0000-4000-8000-000000000000')).toBeNull();
    expect(await queries.findAtm('not-a-uuid')).toBeNull();

    const seen: string[] = [];
    let page = await queries.listAtms({ first: 2 });
    seen.push(...page.nodes.map((n) => n.id));
    while (page.pageInfo.hasNextPage) {
      page = await queries.listAtms({ first: 2, after: page.pageInfo.endCursor });
      seen.push(...page.nodes.map((n) => n.id));
    }
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(await queries.listAtms({ first: 0 })).toEqual({ nodes: [], pageInfo: { hasNextPage: true, endCursor: null } });
    expect(await queries.countRows()).toEqual({ atms: rows.length });
    await expect(queries.listAtms({ after: 'bogus' })).rejects.toBeInstanceOf(InvalidPageRequestError);
    await expect(queries.listAtms({ first: 101 })).rejects.toBeInstanceOf(InvalidPageRequestError);
  });
});
