/**
 * The committed client/generated/ is what `npm run codegen` makes from client/operations and
 * schema/schema.graphql today: codegen runs again into a temporary folder and every file must match.
 * The generated code also loads under Node's type stripping (no enums, `.ts` imports).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const COMMITTED = join(REPOSITORY, 'client/generated');
const CODEGEN_BIN = join(REPOSITORY, 'node_modules/@graphql-codegen/cli/esm/bin.js');

const run = promisify(execFile);

async function filesIn(folder: string): Promise<Map<string, string>> {
  const names = (await readdir(folder)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(folder, name), 'utf8')] as const)));
}

describe('generated client code', () => {
  it('matches what `npm run codegen` generates now (run it and commit client/generated when this fails)', async () => {
    const output = await mkdtemp(join(tmpdir(), 'esbank-codegen-'));
    try {
      await run(process.execPath, [CODEGEN_BIN, '--config', 'codegen.ts'], { cwd: REPOSITORY, env: { ...process.env, ESBANK_CODEGEN_OUTPUT: `${output}/` } });
      const fresh = await filesIn(output);
      const committed = await filesIn(COMMITTED);
      expect([...committed.keys()]).toEqual([...fresh.keys()]);
      const stale = [...fresh].filter(([name, content]) => committed.get(name) !== content).map(([name]) => name);
      expect(stale, `client/generated is stale (${stale.join(', ')}): run \`npm run codegen\``).toEqual([]);
    } finally {
      await rm(output, { recursive: true, force: true });
    }
  });

  it('loads as plain Node TypeScript, with a typed document per operation', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `import * as g from './client/generated/graphql.ts'; console.log(JSON.stringify(Object.keys(g)))`], { cwd: REPOSITORY });
    const exported = JSON.parse(stdout) as string[];
    for (const name of ['OpenAccountDocument', 'DepositDocument', 'CloseAccountDocument', 'UnlockAccountDocument', 'RegisterAtmDocument', 'RefillAtmDocument', 'InitiateWithdrawalDocument', 'InitiateDepositDocument', 'AccountDocument', 'AccountAsOfDocument', 'EventLogDocument', 'FlowDocument', 'LiveEventsDocument', 'AccountEventsDocument', 'WithdrawalStatusDocument']) {
      expect(exported).toContain(name);
    }
  });
});
