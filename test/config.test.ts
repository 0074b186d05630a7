import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Config, ConfigError, type ConfigIssue, loadConfig } from '../src/config.ts';
import type { DatabaseTarget } from '../src/database/database-connection.ts';

function issuesOf(env: Record<string, string>): ConfigIssue[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('loadConfig accepted an environment the test expected it to refuse.');
}

const OPERATOR_TOKEN = 'o'.repeat(40);
const TOKEN_SECRET = 's'.repeat(48);

describe('loadConfig', () => {
  it('defaults to port 4000 and the embedded database in ./data, events in that database', () => {
    expect(loadConfig({})).toEqual<Config>({
      port: 4000,
      database: { kind: 'pglite', dataDir: path.resolve('data') },
      eventStore: { kind: 'database' },
      logLevel: 'info',
      nodeEnv: 'development',
      security: {
        operatorToken: undefined,
        tokenSecret: undefined,
        sessionTtlSeconds: 900,
        pinFailuresPerAddress: 10,
        requestsPerSecondPerAddress: 200,
        maxConcurrentRequests: 1_000,
        trustProxy: false,
        graphiql: true,
        introspection: true,
      },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/esbank',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      LOG_LEVEL: 'DEBUG',
      NODE_ENV: 'production',
      ESBANK_OPERATOR_TOKEN: OPERATOR_TOKEN,
      ESBANK_TOKEN_SECRET: TOKEN_SECRET,
      ESBANK_SESSION_TTL_SECONDS: '600',
      ESBANK_PIN_FAILURES_PER_ADDRESS: '5',
      ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS: '50',
      ESBANK_MAX_CONCURRENT_REQUESTS: '64',
      ESBANK_TRUST_PROXY: 'true',
      ESBANK_GRAPHIQL: 'yes',
    });
    expect(config).toEqual<Config>({
      port: 8080,
      database: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/esbank' },
      eventStore: { kind: 'eventstoredb', url: 'esdb://localhost:2113?tls=false' },
      logLevel: 'debug',
      nodeEnv: 'production',
      security: {
        operatorToken: OPERATOR_TOKEN,
        tokenSecret: TOKEN_SECRET,
        sessionTtlSeconds: 600,
        pinFailuresPerAddress: 5,
        requestsPerSecondPerAddress: 50,
        maxConcurrentRequests: 64,
        trustProxy: true,
        graphiql: true,
        introspection: false,
      },
    });
  });

  it('keeps the embedded database in ESBANK_DATA_DIR, resolved to an absolute path', () => {
    expect(loadConfig({ ESBANK_DATA_DIR: 'tmp/bank' }).database).toEqual({ kind: 'pglite', dataDir: path.resolve('tmp/bank') });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', EVENTSTORE_URL: '' })).toEqual(loadConfig({}));
  });

  it('accepts port 0 (any free port) and every connection-string scheme of the KurrentDB client', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    for (const url of ['kurrentdb://a:2113', 'kurrentdb+discover://a:2113', 'kdb://a', 'esdb+discover://a,b,c', 'kurrent://a']) {
      expect(loadConfig({ EVENTSTORE_URL: url }).eventStore).toEqual({ kind: 'eventstoredb', url });
    }
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db/bank' }).database).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db/bank' });
  });

  it('returns a frozen object, nested parts included', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/bank' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(Object.isFrozen(config.eventStore)).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://localhost/bank'],
    ['DATABASE_URL', 'localhost:5432'],
    ['EVENTSTORE_URL', 'http://localhost:2113'],
    ['EVENTSTORE_URL', 'esdb://'],
    ['LOG_LEVEL', 'verbose'],
    ['NODE_ENV', 'staging'],
    ['ESBANK_SESSION_TTL_SECONDS', '10'],
    ['ESBANK_PIN_FAILURES_PER_ADDRESS', '0'],
    ['ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS', 'many'],
    ['ESBANK_TRUST_PROXY', 'maybe'],
    ['ESBANK_INTROSPECTION', '2'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    const issues = issuesOf({ [variable]: value });
    expect(issues.map((issue) => [issue.variable, issue.received])).toEqual([[variable, value]]);
    expect(issues[0]?.expected.length).toBeGreaterThan(0);
  });

  it('reports every bad variable at once and never echoes a password', () => {
    const issues = issuesOf({ PORT: 'x', DATABASE_URL: 'mysql://admin:s3cret@db/bank', LOG_LEVEL: 'loud' });
    expect(issues.map((issue) => issue.variable)).toEqual(['PORT', 'DATABASE_URL', 'LOG_LEVEL']);
    expect(issues[1]?.received).toBe('mysql://admin:***@db/bank');
  });

  it('never echoes a secret that is refused, and wants a token secret in production', () => {
    const issues = issuesOf({ ESBANK_OPERATOR_TOKEN: 'short-but-secret', ESBANK_TOKEN_SECRET: 'also-secret' });
    expect(issues.map((issue) => [issue.variable, issue.received])).toEqual([
      ['ESBANK_OPERATOR_TOKEN', '(hidden, 16 characters)'],
      ['ESBANK_TOKEN_SECRET', '(hidden, 11 characters)'],
    ]);
    expect(issuesOf({ NODE_ENV: 'production' }).map((issue) => issue.variable)).toEqual(['ESBANK_TOKEN_SECRET']);
    const production = loadConfig({ NODE_ENV: 'production', ESBANK_TOKEN_SECRET: TOKEN_SECRET }).security;
    expect([production.graphiql, production.introspection]).toEqual([false, false]);
  });

  it('gives a database config the connection module accepts as is', () => {
    expectTypeOf<Config['database']>().toExtend<DatabaseTarget>();
  });
});
