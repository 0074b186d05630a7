/**
 * The logging port of the application layer, and one implementation that writes JSON lines. A log
 * entry is a short message plus structured fields; callers put identifiers and outcomes in the fields
 * and never secrets (command data can hold a PIN: log field names, not values).
 */
import type { JsonValue } from '../event-store/event-store.ts';

/** Structured context of one entry; `undefined` values are left out. */
export type LogFields = Readonly<Record<string, JsonValue | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Where the JSON-lines logger writes: anything with a `write(text)`, such as a Node stream. */
export interface LogOutput {
  write(text: string): unknown;
}

/** From most to least severe; entries below the configured level are dropped, `silent` drops all. */
const LEVEL_RANK = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5, silent: -1 } as const;
export type LogLevelName = keyof typeof LEVEL_RANK;

export interface JsonLinesLoggerOptions {
  /** The least severe level written (default `info`). */
  readonly level?: LogLevelName;
  /** Receives `info` entries; `process.stdout` by default. */
  readonly stdout?: LogOutput;
  /** Receives `warn` and `error` entries; `process.stderr` by default. */
  readonly stderr?: LogOutput;
  readonly clock?: () => Date;
}

/** One JSON object per line: `{"time":"…","level":"info","message":"…",…fields}`. */
export function createJsonLinesLogger(options: JsonLinesLoggerOptions = {}): Logger {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const clock = options.clock ?? (() => new Date());
  const threshold = LEVEL_RANK[options.level ?? 'info'];
  const write = (output: LogOutput, level: 'info' | 'warn' | 'error', message: string, fields: LogFields = {}): void => {
    if (LEVEL_RANK[level] > threshold) return;
    const entry = { ...fields, time: clock().toISOString(), level, message };
    output.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    info: (message, fields) => write(stdout, 'info', message, fields),
    warn: (message, fields) => write(stderr, 'warn', message, fields),
    error: (message, fields) => write(stderr, 'error', message, fields),
  };
}

/** The JSON-safe description of a thrown value, for a log entry's fields. */
export function describeError(error: unknown): JsonValue {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'NonError', message: String(error) };
}
