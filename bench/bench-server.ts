/**
 * The real server, `node src/main.ts`, for the benchmarks that measure it from outside (over HTTP,
 * over subscriptions): a child process (test/support/server-process.ts) on a fresh PostgreSQL
 * database of its own, created on the server named by DATABASE_URL (benchServerUrl). The server
 * migrates the empty database when it starts.
 *
 * It runs as the load suite runs it (serverEnvironment: test credentials, `LOG_LEVEL=warn`, per-address
 * limits raised far above what a benchmark's clients, all on 127.0.0.1, would reach), but with
 * `NODE_ENV=production`, the configuration being measured (no GraphiQL, no introspection); `env` adds
 * to that or overrides it.
 *
 * `close()` kills the server and drops the database. It runs too when the benchmark is interrupted
 * (SIGINT, SIGTERM) while the server is up, so neither is left behind; a benchmark must still call it
 * in a `finally`, for failures.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ServerProcess } from '../test/support/server-process.ts';
import { benchServerUrl } from './bench-results.ts';

export interface BenchServer {
  readonly server: ServerProcess;
  /** The fresh database the server runs on. */
  readonly databaseUrl: string;
  /** Kills the server and drops its database; safe to call more than once. */
  close(): Promise<void>;
}

export interface BenchServerOptions {
  /** More environment variables for the server; they win over the defaults. */
  readonly env?: Record<string, string>;
}

/** Servers not closed yet, closed on SIGINT or SIGTERM before the process exits. */
const openServers = new Set<BenchServer>();

export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const serverUrl = benchServerUrl();
  const name = `esbank_bench_server_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await withAdminClient(serverUrl, (admin) => admin.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dropDatabase = (): Promise<unknown> => withAdminClient(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
  let server: ServerProcess;
  try {
    server = await ServerProcess.start({ databaseUrl, env: { NODE_ENV: 'production', ...options.env } });
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const bench: BenchServer = {
    server,
    databaseUrl,
    close() {
      closing ??= (async () => {
        try {
          await server.kill();
          await dropDatabase();
        } finally {
          openServers.delete(bench);
          if (openServers.size === 0) removeSignalHandlers();
        }
      })();
      return closing;
    },
  };
  openServers.add(bench);
  addSignalHandlers();
  return bench;
}

async function withAdminClient<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function onSignal(signal: NodeJS.Signals): void {
  process.stderr.write(`\n${signal}: stopping the benchmark server and dropping its database\n`);
  void Promise.allSettled([...openServers].map((s) => s.close())).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

let handlersAdded = false;

function addSignalHandlers(): void {
  if (handlersAdded) return;
  handlersAdded = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function removeSignalHandlers(): void {
  if (!handlersAdded) return;
  handlersAdded = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
