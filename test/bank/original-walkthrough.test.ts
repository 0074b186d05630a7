/**
 * The original bank's walkthrough, end to end through the application: open an account for Peter with
 * PIN 1234, deposit 50 000, withdraw 10 000 at the default ATM with PIN 1234, then try again with PIN
 * 2468, which is refused and moves no money.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

for (const kind of testDatabaseKinds()) {
  describe(`the original walkthrough (${kind})`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await openTestApp(kind);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('opens, deposits, withdraws at the default ATM, and refuses a wrong PIN without moving money', async () => {
      const opened = await app.bankService.openAccount({ owner: 'Peter', pin: '1234' });
      expect(opened.kind).toBe('accepted');
      if (opened.kind !== 'accepted') return;
      const accountId = opened.accountId;

      expect((await app.bankService.deposit({ accountId, amount: 50_000 })).kind).toBe('accepted');
      expect((await app.readModels.findAccount(accountId))?.balance).toBe(50_000);

      const withdrawal = await app.atmService.initiateWithdrawal({ accountId, pin: '1234', amount: 10_000 });
      expect(withdrawal).toMatchObject({ kind: 'started', status: 'COMPLETED', atmId: DEFAULT_ATM_ID });
      expect((await app.readModels.findAccount(accountId))?.balance).toBe(40_000);
      expect((await app.readModels.findAtm(DEFAULT_ATM_ID))?.cash).toBe(99_990_000);
      if (withdrawal.kind === 'started') {
        expect(await app.readModels.findWithdrawal(withdrawal.operationId)).toMatchObject({ status: 'COMPLETED', amount: 10_000 });
      }

      const refused = await app.atmService.initiateWithdrawal({ accountId, pin: '2468', amount: 10_000 });
      expect(refused).toMatchObject({ kind: 'rejected', rejection: { code: 'WrongPin' } });
      await app.waitUntilProcessed(await app.eventStore.headPosition());
      expect((await app.readModels.findAccount(accountId))?.balance).toBe(40_000);
      expect((await app.readModels.findAtm(DEFAULT_ATM_ID))?.cash).toBe(99_990_000);
      const ledger = (await app.readModels.listTransactionsForAccounts([accountId]))[0]?.nodes ?? [];
      expect(ledger.map((t) => [t.kind, t.amount])).toEqual([['WITHDRAWAL', 10_000], ['DEPOSIT', 50_000]]);
    });
  });
}
