/**
 * The whole application on a per-file database (PGlite or PostgreSQL), as `npm start` composes it, with
 * its log captured in memory so tests can search it (for a PIN, say).
 */
import { createApp, type App } from '../../src/app.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

export interface TestApp extends App {
  readonly testDatabase: TestDatabase;
  /** Every log line the app wrote so far. */
  logLines(): readonly string[];
  /** Stops the app and drops its database. */
  close(): Promise<void>;
}

export async function openTestApp(kind: TestDatabaseKind): Promise<TestApp> {
  const testDatabase = await openTestDatabase(kind, { migrate: false });
  const lines: string[] = [];
  const output = { write: (text: string) => lines.push(...text.split('\n').filter(Boolean)) };
  const logger = createJsonLinesLogger({ stdout: output, stderr: output });
  const config = loadConfig({ NODE_ENV: 'test', ...(testDatabase.url ? { DATABASE_URL: testDatabase.url } : {}) });
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
