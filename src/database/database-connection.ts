/**
 * Opens the PostgreSQL database that holds the event store (when it is the Postgres adapter), the
 * read models, checkpoints and snapshots: a real server through `pg` when a connection URL is given,
 * otherwise PostgreSQL embedded in this process through PGlite (a data folder, or memory for tests).
 *
 * Both give a Kysely instance and a LISTEN hook, so no other module needs to know which one runs.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  | { readonly kind: 'pglite'; /** A folder to keep the data in; in memory when omitted. */ readonly dataDir?: string };

/** Stops a LISTEN registered through {@link DatabaseConnection.listen}. */
export type Unlisten = () => Promise<void>;

export interface DatabaseConnection<Schema = unknown> {
  readonly db: Kysely<Schema>;
  readonly kind: DatabaseTarget['kind'];
  /**
   * Calls `onNotify` with each NOTIFY payload sent on `channel`. On a server, `onReconnect` is called
   * after the listening connection was lost and re-established, because notifications sent in
   * between are lost: the caller must then look for what it missed.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<Unlisten>;
  close(): Promise<void>;
}

const INT8_OID = 20;

export async function openDatabaseConnection<Schema = unknown>(target: DatabaseTarget): Promise<DatabaseConnection<Schema>> {
  return target.kind === 'postgres' ? openPostgres<Schema>(target.url, target.poolSize ?? 10) : openPglite<Schema>(target.dataDir);
}

async function openPglite<Schema>(dataDir: string | undefined): Promise<DatabaseConnection<Schema>> {
  const pglite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onNotify) {
      const unlisten = await pglite.listen(channel, onNotify);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPostgres<Schema>(url: string, poolSize: number): Promise<DatabaseConnection<Schema>> {
  const parseInt8 = (value: string): number => Number(value);
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // A server that does not answer (frozen, or a network that drops packets) must not hang requests:
  // connecting gives up after 5 s, and TCP keep-alive notices a dead connection.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5_000, keepAlive: true });
  // A client that loses its server (a restart, a network cut) emits 'error'. Idle in the pool, the
  // pool re-emits it: without a listener that would crash the process. Checked out (a query or a
  // transaction in flight), nobody listens to the client itself, and it would crash the process too:
  // so every client gets a listener. The query in flight fails with the same error, the pool drops
  // the broken client when it is released, and the next query connects anew; logging is left to the
  // callers' error handling and health checks.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<PostgresListener>();
  return {
    db,
    kind: 'postgres',
    async listen(channel, onNotify, onReconnect) {
      const listener = new PostgresListener(url, channel, onNotify, onReconnect);
      await listener.start();
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.stop();
      };
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.stop()));
      await db.destroy();
    },
  };
}

/** One dedicated connection running LISTEN, re-established with backoff when it is lost. */
class PostgresListener {
  #client: pg.Client | undefined;
  #stopped = false;
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #url: string;
  readonly #channel: string;
  readonly #onNotify: (payload: string) => void;
  readonly #onReconnect: (() => void) | undefined;

  constructor(url: string, channel: string, onNotify: (payload: string) => void, onReconnect?: () => void) {
    this.#url = url;
    this.#channel = channel;
    this.#onNotify = onNotify;
    this.#onReconnect = onReconnect;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url });
    client.on('notification', (message) => {
      if (message.channel === this.#channel) this.#onNotify(message.payload ?? '');
    });
    client.on('error', () => this.#reconnectLater(client));
    client.on('end', () => this.#reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.#channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    // Stopped while a reconnect was connecting: nobody would close this client, and it would keep
    // the process from exiting.
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  #reconnectLater(lost: pg.Client, delayMs = 250): void {
    if (this.#stopped || this.#client !== lost) return;
    this.#client = undefined;
    lost.end().catch(() => {});
    this.#retryTimer = setTimeout(() => {
      this.start().then(
        () => this.#onReconnect?.(),
        () => {
          this.#client = lost;
          this.#reconnectLater(lost, Math.min(delayMs * 2, 5_000));
        },
      );
    }, delayMs);
    this.#retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}
