/**
 * The real server, `node src/main.ts`, as a child process on a per-test PostgreSQL database: for tests
 * that need the server in a process of its own (two processes cannot share an embedded PGlite
 * database) or that kill it with SIGKILL and start it again (test/crash, test/bank/saga-crash-recovery).
 *
 * It runs with the test credentials (test-auth.ts), `NODE_ENV=test`, `LOG_LEVEL=warn` (the per-command
 * info lines would cost more than the load they describe) and per-address limits (requests per second,
 * PIN attempts) high enough for a load test whose clients all come from 127.0.0.1.
 *
 * The port: at `LOG_LEVEL=warn` the server does not log the "serving on" line (it is an info line), so
 * the port cannot be read from its output. The test picks a free port itself and passes it as `PORT`
 * (`port` in the options keeps one across restarts, as a real restart would); `start` then waits until
 * `/health` answers. Should another process take the port in between, the server exits with
 * EADDRINUSE and `start` tries again with another free port (only when no port was asked for).
 *
 * The output is kept (the last lines, and a count per log level) for reports and failure messages.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testAuthEnvironment } from './test-auth.ts';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const KEPT_LINES = 400;

export interface ServerProcessOptions {
  readonly databaseUrl: string;
  /** The port to listen on; a free one is picked when omitted. Pass `server.port` to restart on the same one. */
  readonly port?: number;
  /** More environment variables; they win over the defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long `start` waits for `/health` to answer (default 60 s). */
  readonly startTimeoutMs?: number;
  /** Options for node itself, before the script (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The environment a spawned server runs with (without the port), as the load and crash suites want it. */
export function serverEnvironment(databaseUrl: string): Record<string, string> {
  return {
    ...testAuthEnvironment(),
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS: '100000',
    // PIN attempts count while they run (pin-attempt-limiter.ts): 50 clients on one address would
    // pass the default of 10 with correct PINs alone.
    ESBANK_PIN_FAILURES_PER_ADDRESS: '100000',
  };
}

export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #port: number;
  readonly #lines: string[];
  readonly #counts: Map<string, number>;
  readonly #exit: Promise<ServerExit>;

  private constructor(child: ChildProcess, port: number, lines: string[], counts: Map<string, number>, exit: Promise<ServerExit>) {
    this.#child = child;
    this.#port = port;
    this.#lines = lines;
    this.#counts = counts;
    this.#exit = exit;
  }

  /** Spawns the server and resolves once `/health` answers 200; rejects (with its output) if it exits first. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    for (let attempt = 1; ; attempt += 1) {
      const port = options.port ?? (await freePort());
      try {
        return await ServerProcess.#startOn(port, options);
      } catch (error) {
        const portTaken = error instanceof Error && error.message.includes('EADDRINUSE');
        if (!portTaken || options.port !== undefined || attempt >= 3) throw error;
      }
    }
  }

  static async #startOn(port: number, { databaseUrl, env = {}, startTimeoutMs = 60_000, nodeArgs = [] }: ServerProcessOptions): Promise<ServerProcess> {
    const environment: Record<string, string | undefined> = { ...process.env, ...serverEnvironment(databaseUrl), PORT: String(port), ...env };
    delete environment.EVENTSTORE_URL;
    const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], { cwd: REPOSITORY, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const counts = new Map<string, number>();
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => keepLine(line, lines, counts));
    }
    const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
    const server = new ServerProcess(child, port, lines, counts, exit);
    await server.#waitFor('/health', startTimeoutMs);
    return server;
  }

  get port(): number {
    return this.#port;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** `http://127.0.0.1:<port>/graphql` */
  get url(): string {
    return `${this.baseUrl}/graphql`;
  }

  /** `http://127.0.0.1:<port>` */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get hasExited(): boolean {
    return this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  /** Resolves when the process has ended, with its exit code or signal. */
  exited(): Promise<ServerExit> {
    return this.#exit;
  }

  /** The newest output lines (JSON log lines, and anything else the process printed). */
  outputLines(): readonly string[] {
    return this.#lines;
  }

  /** Log lines counted per level (`warn`, `error`, …; `other` for lines that are not JSON log entries). */
  logLevelCounts(): ReadonlyMap<string, number> {
    return new Map([...this.#counts].filter(([key]) => !key.includes(': ')));
  }

  /** Warnings and errors counted per message (`warn: command not dispatched: write conflict` → 12). */
  logMessageCounts(): ReadonlyMap<string, number> {
    return new Map([...this.#counts].filter(([key]) => key.includes(': ')));
  }

  /** Sends `signal` (SIGKILL by default) and waits until the process has ended. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ServerExit> {
    if (!this.hasExited) this.#child.kill(signal);
    return this.#exit;
  }

  /** Graceful shutdown: SIGTERM, then SIGKILL if it has not ended after `graceMs`. */
  async stop(graceMs = 15_000): Promise<ServerExit> {
    if (this.hasExited) return this.#exit;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    const exit = await this.#exit;
    clearTimeout(timer);
    return exit;
  }

  /** Polls `/ready` until it answers 200: the server can serve (its read models and sagas may trail the store a little). */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    await this.#waitFor('/ready', timeoutMs);
  }

  /**
   * Whether every read model and saga has processed every stored event: `/ready` answers 200 with
   * `caughtUp` true (a server whose answer has no `caughtUp` reports it by 200 alone).
   */
  async isCaughtUp(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json()) as { caughtUp?: unknown };
      return response.status === 200 && body.caughtUp !== false;
    } catch {
      return false;
    }
  }

  async #waitFor(path: '/health' | '/ready', timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.hasExited) {
        throw new Error(`The server (port ${this.#port}) exited (${describeExit(await this.#exit)}) while waiting for ${path}:\n${this.#lines.slice(-30).join('\n')}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(5_000) });
        last = `${response.status} ${await response.text()}`;
        if (response.status === 200) return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`The server on port ${this.#port} did not answer ${path} with 200 within ${timeoutMs} ms; last answer: ${last}`);
  }
}

export function describeExit({ code, signal }: ServerExit): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/** Keeps the line, and counts it under its level and, for warnings and errors, under `level: message`. */
function keepLine(line: string, lines: string[], counts: Map<string, number>): void {
  lines.push(line);
  if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  const { level, message } = entryOf(line);
  counts.set(level, (counts.get(level) ?? 0) + 1);
  if (level !== 'info' && message !== undefined) counts.set(`${level}: ${message}`, (counts.get(`${level}: ${message}`) ?? 0) + 1);
}

function entryOf(line: string): { readonly level: string; readonly message?: string } {
  try {
    const entry: unknown = JSON.parse(line);
    if (typeof entry === 'object' && entry !== null && 'level' in entry && typeof entry.level === 'string') {
      const message = 'message' in entry && typeof entry.message === 'string' ? entry.message.slice(0, 120) : undefined;
      return { level: entry.level, ...(message === undefined ? {} : { message }) };
    }
  } catch {
    // Not a JSON log line (a Node warning, a stack trace): counted as `other`.
  }
  return { level: 'other' };
}

/** A port nobody listens on right now (the OS picks it); the server is started on it just after. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('The OS did not give a free port.');
  return address.port;
}
