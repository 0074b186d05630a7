/**
 * Pure translations between the event-store port and the KurrentDB (EventStoreDB) client: event data
 * and metadata, stream versions and revisions, `$all` positions, filters and version conflicts.
 *
 * Decisions, each checked against the server's source (kurrent-io/KurrentDB, formerly EventStore):
 * - **Versions**: our stream versions are 1-based, KurrentDB revisions 0-based: version = revision + 1.
 * - **Positions**: our global position is the event's commit position. Every append through the gRPC
 *   API writes each event as its own implicitly committed prepare record, and `$all` reports such an
 *   event at (commit = prepare = that record's log offset), so events of one multi-event append get
 *   distinct positions and the commit position alone identifies an event. A checkpoint P maps back to
 *   {commit: P, prepare: P}, the exact position of that event. Only the legacy TCP-only explicit
 *   transactions gave several events one shared commit position; such an event is refused rather than
 *   mapped lossily (see {@link toGlobalPosition}).
 * - **Metadata**: stored as one JSON object holding the caller's metadata plus `$causationId`,
 *   `$correlationId` (the keys KurrentDB's own projections read) and `esbankSchemaVersion`. Reading
 *   strips those three keys again, so `metadata` round-trips exactly as the PostgreSQL adapter stores it.
 */
import {
  ANY,
  NO_STREAM,
  START as KURRENT_START,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type RecordedEvent as KurrentRecordedEvent,
  type WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  START,
  WrongExpectedVersionError,
  type EventFilter,
  type ExpectedVersion,
  type GlobalPosition,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.ts';

export const CAUSATION_ID_KEY = '$causationId';
export const CORRELATION_ID_KEY = '$correlationId';
export const SCHEMA_VERSION_KEY = 'esbankSchemaVersion';

/** Our event as the client's JSON event data; the event id is kept, so the server can recognise retries. */
export function toEventData(event: NewEvent): EventData {
  return jsonEvent({ id: event.eventId, type: event.eventType, data: event.data, metadata: toEventMetadata(event) });
}

/** The caller's metadata plus our reserved keys; the reserved keys win over the caller's. */
export function toEventMetadata(event: NewEvent): JsonObject {
  const metadata: JsonObject = { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion ?? 1 };
  if (event.causationId != null) metadata[CAUSATION_ID_KEY] = event.causationId;
  if (event.correlationId != null) metadata[CORRELATION_ID_KEY] = event.correlationId;
  return metadata;
}

export interface ParsedEventMetadata {
  readonly metadata: JsonObject;
  readonly schemaVersion: number;
  readonly causationId: string | null;
  readonly correlationId: string | null;
}

/** Splits stored metadata into the caller's part and our reserved keys (missing keys: version 1, null ids). */
export function fromEventMetadata(stored: unknown): ParsedEventMetadata {
  if (!isJsonObject(stored)) return { metadata: {}, schemaVersion: 1, causationId: null, correlationId: null };
  const {
    [SCHEMA_VERSION_KEY]: schemaVersion,
    [CAUSATION_ID_KEY]: causationId,
    [CORRELATION_ID_KEY]: correlationId,
    ...metadata
  } = stored;
  return {
    metadata,
    schemaVersion: typeof schemaVersion === 'number' && Number.isSafeInteger(schemaVersion) ? schemaVersion : 1,
    causationId: typeof causationId === 'string' ? causationId : null,
    correlationId: typeof correlationId === 'string' ? correlationId : null,
  };
}

/** System events (`$metadata`, `$>` links, `$stats…`) and system streams are never handed to our consumers. */
export function isSystemEvent(event: { readonly type: string; readonly streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * A recorded event from the client as ours. Throws for events this store never writes: non-JSON
 * payloads, and events without a position (servers older than 22.6 omit it on stream reads).
 */
export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  if (!event.isJson || !isJsonObject(event.data)) {
    throw new Error(
      `Event ${event.id} in stream "${event.streamId}" is not a JSON object; this store only reads events ` +
        'it wrote itself. Check that no other application writes to these streams.',
    );
  }
  if (!event.position) {
    throw new Error(
      `The server returned event ${event.id} of stream "${event.streamId}" without its $all position. ` +
        'This adapter needs EventStoreDB/KurrentDB 22.6 or later.',
    );
  }
  const { metadata, schemaVersion, causationId, correlationId } = fromEventMetadata(event.metadata);
  return {
    eventId: event.id,
    eventType: event.type,
    schemaVersion,
    streamId: event.streamId,
    streamVersion: Number(event.revision) + 1,
    position: toGlobalPosition(event.position),
    data: event.data,
    metadata,
    causationId,
    correlationId,
    createdAt: event.created,
  };
}

/** Our expected version as the client's stream state: version N is revision N - 1, version 0 no stream. */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`An expected version must be 'any', 'no_stream', 'stream_exists' or an integer >= 0, got ${expected}.`);
      }
      return expected === 0 ? NO_STREAM : BigInt(expected - 1);
  }
}

/** The client's stream state back as our expected version (negative revisions are the server's sentinels). */
export function fromStreamState(state: AppendStreamState): ExpectedVersion {
  if (typeof state !== 'bigint') return state;
  if (state >= 0n) return Number(state) + 1;
  if (state === -1n) return 'no_stream';
  if (state === -4n) return 'stream_exists';
  return 'any';
}

/** The stream's current state as our version: 0 when it does not exist (or was deleted). */
export function toStreamVersion(state: CurrentStreamState): number {
  return typeof state === 'bigint' && state >= 0n ? Number(state) + 1 : 0;
}

/** The revision of the event at stream version `version` (1-based). */
export function toRevision(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError(`A stream version is an integer >= 1, got ${version}.`);
  return BigInt(version - 1);
}

/** An event's `$all` position as our global position: its commit position (see the module comment). */
export function toGlobalPosition(position: Position): GlobalPosition {
  if (position.commit !== position.prepare) {
    throw new Error(
      `Event at $all position commit ${position.commit} / prepare ${position.prepare} was written by an explicit ` +
        'transaction, whose events share one commit position; this store cannot checkpoint such events.',
    );
  }
  if (position.commit < 0n || position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`The $all position ${position.commit} does not fit a safe integer.`);
  }
  return Number(position.commit);
}

/**
 * A checkpoint as the position to read or subscribe from. Reads of `$all` include the event at that
 * position (callers skip it); subscriptions start strictly after it.
 */
export function toReadPosition(checkpoint: GlobalPosition): ReadPosition {
  if (!Number.isSafeInteger(checkpoint) || checkpoint < 0) {
    throw new RangeError(`A checkpoint is a global position (an integer >= 0), got ${checkpoint}.`);
  }
  if (checkpoint === START) return KURRENT_START;
  const position = BigInt(checkpoint);
  return { commit: position, prepare: position };
}

/**
 * The server-side part of our filter. The server filters on event type or on stream name, never both:
 * with both, it filters by event type and the caller must also apply `isEventMatchingFilter` in memory
 * (harmless to apply always). Without a filter, system events are excluded on the server.
 */
export function toServerFilter(filter?: EventFilter): Filter {
  const eventTypePrefixes = filter?.eventTypePrefixes ?? [];
  const streamPrefixes = filter?.streamPrefixes ?? [];
  if (eventTypePrefixes.length > 0) return eventTypeFilter({ prefixes: [...eventTypePrefixes] });
  if (streamPrefixes.length > 0) return streamNameFilter({ prefixes: [...streamPrefixes] });
  return excludeSystemEvents();
}

/** The client's version conflict as ours; `expected` is what the caller passed (the client's is a translation). */
export function toWrongExpectedVersionError(
  error: KurrentWrongExpectedVersionError,
  expected: ExpectedVersion = fromStreamState(error.expectedState),
): WrongExpectedVersionError {
  return new WrongExpectedVersionError(error.streamName, expected, toStreamVersion(error.actualState));
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
