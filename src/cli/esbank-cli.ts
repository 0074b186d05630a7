/**
 * `npm run esbank -- <command>`: the operator's commands. Reads the same environment as the server
 * (DATABASE_URL, ESBANK_DATA_DIR, EVENTSTORE_URL, …) and prints plain sentences.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { runMigrateCommand } from './migrate-command.ts';

const USAGE = `Usage: npm run esbank -- <command>

Commands:
  migrate     Create or update the database tables (the server also does this when it starts).
  help        Show this text.

The database is chosen as for the server: DATABASE_URL for a PostgreSQL server, otherwise the
embedded database in ESBANK_DATA_DIR (default ./data).`;

async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate':
      return runMigrateCommand(config, process.stdout);
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 1;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`esbank: ${message}\n`);
  process.exitCode = 1;
}
