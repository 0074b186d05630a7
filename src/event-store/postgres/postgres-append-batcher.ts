/**
 * Writes appends to PostgreSQL in batches, one transaction per batch, and settles each append.
 *
 * How the gap problem is solved. With positions from a sequence, a transaction that took position 11
 * can commit before the one that took 10, and a reader that saw 11 and moved on would never see 10.
 * Here every append transaction first takes one transaction-scoped advisory lock, then numbers its
 * events from the current maximum position, and holds the lock until it has committed. Positions are
 * therefore handed out in commit order and are contiguous: a reader that sees position P has already
 * seen, or can see, every position below P. The lock also makes the version and event-id checks
 * race-free across processes.
 *
 * Serialising commits would cap throughput at one fsync per append, so appends that arrive while a
 * batch is being written wait in a queue and are written together by the next transaction (group
 * commit). Each append in a batch keeps its own expected-version check and outcome: one append's
 * conflict never fails another's.
 */
import { type Kysely, sql } from 'kysely';
import type { AppendResult, JsonObject, RecordedEvent } from '../event-store.ts';
import { type AppendOutcome, type AppendRequest, type AppendState, planAppendBatch } from './postgres-append-plan.ts';
import type { EventStoreTables } from './postgres-event-store-tables.ts';

/** Any constant works, as long as every writer of this database uses the same. Spells "esbankap". */
const APPEND_LOCK_KEY = 0x657362616e6b6170n;
export const EVENTS_NOTIFY_CHANNEL = 'esbank_events';

interface PendingAppend {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export class PostgresAppendBatcher {
  readonly #db: Kysely<EventStoreTables>;
  readonly #maxEventsPerBatch: number;
  #queue: PendingAppend[] = [];
  #isWriting = false;

  constructor(db: Kysely<EventStoreTables>, options: { maxEventsPerBatch?: number } = {}) {
    this.#db = db;
    this.#maxEventsPerBatch = options.maxEventsPerBatch ?? 2_000;
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      if (!this.#isWriting) void this.#writeQueued();
    });
  }

  async #writeQueued(): Promise<void> {
    this.#isWriting = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#takeBatch();
        try {
          const outcomes = await this.#writeBatch(batch.map((p) => p.request));
          batch.forEach((pending, i) => settle(pending, outcomes[i]));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#isWriting = false;
    }
  }

  #takeBatch(): PendingAppend[] {
    let events = 0;
    let count = 0;
    for (const pending of this.#queue) {
      if (count > 0 && events + pending.request.events.length > this.#maxEventsPerBatch) break;
      events += pending.request.events.length;
      count += 1;
    }
    return this.#queue.splice(0, count);
  }

  async #writeBatch(requests: readonly AppendRequest[]): Promise<readonly AppendOutcome[]> {
    return this.#db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.raw(APPEND_LOCK_KEY.toString())})`.execute(trx);
      const state = await readAppendState(trx, requests);
      const plan = planAppendBatch(requests, state);
      if (plan.newEvents.length > 0) await insertEvents(trx, plan.newEvents, plan.head);
      return plan.outcomes;
    });
  }
}

function settle(pending: PendingAppend, outcome: AppendOutcome | undefined): void {
  if (!outcome) pending.reject(new Error('The append batch produced no outcome for this append.'));
  else if (outcome.ok) pending.resolve(outcome.result);
  else pending.reject(outcome.error);
}

interface AppendStateRow {
  head: number | string;
  now: Date;
  versions: [string, number][];
  existing: ExistingEventJson[];
}

interface ExistingEventJson {
  position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: JsonObject;
  metadata: JsonObject;
  causation_id: string | null;
  correlation_id: string | null;
  created_at: string;
}

/** One round trip: head, transaction time, versions of the touched streams, events already stored. */
async function readAppendState(trx: Kysely<EventStoreTables>, requests: readonly AppendRequest[]): Promise<AppendState> {
  const streamIds = [...new Set(requests.map((r) => r.streamId))];
  const eventIds = requests.flatMap((r) => r.events.map((e) => e.eventId));
  const { rows } = await sql<AppendStateRow>`
    select
      (select coalesce(max(position), 0) from events) as head,
      now() as now,
      coalesce((select json_agg(json_build_array(stream_id, version)) from (
        select stream_id, max(stream_version) as version from events
        where stream_id = any(${streamIds}::text[]) group by stream_id) as v), '[]') as versions,
      coalesce((select json_agg(e order by e.position) from events as e
        where e.event_id = any(${eventIds}::uuid[])), '[]') as existing
  `.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('The append state query returned no row.');
  return {
    head: Number(row.head),
    now: row.now,
    streamVersions: new Map(row.versions),
    existingEvents: new Map(row.existing.map((e) => [e.event_id, existingToRecorded(e)])),
  };
}

function existingToRecorded(e: ExistingEventJson): RecordedEvent {
  return {
    eventId: e.event_id,
    eventType: e.event_type,
    schemaVersion: e.schema_version,
    streamId: e.stream_id,
    streamVersion: e.stream_version,
    position: e.position,
    data: e.data,
    metadata: e.metadata,
    causationId: e.causation_id,
    correlationId: e.correlation_id,
    createdAt: new Date(e.created_at),
  };
}

/** One round trip: every new row from one JSON parameter, and the NOTIFY that wakes live readers. */
async function insertEvents(trx: Kysely<EventStoreTables>, events: readonly RecordedEvent[], head: number): Promise<void> {
  const rows = JSON.stringify(
    events.map((e) => ({
      position: e.position,
      stream_id: e.streamId,
      stream_version: e.streamVersion,
      event_id: e.eventId,
      event_type: e.eventType,
      schema_version: e.schemaVersion,
      data: e.data,
      metadata: e.metadata,
      causation_id: e.causationId,
      correlation_id: e.correlationId,
    })),
  );
  await sql`
    with inserted as (
      insert into events (position, stream_id, stream_version, event_id, event_type, schema_version,
                          data, metadata, causation_id, correlation_id, created_at)
      select r.position, r.stream_id, r.stream_version, r.event_id, r.event_type, r.schema_version,
             r.data, r.metadata, r.causation_id, r.correlation_id, now()
      from jsonb_to_recordset(${rows}::jsonb) as r(
        position bigint, stream_id text, stream_version integer, event_id uuid, event_type text,
        schema_version integer, data jsonb, metadata jsonb, causation_id uuid, correlation_id uuid)
      returning 1
    )
    select pg_notify(${EVENTS_NOTIFY_CHANNEL}, ${String(head)}) from (select count(*) from inserted) as c
  `.execute(trx);
}
