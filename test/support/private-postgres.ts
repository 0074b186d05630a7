/**
 * A throwaway PostgreSQL cluster owned by one test file, for tests that stop and restart the database
 * server itself (fault tests). The shared server at DATABASE_URL serves every other test file in
 * parallel, so it must never be restarted; this cluster lives in a folder under the OS temp folder,
 * listens on a free port of 127.0.0.1 only (no Unix socket), trusts every local connection and runs
 * with fsync off (safe for a server crash, not a machine crash): nothing in it outlives the test.
 *
 * It uses the server's own binaries (`initdb`, `pg_ctl`), found in `PG_BINDIR` when set, else in the
 * newest `/usr/lib/postgresql/<version>/bin` (Debian and Ubuntu packages). `pg_ctlcluster` is not
 * needed. initdb refuses to run as root, so as root every command runs as the `postgres` OS user
 * through `runuser` (or `setpriv`), and the folder is handed to that user. {@link privatePostgresSupport}
 * tells, before anything starts, whether all of that is available and if not, why.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `fast` ends sessions and shuts down cleanly; `immediate` kills the server like a crash (recovery on start). */
export type StopMode = 'smart' | 'fast' | 'immediate';

export type PrivatePostgresSupport =
  | { readonly available: true; readonly binDir: string; readonly version: string; readonly runAs: RunAs }
  | { readonly available: false; readonly reason: string };

/** How commands are run: directly, or as another OS user through a wrapper (`runuser -u postgres --`). */
interface RunAs {
  readonly wrapper: readonly string[];
  /** The owner the cluster folder must have, when it is not this process's user. */
  readonly owner?: { readonly uid: number; readonly gid: number; readonly name: string };
}

/** Whether a private cluster can be started here, and with which binaries; synchronous, for `describe.skipIf`. */
export function privatePostgresSupport(): PrivatePostgresSupport {
  const binDir = findBinDir();
  if (typeof binDir !== 'string') return { available: false, reason: binDir.reason };
  const version = spawnSync(path.join(binDir, 'pg_ctl'), ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  if (process.getuid?.() !== 0) return { available: true, binDir, version, runAs: { wrapper: [] } };
  const user = lookUpUser('postgres');
  if (!user) {
    return { available: false, reason: 'this process runs as root, initdb refuses root, and there is no "postgres" OS user to run the server as' };
  }
  const runuser = findOnPath('runuser');
  const setpriv = findOnPath('setpriv');
  const wrapper = runuser
    ? [runuser, '-u', user.name, '--']
    : setpriv
      ? [setpriv, `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--']
      : undefined;
  if (!wrapper) return { available: false, reason: 'this process runs as root, and neither runuser nor setpriv is installed to run PostgreSQL as the "postgres" user' };
  return { available: true, binDir, version, runAs: { wrapper, owner: user } };
}

export interface PrivatePostgresOptions {
  /** Extra `postgresql.conf` settings, e.g. `{ max_connections: '50' }`. */
  readonly settings?: Readonly<Record<string, string>>;
}

export class PrivatePostgres {
  readonly #support: Extract<PrivatePostgresSupport, { available: true }>;
  readonly #folder: string;
  readonly #port: number;
  #running = false;
  #destroyed = false;

  private constructor(support: Extract<PrivatePostgresSupport, { available: true }>, folder: string, port: number) {
    this.#support = support;
    this.#folder = folder;
    this.#port = port;
  }

  /** Creates the cluster (initdb) and starts it; throws with the reason when that is not possible here. */
  static async create(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const support = privatePostgresSupport();
    if (!support.available) throw new Error(`A private PostgreSQL cluster cannot be started here: ${support.reason}.`);
    const folder = mkdtempSync(path.join(tmpdir(), 'esbank-private-pg-'));
    const owner = support.runAs.owner;
    if (owner) chownSync(folder, owner.uid, owner.gid);
    const cluster = new PrivatePostgres(support, folder, await freePort());
    live.add(cluster);
    try {
      await cluster.#exec('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions']);
      const settings: Record<string, string> = {
        port: String(cluster.#port),
        listen_addresses: "'127.0.0.1'",
        unix_socket_directories: "''",
        // fsync off only matters if the machine itself crashes. synchronous_commit stays on: an
        // immediate stop would otherwise lose commits the server already acknowledged.
        fsync: 'off',
        full_page_writes: 'off',
        max_connections: '100',
        ...options.settings,
      };
      appendFileSync(
        path.join(cluster.dataDir, 'postgresql.conf'),
        `\n# esbank private test cluster\n${Object.entries(settings).map(([key, value]) => `${key} = ${value}`).join('\n')}\n`,
      );
      await cluster.start();
      return cluster;
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the cluster's default database. */
  get url(): string {
    return this.databaseUrl('postgres');
  }

  /** The URL of another database of this cluster (create it first, e.g. with CREATE DATABASE). */
  databaseUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.#port}/${database}`;
  }

  get port(): number {
    return this.#port;
  }

  get isRunning(): boolean {
    return this.#running;
  }

  get dataDir(): string {
    return path.join(this.#folder, 'data');
  }

  /** The server's log (all starts), for a failure message. */
  log(): string {
    const file = path.join(this.#folder, 'postgres.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    this.#assertNotDestroyed();
    await this.#exec('pg_ctl', ['start', '-D', this.dataDir, '-l', path.join(this.#folder, 'postgres.log'), '-w', '-t', '60']);
    this.#running = true;
  }

  /** Stops the server; `immediate` is a crash (clients see their connections cut, no checkpoint). */
  async stop(mode: StopMode = 'fast'): Promise<void> {
    this.#assertNotDestroyed();
    await this.#exec('pg_ctl', ['stop', '-D', this.dataDir, '-m', mode, '-w', '-t', '60']);
    this.#running = false;
  }

  /** Stops (in `mode`), stays down for `downMs`, and starts again. */
  async restart({ mode = 'fast', downMs = 0 }: { mode?: StopMode; downMs?: number } = {}): Promise<void> {
    await this.stop(mode);
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  /** Kills the server if it runs and deletes its folder. Safe to call more than once. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    live.delete(this);
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      await this.#exec('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30']).catch(() => {});
    }
    this.#running = false;
    rmSync(this.#folder, { recursive: true, force: true });
  }

  /** Synchronous last resort at process exit: kill the server so no postmaster outlives the test run. */
  killSync(): void {
    if (this.#destroyed) return;
    const [command, ...args] = [...this.#support.runAs.wrapper, path.join(this.#support.binDir, 'pg_ctl'), 'stop', '-D', this.dataDir, '-m', 'immediate', '-w'];
    if (command) spawnSync(command, args, { stdio: 'ignore' });
    rmSync(this.#folder, { recursive: true, force: true });
  }

  async #exec(binary: string, args: readonly string[]): Promise<void> {
    const [command, ...rest] = [...this.#support.runAs.wrapper, path.join(this.#support.binDir, binary), ...args];
    if (!command) throw new Error('No command to run.');
    try {
      // pg_ctl's server writes to the log file, not to our pipes, so the call returns once it is up.
      await run(command, rest, { cwd: this.#folder, timeout: 90_000 });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; message?: string };
      throw new Error(
        `${binary} ${args[0] ?? ''} failed for the private PostgreSQL cluster in ${this.#folder}: ${failure.message ?? String(error)}\n` +
          `${failure.stdout ?? ''}${failure.stderr ?? ''}\nServer log (end):\n${this.log().slice(-2_000)}`,
        { cause: error },
      );
    }
  }

  #assertNotDestroyed(): void {
    if (this.#destroyed) throw new Error('This private PostgreSQL cluster was destroyed.');
  }
}

const live = new Set<PrivatePostgres>();
process.once('exit', () => {
  for (const cluster of live) cluster.killSync();
});

function findBinDir(): string | { reason: string } {
  const has = (dir: string): boolean => ['initdb', 'pg_ctl', 'postgres'].every((binary) => existsSync(path.join(dir, binary)));
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv) return has(fromEnv) ? fromEnv : { reason: `PG_BINDIR=${fromEnv} does not hold initdb, pg_ctl and postgres` };
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => has(path.join(root, name, 'bin')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) return { reason: `no PostgreSQL server binaries (initdb, pg_ctl) in ${root}/<version>/bin; set PG_BINDIR to their folder` };
  return path.join(root, newest, 'bin');
}

function lookUpUser(name: string): { uid: number; gid: number; name: string } | undefined {
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout?.trim());
  const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout?.trim());
  return Number.isInteger(uid) && Number.isInteger(gid) && uid > 0 ? { uid, gid, name } : undefined;
}

/** The absolute path of `command` on PATH (or in the system folders root's PATH usually has). */
function findOnPath(command: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  return dirs.filter((dir) => dir !== '').map((dir) => path.join(dir, command)).find((file) => existsSync(file));
}

/** A TCP port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('The OS gave no free port.'))));
    });
  });
}
