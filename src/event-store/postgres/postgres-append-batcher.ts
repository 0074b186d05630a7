/**
 * Writes appends to PostgreSQL in batches: one call of `esbank_append_batch` (see the events
 * migration) per batch, which is one round trip and one commit, and settles each append.
 *
 * How the gap problem is solved. With positions from a sequence, a transaction that took position 11
 * can commit before the one that took 10, and a reader that saw 11 and moved on would never see 10.
 * Here every append first takes one transaction-scoped advisory lock, numbers its events from the
 * current maximum position, and holds the lock until it has committed. Positions are therefore
 * handed out in commit order and are contiguous: a reader that sees position P has already seen, or
 * can see, every position below P. The lock also makes the version and event-id checks race-free
 * across processes.
 *
 * Serialising commits would cap throughput at one commit per append, so appends that arrive while a
 * batch is being written wait in a queue and are written together by the next call (group commit).
 * Each append in a batch keeps its own expected-version check and outcome: one append's conflict or
 * refused row never fails another's (a call that fails as a whole is retried one append at a time).
 */
import { type Kysely, sql } from 'kysely';
import {
  type AppendResult,
  DuplicateEventIdError,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '../event-store.ts';
import { type EventRow, toRecordedEvent } from './postgres-event-store-tables.ts';

export const EVENTS_NOTIFY_CHANNEL = 'esbank_events';
/** The advisory lock `esbank_append_batch` takes; written out in the migration too. */
export const APPEND_LOCK_KEY = 7310314376484233584n;

export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion;
}

interface PendingAppend {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type AppendOutcomeJson =
  | { kind: 'appended'; firstPosition: number; streamVersion: number }
  | { kind: 'replay'; events: StoredEventJson[] }
  | { kind: 'duplicate'; eventIds: string[] }
  | { kind: 'wrong_version'; actualVersion: number }
  | { kind: 'failed'; sqlState: string; reason: string };

/** An events row as `to_jsonb` renders it: the timestamp arrives as text. */
type StoredEventJson = Omit<EventRow, 'created_at'> & { created_at: string };

export class PostgresAppendBatcher {
  readonly #db: Kysely<unknown>;
  readonly #maxEventsPerBatch: number;
  #queue: PendingAppend[] = [];
  #isWriting = false;

  constructor(db: Kysely<unknown>, options: { maxEventsPerBatch?: number } = {}) {
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
        // Let writers whose previous append just settled queue their next one before taking a batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.#takeBatch();
        try {
          await this.#write(batch);
        } catch {
          // The call failed as a whole (a value PostgreSQL refuses, or a lost connection) and wrote
          // nothing: write each append alone, so that only the appends that fail are refused.
          for (const pending of batch) await this.#write([pending]).catch((error: unknown) => pending.reject(error));
        }
      }
    } finally {
      this.#isWriting = false;
    }
  }

  async #write(batch: readonly PendingAppend[]): Promise<void> {
    const { outcomes, createdAt } = await this.#writeBatch(batch.map((p) => p.request));
    batch.forEach((pending, i) => settle(pending, outcomes[i], createdAt));
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

  async #writeBatch(requests: readonly AppendRequest[]): Promise<{ outcomes: AppendOutcomeJson[]; createdAt: Date }> {
    const batch = JSON.stringify(
      requests.map((r) => ({
        stream_id: r.streamId,
        expected: r.expectedVersion,
        events: r.events.map((e) => ({
          event_id: e.eventId,
          event_type: e.eventType,
          schema_version: e.schemaVersion ?? 1,
          data: e.data,
          metadata: e.metadata ?? {},
          causation_id: e.causationId ?? null,
          correlation_id: e.correlationId ?? null,
        })),
      })),
    );
    const { rows } = await sql<{ result: { outcomes: AppendOutcomeJson[]; createdAt: string } }>`
      select esbank_append_batch(${batch}::jsonb) as result`.execute(this.#db);
    const result = rows[0]?.result;
    if (!result) throw new Error('esbank_append_batch returned no result.');
    return { outcomes: result.outcomes, createdAt: new Date(result.createdAt) };
  }
}

function settle(pending: PendingAppend, outcome: AppendOutcomeJson | undefined, createdAt: Date): void {
  const { streamId, events, expectedVersion } = pending.request;
  switch (outcome?.kind) {
    case 'appended':
      return pending.resolve(appendedResult(pending.request, outcome.firstPosition, outcome.streamVersion, createdAt));
    case 'replay':
      return pending.resolve(resultOf(outcome.events.map(storedToRecorded)));
    case 'duplicate':
      return pending.reject(new DuplicateEventIdError(streamId, outcome.eventIds));
    case 'wrong_version':
      return pending.reject(new WrongExpectedVersionError(streamId, expectedVersion, outcome.actualVersion));
    case 'failed':
      return pending.reject(new AppendFailedError(streamId, outcome.sqlState, outcome.reason));
    default:
      return pending.reject(new Error(`The append batch returned no outcome for the ${events.length} event(s) of "${streamId}".`));
  }
}

/** PostgreSQL refused the rows of one append (the other appends of its batch were written). */
export class AppendFailedError extends Error {
  override readonly name = 'AppendFailedError';
  readonly sqlState: string;

  constructor(streamId: string, sqlState: string, reason: string) {
    super(`PostgreSQL refused the events for stream "${streamId}" (${sqlState}): ${reason}`);
    this.sqlState = sqlState;
  }
}

function appendedResult(request: AppendRequest, firstPosition: number, streamVersion: number, createdAt: Date): AppendResult {
  const firstVersion = streamVersion - request.events.length + 1;
  return resultOf(
    request.events.map((event, i) => ({
      eventId: event.eventId,
      eventType: event.eventType,
      schemaVersion: event.schemaVersion ?? 1,
      streamId: request.streamId,
      streamVersion: firstVersion + i,
      position: Number(firstPosition) + i,
      data: event.data,
      metadata: event.metadata ?? {},
      causationId: event.causationId ?? null,
      correlationId: event.correlationId ?? null,
      createdAt,
    })),
  );
}

function storedToRecorded(e: StoredEventJson): RecordedEvent {
  return toRecordedEvent({ ...e, created_at: new Date(e.created_at) });
}

function resultOf(events: readonly RecordedEvent[]): AppendResult {
  const last = events.at(-1);
  if (!last) throw new Error('An append result needs at least one event.');
  return { streamVersion: last.streamVersion, position: last.position, events };
}
