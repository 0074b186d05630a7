/**
 * The real server (`node src/main.ts`) as a child process, for fault tests that break what is under
 * it (the database) and watch how it behaves from outside: over HTTP, through `/ready`, and through
 * its log. It listens on a free port (PORT=0; the port is read from the "serving on" log line), with
 * the test credentials of test-auth.ts, and records its JSON log lines so a test can count errors
 * and show the end of the log when something fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testAuthEnvironment } from './test-auth.ts';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LOG_LINES = 5_000;

export interface FaultServerOptions {
  readonly databaseUrl: string;
  /** More environment variables (they win over the defaults below). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the "serving on" line (default 60 s). */
  readonly startTimeoutMs?: number;
  /** A file to copy every log line to as well, for reading after a failure. */
  readonly logFile?: string;
}

export interface ReadyAnswer {
  /** The HTTP status, or 0 when no answer came (connection refused, timeout). */
  readonly status: number;
  readonly body: string;
  /** What the server said it waits for (`waitingFor` of the JSON body; empty when there is none). */
  readonly waitingFor: readonly string[];
  readonly ms: number;
}

export class FaultServerProcess {
  readonly #child: ChildProcess;
  readonly #port: number;
  readonly #log: string[];
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcess, port: number, log: string[], exited: Promise<void>) {
    this.#child = child;
    this.#port = port;
    this.#log = log;
    this.#exited = exited;
  }

  static async start({ databaseUrl, env = {}, startTimeoutMs = 60_000, logFile }: FaultServerOptions): Promise<FaultServerProcess> {
    const environment: Record<string, string | undefined> = {
      ...process.env,
      ...testAuthEnvironment(),
      DATABASE_URL: databaseUrl,
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...env,
    };
    delete environment.EVENTSTORE_URL;
    const child = spawn(process.execPath, ['src/main.ts'], { cwd: REPOSITORY, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    const copy = logFile ? createWriteStream(logFile) : undefined;
    const keep = (line: string): void => {
      copy?.write(`${line}\n`);
      log.push(line);
      if (log.length > MAX_LOG_LINES) log.splice(0, log.length - MAX_LOG_LINES);
    };
    const exited = once(child, 'exit').then(() => undefined);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The server did not start within ${startTimeoutMs} ms:\n${log.slice(-40).join('\n')}`)), startTimeoutMs);
      for (const stream of [child.stdout, child.stderr]) {
        if (!stream) continue;
        createInterface({ input: stream }).on('line', (line) => {
          keep(line);
          const match = /serving on http:\/\/localhost:(\d+)/.exec(line);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
      }
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`The server exited (code ${child.exitCode}, signal ${child.signalCode}) before serving:\n${log.slice(-40).join('\n')}`));
      });
    });
    return new FaultServerProcess(child, port, log, exited);
  }

  get port(): number {
    return this.#port;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get graphqlUrl(): string {
    return `http://127.0.0.1:${this.#port}/graphql`;
  }

  /** True once the process ended, for whatever reason. */
  get hasExited(): boolean {
    return this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  /** How the process ended, in words (for assertion messages). */
  describeExit(): string {
    return this.hasExited ? `exited with code ${this.#child.exitCode}, signal ${this.#child.signalCode}` : 'running';
  }

  /** The log lines so far (the newest {@link MAX_LOG_LINES}). */
  logLines(): readonly string[] {
    return this.#log;
  }

  /** One `GET /ready`, answered within `timeoutMs` or counted as no answer (status 0). */
  async ready(timeoutMs = 2_000): Promise<ReadyAnswer> {
    const started = performance.now();
    try {
      const response = await fetch(`http://127.0.0.1:${this.#port}/ready`, { signal: AbortSignal.timeout(timeoutMs) });
      const body = await response.text();
      return { status: response.status, body, waitingFor: waitingForIn(body), ms: performance.now() - started };
    } catch (error) {
      return { status: 0, body: error instanceof Error ? error.message : String(error), waitingFor: [], ms: performance.now() - started };
    }
  }

  /**
   * Polls `/ready` until an answer satisfies `wanted` (described by `what`); resolves with the
   * milliseconds that took and that answer. Rejects after `timeoutMs`, or at once when the process exits.
   */
  async waitForReady(wanted: (answer: ReadyAnswer) => boolean, what: string, timeoutMs: number, pollMs = 100): Promise<{ ms: number; answer: ReadyAnswer }> {
    const started = performance.now();
    let answer: ReadyAnswer = { status: 0, body: 'not asked yet', waitingFor: [], ms: 0 };
    while (performance.now() - started < timeoutMs) {
      if (this.hasExited) throw new Error(`The server ${this.describeExit()} while waiting for /ready to answer ${what}:\n${this.#log.slice(-40).join('\n')}`);
      answer = await this.ready(Math.min(2_000, timeoutMs));
      if (wanted(answer)) return { ms: performance.now() - started, answer };
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    throw new Error(`/ready did not answer ${what} within ${timeoutMs} ms; last answer: ${answer.status} ${answer.body}`);
  }

  /** {@link waitForReady} for one HTTP status. */
  waitForReadyStatus(status: 200 | 503, timeoutMs: number, pollMs = 100): Promise<{ ms: number; answer: ReadyAnswer }> {
    return this.waitForReady((answer) => answer.status === status, String(status), timeoutMs, pollMs);
  }

  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.hasExited) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}

function waitingForIn(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { waitingFor?: unknown };
    return Array.isArray(parsed.waitingFor) ? parsed.waitingFor.map(String) : [];
  } catch {
    return [];
  }
}
