/**
 * A decorator of the event-store port that upcasts on every read path: `readStream` (and so every
 * aggregate load), `readAll`, `readByCorrelation` (when the inner store has it), each event a
 * subscription delivers, and the events of an append result
 * (an idempotent replay returns events that may be old). Appends pass through unchanged: writers
 * write current shapes. Only type, schema version and data change; event id, stream, version,
 * position, metadata, causation, correlation and recording time are kept.
 *
 * Filters by event type apply to what the consumer sees, the upcast type. A historical type that is
 * replaced by a matching type (`Accounts.AccountCredited` → `Accounts.MoneyDeposited`, for a filter on
 * `Accounts.Money`) does not match in the store, so the store-side filter is widened with those
 * historical types, and every event is filtered again after upcasting. The re-filter also drops an
 * event whose old type matched but whose current type does not.
 */
import type { UpcasterChain } from '../domain/event-upcaster.ts';
import {
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventSubscription,
  isEventMatchingFilter,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from './event-store.ts';

/** The page size of `readAll` when the caller gives none (the PostgreSQL adapter's default too). */
const DEFAULT_READ_ALL_LIMIT = 1_000;

export function createUpcastingEventStore(store: EventStore, chain: UpcasterChain): EventStore {
  const upcast = (event: RecordedEvent): RecordedEvent => {
    if (!chain.hasUpcasterFrom(event.eventType, event.schemaVersion)) return event;
    const { recordedAt: _recordedAt, ...current } = chain.upcast({ ...event, recordedAt: event.createdAt.toISOString() });
    return current;
  };

  const widen = (filter: EventFilter | undefined): EventFilter | undefined => {
    const prefixes = filter?.eventTypePrefixes;
    if (!filter || !prefixes || prefixes.length === 0) return filter;
    const historical = chain.historicalTypesEndingIn((type) => prefixes.some((prefix) => type.startsWith(prefix)));
    return { ...filter, eventTypePrefixes: [...new Set([...prefixes, ...historical])] };
  };

  return {
    async append(streamId, events, expectedVersion): Promise<AppendResult> {
      const result = await store.append(streamId, events, expectedVersion);
      return { ...result, events: result.events.map(upcast) };
    },

    async readStream(streamId, options) {
      return (await store.readStream(streamId, options)).map(upcast);
    },

    async readAll({ fromPosition, limit = DEFAULT_READ_ALL_LIMIT, filter }: ReadAllOptions = {}) {
      const storeFilter = widen(filter);
      const events: RecordedEvent[] = [];
      let checkpoint = fromPosition;
      // The re-filter can drop events of a full page; read on so a short page still means "the end".
      while (events.length < limit) {
        const wanted = limit - events.length;
        const page = await store.readAll({ fromPosition: checkpoint, limit: wanted, filter: storeFilter });
        for (const event of page) {
          const current = upcast(event);
          if (isEventMatchingFilter(current, filter)) events.push(current);
        }
        const last = page.at(-1);
        if (!last || page.length < wanted) break;
        checkpoint = last.position;
      }
      return events;
    },

    subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
      const { filter } = options;
      const inner = store.subscribeToAll({ ...options, filter: widen(filter) });
      async function* deliver(): AsyncGenerator<RecordedEvent, void, undefined> {
        for await (const event of inner) {
          const current = upcast(event);
          if (isEventMatchingFilter(current, filter)) yield current;
        }
      }
      const generator = deliver();
      return {
        [Symbol.asyncIterator]: () => generator,
        async stop() {
          await inner.stop();
          await generator.return(undefined);
        },
      };
    },

    ...readByCorrelationOf(store, upcast),

    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

/** The decorated `readByCorrelation`, present only when the inner store offers one. */
function readByCorrelationOf(store: EventStore, upcast: (event: RecordedEvent) => RecordedEvent): Pick<EventStore, 'readByCorrelation'> {
  const read = store.readByCorrelation?.bind(store);
  if (!read) return {};
  return { readByCorrelation: async (correlationId, options) => (await read(correlationId, options)).map(upcast) };
}
