/**
 * Runs `node src/cli/esbank-cli.ts …` as a child process, as an operator would, against the database
 * a test chooses. Events go to that database (EVENTSTORE_URL is cleared), and stdout is a pipe, so
 * the CLI prints plain progress lines instead of a bar.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCli {
  /** Every stdout line so far. */
  readonly lines: readonly string[];
  /** Resolves once `done(lines)` holds; rejects if the process ends first. */
  waitForLines(done: (lines: readonly string[]) => boolean): Promise<readonly string[]>;
  /** Sends `signal` and resolves with the exit code and the output. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
}

function spawnCli(args: readonly string[], databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['src/cli/esbank-cli.ts', ...args], {
    cwd: REPOSITORY,
    env: { ...process.env, DATABASE_URL: databaseUrl, EVENTSTORE_URL: '', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { stdout: string[]; stderr: string[]; exited: Promise<number | null> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return { stdout, stderr, exited };
}

/** Runs the CLI to its end. */
export async function runCli(args: readonly string[], databaseUrl: string): Promise<CliResult> {
  const child = spawnCli(args, databaseUrl);
  const { stdout, stderr, exited } = collect(child);
  const code = await exited;
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Starts a CLI command that keeps running (`events tail`). */
export function startCli(args: readonly string[], databaseUrl: string): RunningCli {
  const child = spawnCli(args, databaseUrl);
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const wake of [...waiters]) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const wake of [...waiters]) wake();
  });

  return {
    lines,
    waitForLines(done) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (done(lines)) {
            waiters.delete(check);
            resolve([...lines]);
          } else if (ended) {
            waiters.delete(check);
            reject(new Error(`The CLI ended before the expected output appeared. stdout:\n${lines.join('\n')}\nstderr:\n${stderr.join('')}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGINT') {
      if (!ended) child.kill(signal);
      const code = await exited;
      return { code, stdout: lines.join('\n'), stderr: stderr.join('') };
    },
  };
}
