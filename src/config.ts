/**
 * The environment, read once into a typed, frozen config object. Every variable is optional:
 *
 * - `PORT`: the HTTP port (default 4000; 0 picks a free port).
 * - `DATABASE_URL`: a PostgreSQL server (`postgres://user:password@host:5432/db`). When unset, the
 *   database is PostgreSQL embedded in the process (PGlite), kept in `ESBANK_DATA_DIR` (default `./data`).
 * - `EVENTSTORE_URL`: an EventStoreDB/KurrentDB connection string (`kurrentdb://localhost:2113?tls=false`,
 *   or the older `esdb://…`). When set, events go there; read models, checkpoints and snapshots stay in
 *   the database above. When unset, events are stored in that database too.
 * - `LOG_LEVEL`: fatal, error, warn, info (default), debug, trace or silent.
 * - `NODE_ENV`: development (default), production or test. Production turns GraphiQL and introspection
 *   off (unless asked for below) and requires `ESBANK_TOKEN_SECRET`.
 *
 * Security (see the README's security section):
 * - `ESBANK_OPERATOR_TOKEN`: the bearer token operators send (at least 32 characters). Unset: no one
 *   is an operator, and the operator-only operations are refused.
 * - `ESBANK_TOKEN_SECRET`: the key that signs customer session tokens and idempotency digests (at least
 *   32 characters). Unset outside production: a random key per process (tokens end with the process).
 * - `ESBANK_SESSION_TTL_SECONDS`: how long a customer session token lasts (default 900, 60 to 86 400).
 * - `ESBANK_PIN_FAILURES_PER_ADDRESS`: wrong PINs one client address may send per 15 minutes, over all
 *   accounts, before its PIN attempts are refused with a retry-after (default 10).
 * - `ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS`: requests one client address may send per second before
 *   it gets 429 (default 200).
 * - `ESBANK_MAX_CONCURRENT_REQUESTS`: requests served at once (subscriptions excluded) before new ones
 *   get 429 (default 1 000).
 * - `ESBANK_TRUST_PROXY`: true when behind a reverse proxy: the client address is then the last entry
 *   of `X-Forwarded-For`, the one the proxy appended (default false: the TCP peer).
 * - `ESBANK_GRAPHIQL`, `ESBANK_INTROSPECTION`: true or false (default: true, false in production).
 *
 * A variable set to an empty string counts as unset. Bad values are all reported at once in one
 * {@link ConfigError}.
 */
import path from 'node:path';

export type DatabaseConfig =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; /** Absolute path of the data folder. */ readonly dataDir: string };

export type EventStoreConfig =
  | { /** Events live in the database of {@link Config.database}. */ readonly kind: 'database' }
  | { readonly kind: 'eventstoredb'; readonly url: string };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export interface SecurityConfig {
  readonly operatorToken: string | undefined;
  /** Undefined outside production when unset: the app then makes a random one per process. */
  readonly tokenSecret: string | undefined;
  readonly sessionTtlSeconds: number;
  readonly pinFailuresPerAddress: number;
  readonly requestsPerSecondPerAddress: number;
  readonly maxConcurrentRequests: number;
  readonly trustProxy: boolean;
  readonly graphiql: boolean;
  readonly introspection: boolean;
}

export interface Config {
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly eventStore: EventStoreConfig;
  readonly logLevel: LogLevel;
  readonly nodeEnv: NodeEnv;
  readonly security: SecurityConfig;
}

/** Never echoed in a ConfigError. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['ESBANK_OPERATOR_TOKEN', 'ESBANK_TOKEN_SECRET']);

/** The shortest operator token and token secret accepted. */
export const MIN_SECRET_LENGTH = 32;

/** The connection-string schemes `@kurrent/kurrentdb-client` accepts (`esdb` is its deprecated name). */
export const EVENTSTORE_URL_SCHEMES = ['kurrentdb', 'kurrent', 'kdb', 'esdb'].flatMap((scheme) => [
  `${scheme}://`,
  `${scheme}+discover://`,
]);

export interface ConfigIssue {
  /** The environment variable, e.g. `PORT`. */
  readonly variable: string;
  /** What the variable must hold, in words. */
  readonly expected: string;
  /** The value found, with any password replaced by `***`. */
  readonly received: string;
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.variable} must be ${issue.expected}, but is "${issue.received}".`);
    super(`The configuration in the environment is invalid:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads the config from `env` (the process environment by default); throws a {@link ConfigError}. */
export function loadConfig(env: Environment = process.env): Config {
  const issues: ConfigIssue[] = [];
  const read = <T>(variable: string, parse: (value: string) => T | Invalid, fallback: T): T => {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const parsed = parse(raw);
    if (parsed instanceof Invalid) {
      issues.push({ variable, expected: parsed.expected, received: SECRET_VARIABLES.has(variable) ? `(hidden, ${raw.length} characters)` : redactPassword(raw) });
      return fallback;
    }
    return parsed;
  };

  const port = read('PORT', parsePort, 4000);
  const databaseUrl = read('DATABASE_URL', parseDatabaseUrl, undefined);
  const dataDir = read('ESBANK_DATA_DIR', (value) => value, './data');
  const eventStoreUrl = read('EVENTSTORE_URL', parseEventStoreUrl, undefined);
  const logLevel = read('LOG_LEVEL', (value) => oneOf(LOG_LEVELS, value.toLowerCase()), 'info');
  const nodeEnv = read('NODE_ENV', (value) => oneOf(NODE_ENVS, value), 'development');
  const production = nodeEnv === 'production';
  const operatorToken = read('ESBANK_OPERATOR_TOKEN', parseSecret, undefined);
  const tokenSecret = read('ESBANK_TOKEN_SECRET', parseSecret, undefined);
  if (production && tokenSecret === undefined && !issues.some((issue) => issue.variable === 'ESBANK_TOKEN_SECRET')) {
    issues.push({
      variable: 'ESBANK_TOKEN_SECRET',
      expected: `set in production (at least ${MIN_SECRET_LENGTH} random characters, e.g. from \`openssl rand -base64 48\`), so sessions survive a restart and every instance accepts them`,
      received: '',
    });
  }
  const security: SecurityConfig = {
    operatorToken,
    tokenSecret,
    sessionTtlSeconds: read('ESBANK_SESSION_TTL_SECONDS', wholeNumber(60, 86_400), 900),
    pinFailuresPerAddress: read('ESBANK_PIN_FAILURES_PER_ADDRESS', wholeNumber(1, 1_000_000), 10),
    requestsPerSecondPerAddress: read('ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS', wholeNumber(1, 10_000_000), 200),
    maxConcurrentRequests: read('ESBANK_MAX_CONCURRENT_REQUESTS', wholeNumber(1, 1_000_000), 1_000),
    trustProxy: read('ESBANK_TRUST_PROXY', parseBoolean, false),
    graphiql: read('ESBANK_GRAPHIQL', parseBoolean, !production),
    introspection: read('ESBANK_INTROSPECTION', parseBoolean, !production),
  };
  if (issues.length > 0) throw new ConfigError(issues);

  return deepFreeze({
    port,
    database: databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: path.resolve(dataDir) },
    eventStore: eventStoreUrl ? { kind: 'eventstoredb', url: eventStoreUrl } : { kind: 'database' },
    logLevel,
    nodeEnv,
    security,
  });
}

/** A parse failure: what was expected instead. */
class Invalid {
  readonly expected: string;

  constructor(expected: string) {
    this.expected = expected;
  }
}

function parsePort(value: string): number | Invalid {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  return port >= 0 && port <= 65535 ? port : new Invalid('a whole number from 0 to 65535');
}

function wholeNumber(min: number, max: number): (value: string) => number | Invalid {
  return (value) => {
    const number = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
    return number >= min && number <= max ? number : new Invalid(`a whole number from ${min} to ${max}`);
  };
}

function parseBoolean(value: string): boolean | Invalid {
  const lower = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  return new Invalid('true or false');
}

function parseSecret(value: string): string | Invalid {
  return value.length >= MIN_SECRET_LENGTH ? value : new Invalid(`at least ${MIN_SECRET_LENGTH} characters long`);
}

function parseDatabaseUrl(value: string): string | Invalid {
  const expected = 'a PostgreSQL URL such as postgres://user:password@localhost:5432/esbank (or unset for the embedded database)';
  if (!/^postgres(ql)?:\/\//.test(value) || !URL.canParse(value)) return new Invalid(expected);
  return value;
}

function parseEventStoreUrl(value: string): string | Invalid {
  const scheme = EVENTSTORE_URL_SCHEMES.find((candidate) => value.startsWith(candidate));
  if (scheme === undefined || value.length === scheme.length) {
    return new Invalid(
      `an EventStoreDB/KurrentDB connection string such as kurrentdb://localhost:2113?tls=false (schemes: ${EVENTSTORE_URL_SCHEMES.join(', ')})`,
    );
  }
  return value;
}

function oneOf<const T extends string>(allowed: readonly T[], value: string): T | Invalid {
  const found = allowed.find((candidate) => candidate === value);
  return found ?? new Invalid(`one of ${allowed.join(', ')}`);
}

/** Hides the password of a `scheme://user:password@host` value, so errors can be logged safely. */
function redactPassword(value: string): string {
  return value.replace(/^([a-z+]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
