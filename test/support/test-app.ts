/**
 * The whole application on a per-file database (PGlite or PostgreSQL), as `npm start` composes it, with
 * its log captured in memory so tests can search it (for a PIN, say).
 */
import { createApp, type App } from '../../src/app.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { testAuthEnvironment } from './test-auth.ts';
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

export interface TestApp extends App {
  readonly testDatabase: TestDatabase;
  /** Every log line the app wrote so far. */
  logLines(): readonly string[];
  /** Stops the app and drops its database. */
  close(): Promise<void>;
}

/**
 * Test servers run with the test operator token and token secret (test-auth.ts), and with the flood
 * and PIN-attempt limits out of the way; the tests of those limits set their own `environment`.
 */
export const TEST_ENVIRONMENT: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  ...testAuthEnvironment(),
  ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS: '1000000',
  ESBANK_PIN_FAILURES_PER_ADDRESS: '1000000',
};

export async function openTestApp(kind: TestDatabaseKind, environment: Readonly<Record<string, string>> = {}): Promise<TestApp> {
  const testDatabase = await openTestDatabase(kind, { migrate: false });
  const lines: string[] = [];
  const output = { write: (text: string) => lines.push(...text.split('\n').filter(Boolean)) };
  const logger = createJsonLinesLogger({ stdout: output, stderr: output });
  const config = loadConfig({ ...TEST_ENVIRONMENT, ...environment, ...(testDatabase.url ? { DATABASE_URL: testDatabase.url } : {}) });
  const app = await createApp(config, { logger, database: testDatabase });
  return {
    ...app,
    testDatabase,
    logLines: () => lines,
    async close() {
      await app.stop();
      await testDatabase.close();
    },
  };
}
