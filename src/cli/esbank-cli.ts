/**
 * `npm run esbank -- <command>`: the operator's commands. Reads the same environment as the server
 * (DATABASE_URL, ESBANK_DATA_DIR, EVENTSTORE_URL, …) and prints plain sentences.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { READ_MODEL_NAMES } from '../read-models/read-model-projections.ts';
import { EVENTS_TAIL_USAGE, runEventsTailCommand } from './events-tail-command.ts';
import { runMigrateCommand } from './migrate-command.ts';
import { runRebuildCommand } from './rebuild-command.ts';

const USAGE = `Usage: npm run esbank -- <command>

Commands:
  migrate     Create or update the database tables (the server also does this when it starts).
  rebuild [read model…]
              Rebuild read models from the whole event log, all when none is named
              (${READ_MODEL_NAMES.join(', ')}). Each is built beside the live one and swapped in at
              the end, so readers never see a half-built table; the server may keep running.
  ${EVENTS_TAIL_USAGE}
              Print the events as they are appended, one line per event, until Ctrl-C.
              --from 0 prints the whole log first; --type Accounts. keeps the account events.
  help        Show this text.

The database is chosen as for the server: DATABASE_URL for a PostgreSQL server, otherwise the
embedded database in ESBANK_DATA_DIR (default ./data).`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate':
      return runMigrateCommand(config, process.stdout);
    case 'rebuild':
      return withInterruptSignal((signal) => runRebuildCommand(config, args, { out: process.stdout, err: process.stderr, signal }));
    case 'events':
      if (args[0] !== 'tail') break;
      return withInterruptSignal((signal) =>
        runEventsTailCommand(config, args.slice(1), { out: process.stdout, err: process.stderr, signal }),
      );
  }
  process.stderr.write(`Unknown command "${argv.join(' ')}".\n\n${USAGE}\n`);
  return 1;
}

/** Runs `command` with a signal that aborts on Ctrl-C (SIGINT) or SIGTERM, so it can end cleanly. */
async function withInterruptSignal(command: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new Error('Interrupted.'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await command(controller.signal);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`esbank: ${message}\n`);
  process.exitCode = 1;
}
