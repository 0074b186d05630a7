/**
 * The event store on PostgreSQL through kysely: a real server through `pg`, or PGlite in-process.
 *
 * Appends go through {@link PostgresAppendBatcher}, which hands out contiguous, commit-ordered
 * positions (its comment explains how that closes the gap problem). Live delivery: each append
 * transaction sends NOTIFY on commit; one shared {@link LiveEventTail} per store reads the new events
 * once and feeds every subscription of this process.
 */
import { isUuidText } from '../event-store.ts';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DatabaseConnection, Unlisten } from '../../database/database-connection.ts';
import { createCatchUpSubscription, type GlobalLogPage } from '../catch-up-subscription.ts';
import type {
  AppendResult,
  EventFilter,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadByCorrelationOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.ts';
import { LiveEventTail } from '../live-event-tail.ts';
import { EVENTS_NOTIFY_CHANNEL, PostgresAppendBatcher } from './postgres-append-batcher.ts';
import { EVENT_COLUMNS, type EventStoreTables, type EventsTable, toRecordedEvent } from './postgres-event-store-tables.ts';
import { assertValidAppendOrThrow } from '../append-validation.ts';

export interface PostgresEventStoreOptions {
  /** The most events one append transaction writes when appends are batched (default 2 000). */
  readonly maxEventsPerBatch?: number;
  /** Events the shared live tail keeps in memory (default 10 000). */
  readonly liveTailCapacity?: number;
  /** Called with errors of background reads (the live tail retries by itself). */
  readonly onBackgroundError?: (error: unknown) => void;
}

const DEFAULT_READ_ALL_LIMIT = 1_000;
/** A filtered page looks at no more than this many positions, so a sparse filter still advances. */
const FILTER_SCAN_WINDOW = 20_000;

export function createPostgresEventStore(
  connection: Pick<DatabaseConnection, 'db' | 'listen'>,
  options: PostgresEventStoreOptions = {},
): EventStore {
  const db = connection.db as Kysely<EventStoreTables>;
  const batcher = new PostgresAppendBatcher(connection.db, options);
  const onError = options.onBackgroundError ?? (() => {});
  const subscriptions = new Set<EventSubscription>();

  const headPosition = async (): Promise<GlobalPosition> => {
    const row = await db.selectFrom('events').select((eb) => eb.fn.max('position').as('head')).executeTakeFirst();
    return Number(row?.head ?? 0);
  };

  const readAfter = async (after: GlobalPosition, limit: number, upTo?: GlobalPosition, filter?: EventFilter): Promise<RecordedEvent[]> => {
    let query = db.selectFrom('events').select(EVENT_COLUMNS).where('position', '>', after);
    if (upTo !== undefined) query = query.where('position', '<=', upTo);
    const rows = await applyFilter(query, filter).orderBy('position').limit(limit).execute();
    return rows.map(toRecordedEvent);
  };

  const readPage = async (after: GlobalPosition, limit: number, filter: EventFilter | undefined): Promise<GlobalLogPage> => {
    if (!hasFilter(filter)) {
      const events = await readAfter(after, limit);
      return { events, scannedTo: events.at(-1)?.position ?? after };
    }
    // Read the head first: every position up to it is committed, so the window is complete.
    const upTo = Math.min(after + FILTER_SCAN_WINDOW, await headPosition());
    if (upTo <= after) return { events: [], scannedTo: after };
    const events = await readAfter(after, limit, upTo, filter);
    return { events, scannedTo: events.length === limit ? (events.at(-1)?.position ?? upTo) : upTo };
  };

  let unlisten: Promise<Unlisten> | undefined;
  const startNotifications = async (): Promise<void> => {
    unlisten ??= connection.listen(EVENTS_NOTIFY_CHANNEL, (payload) => tail.headMoved(Number(payload)), () => tail.headMoved());
    await unlisten.catch((error: unknown) => {
      unlisten = undefined;
      throw error;
    });
  };
  const tail = new LiveEventTail(
    { startNotifications, readAfter: (after, limit) => readAfter(after, limit), headPosition },
    { capacity: options.liveTailCapacity, onError },
  );

  return {
    async append(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
      assertValidAppendOrThrow(streamId, events, expectedVersion);
      return batcher.append({ streamId, events, expectedVersion });
    },

    async readStream(streamId: string, { from, direction = 'forwards', limit }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
      let query = db.selectFrom('events').select(EVENT_COLUMNS).where('stream_id', '=', streamId);
      if (direction === 'forwards') {
        query = query.where('stream_version', '>=', from ?? 1).orderBy('stream_version', 'asc');
      } else {
        if (from !== undefined) query = query.where('stream_version', '<=', from);
        query = query.orderBy('stream_version', 'desc');
      }
      if (limit !== undefined) query = query.limit(limit);
      return (await query.execute()).map(toRecordedEvent);
    },

    async readAll({ fromPosition = 0, limit = DEFAULT_READ_ALL_LIMIT, filter }: ReadAllOptions = {}): Promise<RecordedEvent[]> {
      const events: RecordedEvent[] = [];
      let checkpoint = fromPosition;
      const head = hasFilter(filter) ? await headPosition() : Number.MAX_SAFE_INTEGER;
      while (events.length < limit) {
        const page = await readPage(checkpoint, limit - events.length, filter);
        events.push(...page.events);
        if (page.scannedTo <= checkpoint || page.scannedTo >= head || !hasFilter(filter)) break;
        checkpoint = page.scannedTo;
      }
      return events;
    },

    /** Through `events_correlation_id_idx` (correlation_id, position). The column is a uuid: other ids match nothing. */
    async readByCorrelation(correlationId: string, { fromPosition = 0, limit }: ReadByCorrelationOptions = {}): Promise<RecordedEvent[]> {
      if (!isUuidText(correlationId)) return [];
      let query = db
        .selectFrom('events')
        .select(EVENT_COLUMNS)
        .where('correlation_id', '=', correlationId.toLowerCase())
        .where('position', '>', fromPosition)
        .orderBy('position');
      if (limit !== undefined) query = query.limit(limit);
      return (await query.execute()).map(toRecordedEvent);
    },

    subscribeToAll(subscribeOptions: SubscribeOptions = {}): EventSubscription {
      const subscription = createCatchUpSubscription(readPage, tail, subscribeOptions);
      subscriptions.add(subscription);
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        stop: async () => {
          subscriptions.delete(subscription);
          await subscription.stop();
        },
      };
    },

    headPosition,

    async close(): Promise<void> {
      tail.stop();
      await Promise.all([...subscriptions].map((s) => s.stop()));
      if (unlisten) await (await unlisten.catch(() => async () => {}))();
    },
  };
}

function hasFilter(filter: EventFilter | undefined): filter is EventFilter {
  return Boolean(filter?.eventTypePrefixes?.length || filter?.streamPrefixes?.length);
}

function applyFilter<O>(
  query: SelectQueryBuilder<EventStoreTables, 'events', O>,
  filter: EventFilter | undefined,
): SelectQueryBuilder<EventStoreTables, 'events', O> {
  let filtered = query;
  const byColumn: [keyof EventsTable & ('event_type' | 'stream_id'), readonly string[] | undefined][] = [
    ['event_type', filter?.eventTypePrefixes],
    ['stream_id', filter?.streamPrefixes],
  ];
  for (const [column, prefixes] of byColumn) {
    if (!prefixes || prefixes.length === 0) continue;
    const patterns = prefixes.map((p) => `${p.replace(/[\\%_]/g, '\\$&')}%`);
    filtered = filtered.where(sql<boolean>`${sql.ref(column)} like any(${patterns}::text[])`);
  }
  return filtered;
}
