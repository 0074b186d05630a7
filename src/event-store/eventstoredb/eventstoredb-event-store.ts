/**
 * The event-store port on EventStoreDB/KurrentDB, through the maintained `@kurrent/kurrentdb-client`
 * (successor of `@eventstore/db-client`). The server owns ordering, expected-version checks and
 * idempotency on event ids; this adapter translates (see `eventstoredb-mapping.ts`) and fills the gaps:
 *
 * - An append returns the recorded events, which the server does not send back: they are read back by
 *   revision. A retried append with the same expected version is recognised by the server itself; a
 *   conflicting one is inspected here, so that a replay with another expected version returns the
 *   original result and partly reused ids fail with `DuplicateEventIdError`, as in the PostgreSQL adapter.
 *   Not covered: KurrentDB only checks ids per stream (an id reused in another stream is accepted), and
 *   with `'any'` its id check is best effort (a cache of recent writes).
 * - `$all` reads include the event at the start position, so each page skips events at or before the
 *   checkpoint; subscriptions start strictly after it on the server, and are guarded the same way.
 * - System events (types or streams starting with `$`) never reach callers.
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START as KURRENT_START,
  StreamNotFoundError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamSubscription,
  type Filter,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import {
  DuplicateEventIdError,
  START,
  isEventMatchingFilter,
  type AppendResult,
  type EventStore,
  type EventSubscription,
  type ExpectedVersion,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadByCorrelationOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type WrongExpectedVersionError,
} from '../event-store.ts';
import {
  isSystemEvent,
  toEventData,
  toGlobalPosition,
  toReadPosition,
  toRecordedEvent,
  toRevision,
  toServerFilter,
  toStreamState,
  toWrongExpectedVersionError,
} from './eventstoredb-mapping.ts';
import { assertValidAppendOrThrow } from '../append-validation.ts';

export interface EventStoreDbEventStoreOptions {
  /** For example `kurrentdb://localhost:2113?tls=false` (the `esdb://` scheme is accepted too). */
  readonly connectionString: string;
  /** Events per `$all` read request, and the page size of `readAll` without a limit. Defaults to 500. */
  readonly pageSize?: number;
}

export function createEventStoreDbEventStore(options: EventStoreDbEventStoreOptions): EventStore {
  const client = KurrentDBClient.connectionString(options.connectionString);
  const pageSize = options.pageSize ?? 500;
  const liveSubscriptions = new Set<EventSubscription>();

  async function append(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    assertValidAppendOrThrow(streamId, events, expectedVersion);
    const ids = events.map((e) => e.eventId);

    let lastRevision: bigint;
    try {
      const written = await client.appendToStream(streamId, events.map(toEventData), { streamState: toStreamState(expectedVersion) });
      lastRevision = written.nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof KurrentWrongExpectedVersionError)) throw error;
      return resolveConflict(streamId, ids, toWrongExpectedVersionError(error, expectedVersion));
    }
    // The server answers a new append and a recognised retry alike with the revision of the last event.
    const recorded = await readStream(streamId, { from: Number(lastRevision) + 2 - events.length, limit: events.length });
    if (!recorded.every((e, i) => e.eventId === ids[i]) || recorded.length !== ids.length) {
      throw new Error(`Appended to stream "${streamId}", but reading the events back found other event ids.`);
    }
    return toAppendResult(recorded);
  }

  /** A refused append is a replay when all its ids were stored together in this stream, a conflict when some were. */
  async function resolveConflict(streamId: string, ids: readonly string[], refusal: WrongExpectedVersionError): Promise<AppendResult> {
    const wanted = new Set(ids);
    const stored = (await readStream(streamId)).filter((e) => wanted.has(e.eventId));
    if (stored.length === 0) throw refusal;
    const first = stored[0];
    const isReplay =
      first !== undefined &&
      stored.length === ids.length &&
      stored.every((e, i) => e.eventId === ids[i] && e.streamVersion === first.streamVersion + i);
    if (isReplay) return toAppendResult(stored);
    throw new DuplicateEventIdError(streamId, stored.map((e) => e.eventId));
  }

  async function readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { direction = 'forwards', from, limit } = options;
    if (limit !== undefined && limit <= 0) return [];
    if (direction === 'backwards' && from !== undefined && from < 1) return [];
    const start = from === undefined || from < 1 ? (direction === 'forwards' ? KURRENT_START : END) : toRevision(from);
    const events: RecordedEvent[] = [];
    try {
      const read = client.readStream(streamId, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: start,
        maxCount: limit ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async function readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { fromPosition = START, limit = pageSize, filter } = options;
    const serverFilter = toServerFilter(filter);
    const found: RecordedEvent[] = [];
    let cursor = fromPosition;
    while (found.length < limit) {
      const page = await readAllPage(cursor, Math.min(pageSize, limit - found.length) + 1, serverFilter);
      for (const event of page.events) {
        if (found.length < limit && isEventMatchingFilter(event, filter)) found.push(event);
      }
      if (page.isLast) break;
      cursor = page.lastPosition;
    }
    return found;
  }

  /** Reads forwards from a checkpoint (the server includes the event at it), keeping what follows it. */
  async function readAllPage(checkpoint: GlobalPosition, maxCount: number, filter: Filter) {
    const events: RecordedEvent[] = [];
    let received = 0;
    let lastPosition = checkpoint;
    for await (const { event } of client.readAll({ fromPosition: toReadPosition(checkpoint), maxCount, filter })) {
      received += 1;
      if (!event) continue;
      const position = Number(event.position.commit);
      if (position <= checkpoint) continue;
      lastPosition = position;
      if (!isSystemEvent(event)) events.push(toRecordedEvent(event));
    }
    return { events, lastPosition, isLast: received < maxCount };
  }

  /**
   * The `$bc-<correlationId>` stream of the `$by_correlation_id` system projection (enable it on the
   * server: it is off by default; it reads the `$correlationId` metadata key this adapter writes). Its
   * entries are links, resolved to the original events. The projection runs behind the appends, so a
   * flow's newest events may be missing for a moment; a flow it never indexed reads as empty.
   */
  async function readByCorrelation(correlationId: string, options: ReadByCorrelationOptions = {}): Promise<RecordedEvent[]> {
    const { fromPosition = START, limit } = options;
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of client.readStream(`$bc-${correlationId}`, { direction: FORWARDS, fromRevision: KURRENT_START, resolveLinkTos: true })) {
        const event = resolved.event;
        if (!event || isSystemEvent(event)) continue;
        const recorded = toRecordedEvent(event);
        if (recorded.position > fromPosition) events.push(recorded);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    events.sort((a, b) => a.position - b.position);
    return limit === undefined ? events : events.slice(0, limit);
  }

  function subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const { fromPosition = START, filter, signal } = options;
    let stopped = false;
    let source: AllStreamSubscription | undefined;
    const onAbort = () => void stop();

    async function stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      signal?.removeEventListener('abort', onAbort);
      liveSubscriptions.delete(subscription);
      if (!source) return;
      // Ending the local stream first ends a pending `for await` at once; cancelling the call may wait
      // for the connection. Errors the client emits after this point have no reader left: ignore them.
      source.on('error', () => undefined).destroy();
      await source.unsubscribe().catch(() => undefined);
    }

    async function* deliver(): AsyncGenerator<RecordedEvent> {
      if (stopped) return;
      source = client.subscribeToAll({ fromPosition: toReadPosition(fromPosition), filter: toServerFilter(filter) });
      let checkpoint = fromPosition;
      try {
        for await (const { event } of source) {
          if (stopped) return;
          if (!event || isSystemEvent(event)) continue;
          const recorded = toRecordedEvent(event);
          if (recorded.position <= checkpoint || !isEventMatchingFilter(recorded, filter)) continue;
          checkpoint = recorded.position;
          yield recorded;
        }
        if (!stopped) {
          throw new Error(
            `The server ended the subscription to $all after position ${checkpoint}; subscribe again from that position.`,
          );
        }
      } catch (error) {
        if (!stopped) throw error;
      } finally {
        await stop();
      }
    }

    const events = deliver();
    const subscription: EventSubscription = { [Symbol.asyncIterator]: () => events, stop };
    liveSubscriptions.add(subscription);
    if (signal?.aborted) void stop();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return subscription;
  }

  /** The newest non-system event, found by reading `$all` backwards (each page ends before its start). */
  async function headPosition(): Promise<GlobalPosition> {
    let from: ReadPosition = END;
    for (;;) {
      let received = 0;
      for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: 32, filter: excludeSystemEvents() })) {
        received += 1;
        if (!event) continue;
        if (!isSystemEvent(event)) return toGlobalPosition(event.position);
        from = event.position;
      }
      if (received < 32) return START;
    }
  }

  async function close(): Promise<void> {
    await Promise.all([...liveSubscriptions].map((s) => s.stop()));
    await client.dispose();
  }

  return { append, readStream, readAll, readByCorrelation, subscribeToAll, headPosition, close };
}

function toAppendResult(events: readonly RecordedEvent[]): AppendResult {
  const last = events.at(-1);
  if (!last) throw new Error('An append result needs at least one event.');
  return { streamVersion: last.streamVersion, position: last.position, events };
}

