/**
 * Proves the lint rules of eslint.config.js fire: the layering of DESIGN.md (dependencies point down
 * only, only the composition root picks concrete adapters), no console output from src/, no `any`.
 * Each case lints one line of code as if it lived at the given path; the files need not exist.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../', import.meta.url)) });

async function ruleIdsReported(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}.`);
  return result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

function importing(specifier: string): string {
  return `import * as target from '${specifier}';\nexport const used = target;\n`;
}

const FORBIDDEN: ReadonlyArray<readonly [file: string, specifier: string]> = [
  ['src/domain/account/account-decider.ts', '../../application/command-dispatcher.ts'],
  ['src/domain/account/account-decider.ts', '../../event-store/event-store.ts'],
  ['src/domain/money.ts', '../read-models/database.ts'],
  ['src/domain/money.ts', '../config.ts'],
  ['src/domain/account/account-decider.ts', 'kysely'],
  ['src/domain/ids.ts', 'node:fs'],
  ['src/domain/ids.ts', '@kurrent/kurrentdb-client'],
  ['src/domain/a/b/c/d/e/too-deep.ts', './sibling.ts'],
  ['src/graphql/account-types.ts', 'kysely'],
  ['src/graphql/account-types.ts', 'pg'],
  ['src/graphql/account-types.ts', '@electric-sql/pglite'],
  ['src/graphql/account-types.ts', '@kurrent/kurrentdb-client'],
  ['src/graphql/account-types.ts', '../event-store/postgres/postgres-event-store.ts'],
  ['src/graphql/account-types.ts', '../event-store/eventstoredb/eventstoredb-event-store.ts'],
  ['src/graphql/account-types.ts', '../database/database-connection.ts'],
  ['src/application/command-dispatcher.ts', 'kysely'],
  ['src/application/command-dispatcher.ts', 'pg'],
  ['src/application/command-dispatcher.ts', '../graphql/schema.ts'],
  ['src/application/command-dispatcher.ts', '../event-store/postgres/postgres-event-store.ts'],
  ['src/application/command-dispatcher.ts', '../event-store/eventstoredb/eventstoredb-event-store.ts'],
  ['src/event-store/upcasting.ts', '../application/command-dispatcher.ts'],
  ['src/event-store/upcasting.ts', '../graphql/schema.ts'],
  ['src/event-store/postgres/postgres-event-store.ts', '../../read-models/account-summary/account-summary-table.ts'],
  ['src/event-store/postgres/postgres-event-store.ts', '../eventstoredb/eventstoredb-mapping.ts'],
  ['src/event-store/upcasting.ts', './postgres/postgres-event-store.ts'],
  ['src/read-models/account-summary/account-summary-projection.ts', '../../event-store/postgres/postgres-event-store.ts'],
  ['src/main.ts', './event-store/eventstoredb/eventstoredb-event-store.ts'],
];

const ALLOWED: ReadonlyArray<readonly [file: string, specifier: string]> = [
  ['src/domain/account/account-decider.ts', '../decider.ts'],
  ['src/domain/account/account-decider.ts', './account-events.ts'],
  ['src/domain/account/account-decider.ts', '../money.ts'],
  ['src/domain/ids.ts', 'zod'],
  ['src/domain/ids.ts', 'node:crypto'],
  ['src/graphql/account-types.ts', '../application/command-dispatcher.ts'],
  ['src/graphql/account-types.ts', '../event-store/event-store.ts'],
  ['src/graphql/account-types.ts', '../read-models/account-summary/account-summary-queries.ts'],
  ['src/application/command-dispatcher.ts', '../event-store/event-store.ts'],
  ['src/application/command-dispatcher.ts', '../domain/account/account-decider.ts'],
  ['src/event-store/postgres/postgres-event-store.ts', './postgres-event-store-tables.ts'],
  ['src/event-store/postgres/postgres-event-store.ts', '../event-store.ts'],
  ['src/event-store/postgres/postgres-event-store.ts', 'kysely'],
  ['src/read-models/account-summary/account-summary-queries.ts', 'kysely'],
  ['src/app.ts', './event-store/postgres/postgres-event-store.ts'],
  ['src/app.ts', './event-store/eventstoredb/eventstoredb-event-store.ts'],
  ['src/cli/esbank-cli.ts', '../event-store/postgres/postgres-event-store.ts'],
  ['test/event-store/postgres-event-store.test.ts', '../../src/event-store/postgres/postgres-event-store.ts'],
  ['bench/event-store-bench.ts', '../src/event-store/eventstoredb/eventstoredb-event-store.ts'],
];

describe('layering rules (no-restricted-imports per folder)', () => {
  it.each(FORBIDDEN)('reports %s importing %s', async (file, specifier) => {
    expect(await ruleIdsReported(file, importing(specifier))).toEqual(['no-restricted-imports']);
  });

  it.each(ALLOWED)('allows %s importing %s', async (file, specifier) => {
    expect(await ruleIdsReported(file, importing(specifier))).toEqual([]);
  });

  it('also checks type-only imports and re-exports', async () => {
    const file = 'src/graphql/account-types.ts';
    expect(await ruleIdsReported(file, "import type { Kysely } from 'kysely';\nexport type Db = Kysely<never>;\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await ruleIdsReported(file, "export * from '../database/database-connection.ts';\n")).toEqual(['no-restricted-imports']);
  });
});

describe('console and any', () => {
  const logging = "console.log('hello');\n";

  it('reports console output in src/, but not in src/cli, test or bench', async () => {
    expect(await ruleIdsReported('src/application/command-dispatcher.ts', logging)).toEqual(['no-console']);
    expect(await ruleIdsReported('src/cli/esbank-cli.ts', logging)).toEqual([]);
    expect(await ruleIdsReported('test/support/anything.ts', logging)).toEqual([]);
    expect(await ruleIdsReported('bench/event-store-bench.ts', logging)).toEqual([]);
  });

  it('reports an explicit any everywhere', async () => {
    const code = 'export function f(value: any): void {\n  void value;\n}\n';
    expect(await ruleIdsReported('src/domain/money.ts', code)).toEqual(['@typescript-eslint/no-explicit-any']);
    expect(await ruleIdsReported('test/support/anything.ts', code)).toEqual(['@typescript-eslint/no-explicit-any']);
  });
});
