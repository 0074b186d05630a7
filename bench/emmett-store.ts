/**
 * Emmett 0.42 (`@event-driven-io/emmett-postgresql`) as a third column of the store benchmark: the
 * same operations as the EsBank measures, through Emmett's own API, on a fresh database of the same
 * server, created here and dropped by `close()`.
 *
 * - append: `getPostgreSQLEventStore(url).appendToStream(stream, events, { expectedStreamVersion })`,
 *   with the expected version checked on every call, as EsBank does.
 * - read one stream: `eventStore.readStream(stream)`.
 * - global log in pages: `readMessagesBatch(pool.execute, { after, batchSize })`, the query Emmett's
 *   consumers poll with; Emmett's `EventStore` has no `readAll`.
 * - catch-up: `eventStore.consumer({ pulling, stopWhen: { noMessagesLeft: true } })` with one
 *   `consumer.reactor({ processorId, startFrom: 'BEGINNING', eachMessage })`, Emmett's way to follow
 *   the global log; it stores the reactor's checkpoint after every message.
 *
 * Emmett (through dumbo) replaces `pg`'s process-wide parsers for int8 (BigInt), json and jsonb (its own
 * JSON reviver). EsBank and the raw baseline use the same `pg` module, so each Emmett call runs with
 * Emmett's parsers and puts `pg`'s back afterwards: every system is measured with its own parsing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dumbo, rawSql, setNodePostgresTypeParser } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import type { NewEvent } from '../src/event-store/event-store.ts';
import { benchEvent } from './bench-support.ts';

export const EMMETT_VERSION: string = (
  JSON.parse(readFileSync(new URL('../node_modules/@event-driven-io/emmett-postgresql/package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Why there is no Emmett column for PGlite. */
export const EMMETT_PGLITE_UNAVAILABLE =
  "Emmett 0.42's PostgreSQL store runs on node-postgres only (its driver layer, dumbo 0.12, has no PGlite connector)";

/** Pulling settings of Emmett's consumer: its defaults, and the fastest found on this machine. */
export interface EmmettPulling {
  readonly batchSize: number;
  readonly pullingFrequencyInMs: number;
}
export const EMMETT_DEFAULT_PULLING: EmmettPulling = { batchSize: 100, pullingFrequencyInMs: 50 };
export const EMMETT_BEST_PULLING: EmmettPulling = { batchSize: 5000, pullingFrequencyInMs: 0 };

export interface EmmettBenchStore {
  /** Appends to `stream`, which must be at `expectedVersion` (0: new); returns the new version. */
  append(stream: string, events: readonly NewEvent[], expectedVersion: number): Promise<number>;
  /** Reads a whole stream; returns the number of events. */
  readStream(stream: string): Promise<number>;
  /** Reads the global log from the start in pages of `pageSize`; returns the number of events. */
  readAllInPages(pageSize: number): Promise<number>;
  /**
   * Follows the global log from the start with a new reactor until it is caught up, or until
   * `capSeconds` passed; returns the events handled.
   */
  catchUp(pulling: EmmettPulling, capSeconds: number): Promise<number>;
  /**
   * Reads the global log in pages of `pageSize` from `after` (a global position) to the end, or until
   * `capSeconds` passed; returns the events read and the seconds it took.
   */
  readPagesAfter(after: number, pageSize: number, capSeconds: number): Promise<{ events: number; seconds: number }>;
  /** Number of events in the global log. */
  count(): Promise<number>;
  close(): Promise<void>;
}

const PG_PARSED_OIDS = [20, 114, 3802] as const;
const pgParsers = PG_PARSED_OIDS.map((oid) => [oid, pg.types.getTypeParser(oid, 'text')] as const);

/** Emmett calls in flight: concurrent writers share one switch to Emmett's parsers and back. */
let emmettCallsInFlight = 0;

async function withEmmettParsers<T>(work: () => Promise<T>): Promise<T> {
  if (emmettCallsInFlight++ === 0) setNodePostgresTypeParser({ force: true });
  try {
    return await work();
  } finally {
    if (--emmettCallsInFlight === 0) for (const [oid, parser] of pgParsers) pg.types.setTypeParser(oid, parser);
  }
}

function toEmmettEvent(event: NewEvent) {
  return {
    type: event.eventType,
    data: event.data,
    metadata: { messageId: event.eventId, ...event.metadata, causationId: event.causationId, correlationId: event.correlationId },
  };
}

export async function openEmmettStore(serverUrl: string): Promise<EmmettBenchStore> {
  const name = `emmett_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  // Our own pg pool, so that close() ends it whatever dumbo's shared-pool bookkeeping says.
  const pgPool = new pg.Pool({ connectionString, max: 10 });
  pgPool.on('error', () => {});
  const pool = dumbo({ connectionString, pool: pgPool });
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { dumbo: pool } });
  await withEmmettParsers(() => store.schema.migrate());
  return {
    append: (stream, events, expectedVersion) =>
      withEmmettParsers(async () => {
        const result = await store.appendToStream(stream, events.map(toEmmettEvent), { expectedStreamVersion: BigInt(expectedVersion) });
        return Number(result.nextExpectedStreamVersion);
      }),
    readStream: (stream) => withEmmettParsers(async () => (await store.readStream(stream)).events.length),
    readAllInPages: (pageSize) =>
      withEmmettParsers(async () => {
        let after = 0n;
        let count = 0;
        for (;;) {
          const batch = await readMessagesBatch(pool.execute, { after, batchSize: pageSize });
          if (batch.messages.length === 0) return count;
          count += batch.messages.length;
          after = batch.currentGlobalPosition;
        }
      }),
    readPagesAfter: (after, pageSize, capSeconds) =>
      withEmmettParsers(async () => {
        const started = performance.now();
        let position = BigInt(after);
        let events = 0;
        while (performance.now() - started < capSeconds * 1000) {
          const batch = await readMessagesBatch(pool.execute, { after: position, batchSize: pageSize });
          if (batch.messages.length === 0) break;
          events += batch.messages.length;
          position = batch.currentGlobalPosition;
        }
        return { events, seconds: (performance.now() - started) / 1000 };
      }),
    catchUp: (pulling, capSeconds) =>
      withEmmettParsers(async () => {
        const deadline = performance.now() + capSeconds * 1000;
        let count = 0;
        const consumer = store.consumer({ pulling, stopWhen: { noMessagesLeft: true } });
        consumer.reactor({
          processorId: `bench-catch-up-${randomUUID()}`,
          startFrom: 'BEGINNING',
          eachMessage: async () => {
            count += 1;
          },
          stopAfter: () => performance.now() > deadline,
        });
        await consumer.start();
        await consumer.stop();
        return count;
      }),
    count: () =>
      withEmmettParsers(async () => {
        const { rows } = await pool.execute.query<{ count: bigint }>(rawSql('select count(*) as count from emt_messages'));
        return Number(rows[0]?.count ?? 0);
      }),
    async close() {
      await withEmmettParsers(() => store.close());
      await pgPool.end();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Seeds Emmett's log like the EsBank one: a 1 000-event stream (returned), then streams of 500
 * events until the log holds `logEvents`.
 */
export async function seedEmmettLog(store: EmmettBenchStore, logEvents: number, onProgress?: (written: number) => void): Promise<string> {
  const events = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => benchEvent(i));
  const stream = `bench-stream-${randomUUID()}`;
  let version = 0;
  for (let written = 0; written < 1_000; written += 100) version = await store.append(stream, events(100), version);
  for (let written = await store.count(); written < logEvents; written += 500) {
    await store.append(`bench-seed-${randomUUID()}`, events(500), 0);
    if (written % 100_000 < 500) onProgress?.(written);
  }
  return stream;
}
