/**
 * The event store port: the one interface every storage adapter implements
 * (PostgreSQL through kysely on `pg` or PGlite, and EventStoreDB/KurrentDB).
 *
 * Vocabulary, shared by every adapter:
 *
 * - A **stream** is the ordered history of one aggregate (`account-<uuid>`, `teller-<uuid>`).
 *   Its events are numbered 1, 2, 3, … by their **stream version**; a stream holding N events is at
 *   version N, and a stream that does not exist is at version 0.
 * - The **global position** orders every event of the store. Positions are positive safe integers,
 *   strictly increasing in the order events became visible (commit order), so a reader that has seen
 *   position P and later reads "after P" can never receive an event older than one it already has.
 *   Positions are not guaranteed to be contiguous (EventStoreDB uses log offsets); the PostgreSQL
 *   adapter happens to hand out 1, 2, 3, ….
 * - A position passed as `fromPosition` is a **checkpoint**: the position of the last event the caller
 *   already processed. Reading starts strictly after it; {@link START} reads from the beginning.
 * - Every recorded event carries the schema version of its type as it was written; the upcasting
 *   decorator (`upcasting-event-store.ts`) turns old shapes into current ones before any consumer
 *   sees them. The composition root hands every reader the decorated store.
 */

/** Any JSON value: what event data and metadata are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A global position in the store, see the module comment. */
export type GlobalPosition = number;

/** The checkpoint before the first event: read or subscribe from the very beginning. */
export const START: GlobalPosition = 0;

/**
 * What the writer believes about the stream before appending:
 * - `'any'`: no check at all;
 * - `'no_stream'`: the stream must not exist yet (version 0);
 * - `'stream_exists'`: the stream must hold at least one event;
 * - a number N: the stream must be exactly at version N (0 means "does not exist").
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event to append. Ids are chosen by the writer so that a retried append is recognised. */
export interface NewEvent {
  /** A UUID chosen by the writer. Re-appending the same ids is a no-op (see {@link EventStore.append}). */
  readonly eventId: string;
  readonly eventType: string;
  /** The schema version of `eventType` this payload follows; 1 when omitted. */
  readonly schemaVersion?: number;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
  /** The id of the command or event that directly caused this event. */
  readonly causationId?: string | null;
  /** The id shared by every command and event of one business flow. */
  readonly correlationId?: string | null;
}

/** An event as stored: the fields of the original EventStore row plus stream and position. */
export interface RecordedEvent<Data extends JsonObject = JsonObject> {
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** 1-based version of the event inside its stream. */
  readonly streamVersion: number;
  readonly position: GlobalPosition;
  readonly data: Data;
  readonly metadata: JsonObject;
  readonly causationId: string | null;
  readonly correlationId: string | null;
  readonly createdAt: Date;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the expected version of the next append. */
  readonly streamVersion: number;
  /** The global position of the last event written (or found, for an idempotent replay). */
  readonly position: GlobalPosition;
  /** The recorded events in stream order (upcast when read through the upcasting decorator). */
  readonly events: readonly RecordedEvent[];
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /**
   * The first stream version to return (inclusive). Defaults to 1 going forwards and to the last
   * event going backwards.
   */
  readonly from?: number;
  readonly direction?: ReadDirection;
  /** At most this many events; unbounded when omitted. */
  readonly limit?: number;
}

/** Narrows `$all` reads and subscriptions. Both lists are ORed within themselves and ANDed together. */
export interface EventFilter {
  /** Keep events whose type starts with one of these prefixes, e.g. `['Accounts.']`. */
  readonly eventTypePrefixes?: readonly string[];
  /** Keep events whose stream id starts with one of these prefixes, e.g. `['account-']`. */
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Checkpoint: return events strictly after this position. Defaults to {@link START}. */
  readonly fromPosition?: GlobalPosition;
  /** At most this many events (a page); the adapter's default page size when omitted. */
  readonly limit?: number;
  readonly filter?: EventFilter;
}

export interface ReadByCorrelationOptions {
  /** Checkpoint: return events strictly after this position. Defaults to {@link START}. */
  readonly fromPosition?: GlobalPosition;
  /** At most this many events; unbounded when omitted. */
  readonly limit?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: deliver events strictly after this position. Defaults to {@link START}. */
  readonly fromPosition?: GlobalPosition;
  readonly filter?: EventFilter;
  /** Ends the subscription when aborted, as `stop()` does. */
  readonly signal?: AbortSignal;
}

/**
 * A catch-up subscription: first every stored event after the checkpoint, then live events as they
 * are appended, in global order, each exactly once. Iterate it with `for await`; leaving the loop,
 * calling `stop()`, or aborting the signal ends it and releases its resources.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends `events` to `streamId` atomically (all or none), after checking `expectedVersion`.
   *
   * Idempotent on event ids, as EventStoreDB is: if every event id was already appended to this
   * stream by one earlier append, nothing is written and the original result is returned. Ids that
   * were only partly appended, or appended to another stream, fail with {@link DuplicateEventIdError}.
   *
   * @throws {WrongExpectedVersionError} when the stream is not at the expected version.
   */
  append(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;

  /** Reads one stream in version order; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Reads one page of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Optional: the events of one business flow (every event whose `correlationId` is the given one),
   * in position order, read through an index instead of a scan of `$all`. Callers fall back to
   * scanning `readAll` when an adapter leaves it out. PostgreSQL reads the `events_correlation_id_idx`
   * index and sees every committed append at once. EventStoreDB reads the `$bc-<correlationId>` stream
   * of the `$by_correlation_id` system projection, which must be enabled on the server (it is off by
   * default) and follows appends with a short delay.
   */
  readByCorrelation?(correlationId: string, options?: ReadByCorrelationOptions): Promise<RecordedEvent[]>;

  /** Catch up from a checkpoint, then follow live appends. See {@link EventSubscription}. */
  subscribeToAll(options?: SubscribeOptions): EventSubscription;

  /** The position of the newest event in the store, {@link START} when empty. */
  headPosition(): Promise<GlobalPosition>;

  /** Ends live subscriptions and releases connections the adapter owns. */
  close(): Promise<void>;
}

/** The stream was not at the version the writer expected: reload, decide again, retry. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  /** The stream's actual version when the append was refused (0 when it does not exist). */
  readonly actualVersion: number;

  constructor(streamId: string, expectedVersion: ExpectedVersion, actualVersion: number) {
    super(
      `Cannot append to stream "${streamId}": expected ${describeExpectedVersion(expectedVersion)}, ` +
        `but the stream is at version ${actualVersion}.`,
    );
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** Some of the event ids were already used by a different append. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  readonly streamId: string;
  readonly eventIds: readonly string[];

  constructor(streamId: string, eventIds: readonly string[]) {
    super(
      `Cannot append to stream "${streamId}": event id(s) ${eventIds.join(', ')} were already used ` +
        'by a different append. Re-appending is only a no-op when it repeats the whole original append.',
    );
    this.streamId = streamId;
    this.eventIds = eventIds;
  }
}

export function describeExpectedVersion(expected: ExpectedVersion): string {
  switch (expected) {
    case 'any':
      return 'any version';
    case 'no_stream':
      return 'no stream (version 0)';
    case 'stream_exists':
      return 'an existing stream';
    default:
      return `version ${expected}`;
  }
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for the text of a UUID in any case: what event, causation and correlation ids must be (the
 * form PostgreSQL's uuid type and EventStoreDB accept). Aggregate ids are stricter, see domain/ids.ts.
 */
export function isUuidText(value: unknown): value is string {
  return typeof value === 'string' && UUID_TEXT.test(value);
}

/** True when a stream at `actualVersion` satisfies `expected`. Shared by adapters that check in code. */
export function isExpectedVersionMet(expected: ExpectedVersion, actualVersion: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actualVersion === 0;
    case 'stream_exists':
      return actualVersion > 0;
    default:
      return actualVersion === expected;
  }
}

/** True when the event passes the filter; used by adapters that filter in memory. */
export function isEventMatchingFilter(event: Pick<RecordedEvent, 'eventType' | 'streamId'>, filter?: EventFilter): boolean {
  if (!filter) return true;
  const { eventTypePrefixes, streamPrefixes } = filter;
  if (eventTypePrefixes && eventTypePrefixes.length > 0 && !eventTypePrefixes.some((p) => event.eventType.startsWith(p))) {
    return false;
  }
  if (streamPrefixes && streamPrefixes.length > 0 && !streamPrefixes.some((p) => event.streamId.startsWith(p))) {
    return false;
  }
  return true;
}
