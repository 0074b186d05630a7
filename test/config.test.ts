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

describe('loadConfig', () => {
  it('defaults to port 4000 and the embedded database in ./data, events in that database', () => {
    expect(loadConfig({})).toEqual<Config>({
      port: 4000,
      database: { kind: 'pglite', dataDir: path.resolve('data') },
      eventStore: { kind: 'database' },
      logLevel: 'info',
      nodeEnv: 'development',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/esbank',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      LOG_LEVEL: 'DEBUG',
      NODE_ENV: 'production',
    });
    expect(config).toEqual<Config>({
      port: 8080,
      database: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/esbank' },
      eventStore: { kind: 'eventstoredb', url: 'esdb://localhost:2113?tls=false' },
      logLevel: 'debug',
      nodeEnv: 'production',
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

  it('gives a database config the connection module accepts as is', () => {
    expectTypeOf<Config['database']>().toExtend<DatabaseTarget>();
  });
});
