/**
 * 200 concurrent 1 000-cent ATM withdrawals against an account holding 100 000: exactly 100 complete,
 * 100 are declined for insufficient funds, the balance ends at 0, and no event is duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

for (const kind of testDatabaseKinds()) {
  describe(`racing withdrawals (${kind})`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await openTestApp(kind);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('lets exactly the covered withdrawals through', { timeout: 180_000 }, async () => {
      const opened = await app.bankService.openAccount({ owner: 'Racer', pin: '8080' });
      if (opened.kind !== 'accepted') throw new Error(JSON.stringify(opened));
      const { accountId } = opened;
      await app.bankService.deposit({ accountId, amount: 100_000 });

      const outcomes = await Promise.all(
        Array.from({ length: 200 }, () =>
          app.atmService.initiateWithdrawal({ accountId, pin: '8080', amount: 1_000 }, { consistency: 'strong', timeoutMs: 150_000 }),
        ),
      );
      const statuses = outcomes.map((o) => (o.kind === 'started' ? o.status : o.kind));
      expect(statuses.filter((s) => s === 'COMPLETED').length).toBe(100);
      expect(statuses.filter((s) => s === 'DECLINED').length).toBe(100);
      expect(outcomes.filter((o) => o.kind === 'started' && o.status === 'DECLINED').every((o) => o.kind === 'started' && o.declineReason === 'INSUFFICIENT_FUNDS')).toBe(true);
      expect((await app.readModels.findAccount(accountId))?.balance).toBe(0);

      const events = await readEverything(app);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      for (const type of ['Accounts.MoneyWithdrawn', 'Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined', 'Tellers.WithdrawalInitiated']) {
        const ids = events.filter((e) => e.eventType === type).map((e) => String(e.data.withdrawalId));
        expect(new Set(ids).size, `${type} once per withdrawal`).toBe(ids.length);
      }
      expect(events.filter((e) => e.eventType === 'Accounts.MoneyWithdrawn').length).toBe(100);
    });
  });
}

async function readEverything(app: TestApp): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let page = await app.eventStore.readAll({ limit: 1000 }); page.length > 0; page = await app.eventStore.readAll({ fromPosition: page.at(-1)?.position, limit: 1000 })) {
    events.push(...page);
  }
  return events;
}
