/** `esbank migrate`: brings the database tables up to date and says what it did. */
import type { Config } from '../config.ts';
import { openDatabaseConnection } from '../database/database-connection.ts';
import { migrateToLatestOrThrow } from '../database/database-migrator.ts';

export async function runMigrateCommand(config: Config, out: NodeJS.WritableStream): Promise<number> {
  const where = config.database.kind === 'postgres' ? 'the PostgreSQL server in DATABASE_URL' : `the embedded database in ${config.database.dataDir}`;
  out.write(`Migrating ${where}…\n`);
  const connection = await openDatabaseConnection(config.database);
  try {
    const results = await migrateToLatestOrThrow(connection.db);
    if (results.length === 0) out.write('Nothing to do: the database is up to date.\n');
    for (const result of results) out.write(`  applied ${result.migrationName}\n`);
    return 0;
  } finally {
    await connection.close();
  }
}
