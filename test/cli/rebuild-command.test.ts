/**
 * `esbank rebuild` as a child process against a PostgreSQL test database: it rebuilds every read
 * model (or the named ones) into rows equal to the live ones, leaves the checkpoints at the head,
 * reports progress and a summary, and refuses unknown names without changing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBankWorkload } from '../support/bank-history-writer.ts';
import { runCli } from '../support/cli-process.ts';
import { openReadModelHarness, type ReadModelHarness, rebuildSchemasLeft } from '../support/read-model-harness.ts';

const hasPostgres = Boolean(process.env.DATABASE_URL);
if (!hasPostgres) {
  process.stdout.write('test/cli/rebuild-command.test.ts SKIPPED: DATABASE_URL is not set, and the CLI runs as a child process against a PostgreSQL test database.\n');
}

describe.skipIf(!hasPostgres)('esbank rebuild, as a child process on PostgreSQL', () => {
  let h: ReadModelHarness;
  let url: string;

  beforeAll(async () => {
    h = await openReadModelHarness('postgres');
    url = h.database.url!;
    await writeBankWorkload(h.writer, 20);
    await h.catchUp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const checkpoints = async () =>
    Object.fromEntries((await h.db.selectFrom('projection_checkpoints').select(['projection_name', 'position']).execute()).map((r) => [r.projection_name, r.position]));

  it('rebuilds every read model into the same rows, with progress lines and a summary', async () => {
    const before = await h.snapshot();
    const head = await h.eventStore.headPosition();

    const result = await runCli(['rebuild'], url);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    for (const name of ['accounts', 'atms', 'atm-operations']) {
      const progress = lines.filter((line) => line.startsWith(`${name}: `));
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toContain(`${head} of ${head}`);
      expect(lines.some((line) => line.includes(`"${name}"`) && line.includes(`position ${head}`))).toBe(true);
    }
    expect(lines.at(-1)).toMatch(/^Rebuilt 3 read model/);
    expect(await h.snapshot()).toEqual(before);
    expect(await checkpoints()).toEqual({ accounts: head, atms: head, 'atm-operations': head });
    expect(await rebuildSchemasLeft(h.db)).toEqual([]);
  });

  it('rebuilds only the read models it is given', async () => {
    const before = await checkpoints();
    const accountId = await h.writer.openAccount();
    const added = await h.writer.deposit(accountId, 4_200);

    const result = await runCli(['rebuild', 'accounts'], url);
    expect(result.code).toBe(0);
    expect(await checkpoints()).toEqual({ ...before, accounts: added.position });
    const row = await h.db.selectFrom('accounts').select(['balance', 'version']).where('id', '=', accountId).executeTakeFirst();
    expect(row).toEqual({ balance: 4_200, version: 2 });
    await h.catchUp();
  });

  it('refuses an unknown read model and changes nothing', async () => {
    const before = await h.snapshot();
    const checkpointsBefore = await checkpoints();
    const result = await runCli(['rebuild', 'accounts', 'balances'], url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('balances');
    expect(result.stdout).toBe('');
    expect(await h.snapshot()).toEqual(before);
    expect(await checkpoints()).toEqual(checkpointsBefore);
  });
});
