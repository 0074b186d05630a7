/**
 * The event log as the API shows it: recorded events (upcast: the application hands this service the
 * upcasting store) filtered by stream, correlation id, position and type, and the tree of one
 * business flow. Secrets never leave here: `pinHash` (and any `pin`) is removed from every event's
 * data and metadata before it is returned.
 *
 * Reading by correlation id uses the store's `readByCorrelation` index when the adapter has one, and
 * otherwise scans `$all` page by page.
 */
import type { EventStore, GlobalPosition, JsonObject, JsonValue, RecordedEvent } from '../event-store/event-store.ts';
import { InvalidPageRequestError } from './bank-read-models.ts';
import { buildFlowTree, type FlowTree } from './flow-tree.ts';

export interface EventLogQuery {
  readonly streamId?: string;
  readonly correlationId?: string;
  /** Only events strictly after this position. */
  readonly afterPosition?: GlobalPosition;
  /** Only events of these exact types (current type names). */
  readonly types?: readonly string[];
  /** How many events, 1 to {@link MAX_EVENT_PAGE_SIZE}; {@link DEFAULT_EVENT_PAGE_SIZE} when omitted. */
  readonly first?: number;
}

export interface EventLogPage {
  readonly events: readonly RecordedEvent[];
  readonly hasNextPage: boolean;
  /** The position of the last event returned: pass it as `afterPosition` for the next page. */
  readonly endPosition: GlobalPosition | null;
}

export interface EventLog {
  /** @throws an error named `InvalidPageRequestError` for a page size out of range. */
  list(query: EventLogQuery): Promise<EventLogPage>;
  /** The commands and events of one flow; `null` when no event carries this correlation id. */
  flow(correlationId: string): Promise<FlowTree<RecordedEvent> | null>;
}

export const DEFAULT_EVENT_PAGE_SIZE = 50;
export const MAX_EVENT_PAGE_SIZE = 500;
/** Fields never shown, wherever they appear in an event's data or metadata. */
export const SECRET_EVENT_FIELDS: readonly string[] = ['pinHash', 'pin'];

const SCAN_PAGE_SIZE = 1_000;
/** The most events one flow tree is built from. */
const MAX_FLOW_EVENTS = 5_000;

export function createEventLog(eventStore: EventStore): EventLog {
  /** Events after `after` passing `keep`, at most `wanted`, scanning `$all` (narrowed by `typePrefixes`). */
  async function scanAll(after: GlobalPosition, wanted: number, keep: (event: RecordedEvent) => boolean, typePrefixes?: readonly string[]): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    let checkpoint = after;
    while (found.length < wanted) {
      const page = await eventStore.readAll({ fromPosition: checkpoint, limit: SCAN_PAGE_SIZE, filter: typePrefixes && { eventTypePrefixes: typePrefixes } });
      for (const event of page) if (keep(event) && found.length < wanted) found.push(event);
      const last = page.at(-1);
      if (!last || page.length < SCAN_PAGE_SIZE) break;
      checkpoint = last.position;
    }
    return found;
  }

  async function readStreamAfter(streamId: string, after: GlobalPosition, wanted: number, keep: (event: RecordedEvent) => boolean): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    for (let from = 1; found.length < wanted; from += SCAN_PAGE_SIZE) {
      const page = await eventStore.readStream(streamId, { from, limit: SCAN_PAGE_SIZE });
      for (const event of page) if (event.position > after && keep(event) && found.length < wanted) found.push(event);
      if (page.length < SCAN_PAGE_SIZE) break;
    }
    return found;
  }

  async function readCorrelation(correlationId: string, after: GlobalPosition, wanted: number, keep: (event: RecordedEvent) => boolean): Promise<RecordedEvent[]> {
    const byIndex = eventStore.readByCorrelation?.bind(eventStore);
    if (!byIndex) return scanAll(after, wanted, (e) => e.correlationId === correlationId && keep(e));
    return (await byIndex(correlationId, { fromPosition: after })).filter(keep).slice(0, wanted);
  }

  return {
    async list({ streamId, correlationId, afterPosition = 0, types, first = DEFAULT_EVENT_PAGE_SIZE }) {
      if (!Number.isInteger(first) || first < 1 || first > MAX_EVENT_PAGE_SIZE) {
        throw new InvalidPageRequestError(`"first" must be a whole number from 1 to ${MAX_EVENT_PAGE_SIZE}, but is ${String(first)}.`);
      }
      const typeSet = types && types.length > 0 ? new Set(types) : undefined;
      const keep = (event: RecordedEvent): boolean =>
        (typeSet === undefined || typeSet.has(event.eventType)) && (streamId === undefined || event.streamId === streamId);
      const wanted = first + 1;
      const events =
        correlationId !== undefined
          ? await readCorrelation(correlationId, afterPosition, wanted, keep)
          : streamId !== undefined
            ? await readStreamAfter(streamId, afterPosition, wanted, keep)
            : await scanAll(afterPosition, wanted, keep, typeSet && [...typeSet]);
      const page = events.slice(0, first).map(withoutSecrets);
      return { events: page, hasNextPage: events.length > first, endPosition: page.at(-1)?.position ?? null };
    },

    async flow(correlationId) {
      const events = await readCorrelation(correlationId, 0, MAX_FLOW_EVENTS, () => true);
      return events.length === 0 ? null : buildFlowTree(correlationId, events.map(withoutSecrets));
    },
  };
}

/** The event with every {@link SECRET_EVENT_FIELDS} key removed from its data and metadata, at any depth. */
export function withoutSecrets(event: RecordedEvent): RecordedEvent {
  return { ...event, data: strip(event.data), metadata: strip(event.metadata) };
}

function strip(object: JsonObject): JsonObject {
  const entries = Object.entries(object).filter(([key]) => !SECRET_EVENT_FIELDS.includes(key));
  return Object.fromEntries(entries.map(([key, value]) => [key, stripValue(value)]));
}

function stripValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripValue);
  if (value !== null && typeof value === 'object') return strip(value);
  return value;
}
