/**
 * `esbank events tail [--from position] [--type prefix]`: prints the event log as readers see it
 * (upcast to current shapes), one line per event, and keeps following new events until Ctrl-C.
 * Without `--from` it starts at the current head (only new events); `--from 0` prints everything.
 * A PIN hash never reaches the screen: every `pin` or `pinHash` field prints as `"<redacted>"`.
 */
import type { Config } from '../config.ts';
import { openDatabaseConnection } from '../database/database-connection.ts';
import type { JsonValue, RecordedEvent } from '../event-store/event-store.ts';
import { openEventStore } from '../app.ts';

export interface EventsTailIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  /** Ends the tail (Ctrl-C). */
  readonly signal: AbortSignal;
}

export const EVENTS_TAIL_USAGE = 'events tail [--from <position>] [--type <event type prefix>]';

interface TailOptions {
  readonly from: number | undefined;
  readonly typePrefix: string | undefined;
}

const REDACTED_FIELDS = new Set(['pin', 'pinhash']);
const MAX_DATA_LENGTH = 200;

export async function runEventsTailCommand(config: Config, args: readonly string[], io: EventsTailIo): Promise<number> {
  const options = parseTailArguments(args);
  if (typeof options === 'string') {
    io.err.write(`${options}\nUsage: npm run esbank -- ${EVENTS_TAIL_USAGE}\n`);
    return 1;
  }
  const connection = await openDatabaseConnection(config.database);
  const eventStore = openEventStore(config, connection);
  try {
    const from = options.from ?? (await eventStore.headPosition());
    const filter = options.typePrefix === undefined ? undefined : { eventTypePrefixes: [options.typePrefix] };
    io.err.write(
      `Following events after position ${from}${options.typePrefix ? ` whose type starts with "${options.typePrefix}"` : ''} (Ctrl-C to stop).\n`,
    );
    if (io.signal.aborted) return 0;
    const subscription = eventStore.subscribeToAll({ fromPosition: from, signal: io.signal, ...(filter ? { filter } : {}) });
    try {
      for await (const event of subscription) io.out.write(`${formatEventLine(event)}\n`);
    } finally {
      await subscription.stop();
    }
    return 0;
  } finally {
    await eventStore.close();
    await connection.close();
  }
}

/** The options, or a sentence saying what is wrong with the arguments. */
export function parseTailArguments(args: readonly string[]): TailOptions | string {
  let from: number | undefined;
  let typePrefix: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--from') {
      if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        return `--from needs a position: a whole number, 0 or more (got ${value === undefined ? 'nothing' : `"${value}"`}).`;
      }
      from = Number(value);
    } else if (arg === '--type') {
      if (value === undefined || value === '') return '--type needs the start of an event type, such as "Accounts." or "Tellers.MoneyWithdrawn".';
      typePrefix = value;
    } else {
      return `Unknown argument "${String(arg)}".`;
    }
    i += 1;
  }
  return { from, typePrefix };
}

/** `<position>  <recorded at>  <stream>  <type>  {field: value, …}` with PIN fields redacted. */
export function formatEventLine(event: RecordedEvent): string {
  const data = formatValue(event.data);
  const short = data.length > MAX_DATA_LENGTH ? `${data.slice(0, MAX_DATA_LENGTH - 1)}…` : data;
  return `${event.position}  ${event.createdAt.toISOString()}  ${event.streamId}  ${event.eventType}  ${short}`;
}

function formatValue(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([key, field]) =>
      REDACTED_FIELDS.has(key.toLowerCase()) ? `${key}: "<redacted>"` : `${key}: ${formatValue(field)}`,
    );
    return `{${fields.join(', ')}}`;
  }
  return JSON.stringify(value);
}
