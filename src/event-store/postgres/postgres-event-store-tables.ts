/**
 * The kysely shape of the event store's table (created by migrations/…-create-events.ts) and the
 * mapping between its rows and the port's RecordedEvent.
 */
import type { ColumnType, Selectable } from 'kysely';
import type { JsonObject, RecordedEvent } from '../event-store.ts';

export interface EventsTable {
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
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface EventStoreTables {
  events: EventsTable;
}

export type EventRow = Selectable<EventsTable>;

/** The columns read back for a RecordedEvent, in one place so every query selects the same. */
export const EVENT_COLUMNS = [
  'position',
  'stream_id',
  'stream_version',
  'event_id',
  'event_type',
  'schema_version',
  'data',
  'metadata',
  'causation_id',
  'correlation_id',
  'created_at',
] as const satisfies readonly (keyof EventsTable)[];

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: Number(row.position),
    data: row.data,
    metadata: row.metadata,
    causationId: row.causation_id,
    correlationId: row.correlation_id,
    createdAt: row.created_at,
  };
}
