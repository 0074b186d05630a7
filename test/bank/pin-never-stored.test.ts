/**
 * A plain PIN never reaches the event store, the read models or the logs. The test runs a workload
 * that uses PINs in every way the API allows (open, correct and wrong PINs, lockout, deposits and
 * withdrawals at the ATM), then searches every stored event, every row of every table outside the
 * event store, and every log line the application wrote.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

/** Distinctive PINs, so a match cannot be a coincidence (a balance, a position). */
const PINS = ['739184265', '602931857', '48151623'];

for (const kind of testDatabaseKinds()) {
  describe(`no plain PIN anywhere (${kind})`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await openTestApp(kind);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('stores and logs PIN hashes only', async () => {
      const [pin, wrongPin, otherPin] = PINS as [string, string, string];
      const opened = await app.bankService.openAccount({ owner: 'Secretive', pin });
      const other = await app.bankService.openAccount({ owner: 'Lockable', pin: otherPin });
      if (opened.kind !== 'accepted' || other.kind !== 'accepted') throw new Error('open failed');
      await app.bankService.deposit({ accountId: opened.accountId, amount: 20_000 });
      await app.atmService.initiateWithdrawal({ accountId: opened.accountId, pin, amount: 5_000 });
      await app.atmService.initiateDeposit({ accountId: opened.accountId, pin, amount: 1_000 });
      await app.atmService.initiateWithdrawal({ accountId: opened.accountId, pin: wrongPin, amount: 5_000 });
      for (let i = 0; i < 4; i++) await app.atmService.initiateWithdrawal({ accountId: other.accountId, pin: wrongPin, amount: 100 });
      await app.waitUntilProcessed(await app.eventStore.headPosition());

      const events = await sql<{ row: string }>`select row_to_json(e)::text as row from events e`.execute(app.database.db);
      expect(events.rows.length).toBeGreaterThan(10);
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'events'`.execute(app.database.db);
      const rows: string[] = [];
      for (const { table_name } of tables.rows) {
        const result = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table_name)} t`.execute(app.database.db);
        rows.push(...result.rows.map((r) => `${table_name}: ${r.row}`));
      }
      const haystacks = { events: events.rows.map((r) => r.row), tables: rows, logs: app.logLines() };
      expect(haystacks.logs.length).toBeGreaterThan(5);
      for (const [where, lines] of Object.entries(haystacks)) {
        for (const secret of PINS) {
          expect(lines.filter((line) => line.includes(secret)), `${secret} in ${where}`).toEqual([]);
        }
        expect(lines.filter((line) => /"pin"\s*:/.test(line)), `a "pin" field in ${where}`).toEqual([]);
      }
      const readModelRows = rows.filter((r) => !r.startsWith('aggregate_snapshots') && !r.startsWith('process_manager'));
      expect(readModelRows.filter((r) => r.includes('scrypt$')), 'a PIN hash in a read model').toEqual([]);
    });
  });
}
