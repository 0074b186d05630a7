/**
 * Plans one batch of appends against the store's state as read under the append lock: checks each
 * expected version, recognises idempotent replays by event id, and numbers the new events. Pure: the
 * caller reads the state, applies the plan's rows, and settles each append with its outcome.
 */
import {
  type AppendResult,
  DuplicateEventIdError,
  type ExpectedVersion,
  isExpectedVersionMet,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '../event-store.ts';

export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion;
}

/** What the batch needs to know, read inside the transaction after the append lock was taken. */
export interface AppendState {
  /** The highest position in the store. */
  readonly head: number;
  /** The transaction's timestamp, used as every new event's `createdAt`. */
  readonly now: Date;
  /** Current version of each stream the batch touches (absent: version 0). */
  readonly streamVersions: ReadonlyMap<string, number>;
  /** Already stored events whose id appears in the batch. */
  readonly existingEvents: ReadonlyMap<string, RecordedEvent>;
}

export type AppendOutcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: Error };

export interface AppendPlan {
  readonly outcomes: readonly AppendOutcome[];
  /** New events to insert, in position order. */
  readonly newEvents: readonly RecordedEvent[];
  /** The head after the batch. */
  readonly head: number;
}

export function planAppendBatch(requests: readonly AppendRequest[], state: AppendState): AppendPlan {
  const versions = new Map(state.streamVersions);
  const known = new Map(state.existingEvents);
  const newEvents: RecordedEvent[] = [];
  let head = state.head;

  const outcomes = requests.map((request): AppendOutcome => {
    const replay = findReplayedAppend(request, known);
    if (replay === 'conflict') {
      const used = request.events.filter((e) => known.has(e.eventId)).map((e) => e.eventId);
      return { ok: false, error: new DuplicateEventIdError(request.streamId, used) };
    }
    if (replay) return { ok: true, result: replay };

    const actual = versions.get(request.streamId) ?? 0;
    if (!isExpectedVersionMet(request.expectedVersion, actual)) {
      return { ok: false, error: new WrongExpectedVersionError(request.streamId, request.expectedVersion, actual) };
    }
    const recorded = request.events.map((event, index): RecordedEvent => {
      head += 1;
      return {
        eventId: event.eventId,
        eventType: event.eventType,
        schemaVersion: event.schemaVersion ?? 1,
        streamId: request.streamId,
        streamVersion: actual + index + 1,
        position: head,
        data: event.data,
        metadata: event.metadata ?? {},
        causationId: event.causationId ?? null,
        correlationId: event.correlationId ?? null,
        createdAt: state.now,
      };
    });
    for (const event of recorded) known.set(event.eventId, event);
    versions.set(request.streamId, actual + recorded.length);
    newEvents.push(...recorded);
    return { ok: true, result: toAppendResult(recorded) };
  });

  return { outcomes, newEvents, head };
}

/**
 * An append whose ids were all stored before, in this stream, as one consecutive run in the same
 * order, is a replay: its original result is returned. Any other reuse of ids is a conflict.
 */
function findReplayedAppend(request: AppendRequest, known: ReadonlyMap<string, RecordedEvent>): AppendResult | 'conflict' | undefined {
  const found = request.events.map((e) => known.get(e.eventId));
  const ids = new Set(request.events.map((e) => e.eventId));
  if (ids.size !== request.events.length) return 'conflict';
  if (found.every((e) => e === undefined)) return undefined;
  if (found.some((e) => e === undefined)) return 'conflict';
  const stored = found as RecordedEvent[];
  const first = stored[0];
  const isSameRun =
    first !== undefined &&
    stored.every((e, i) => e.streamId === request.streamId && e.streamVersion === first.streamVersion + i);
  return isSameRun ? toAppendResult(stored) : 'conflict';
}

function toAppendResult(events: readonly RecordedEvent[]): AppendResult {
  const last = events.at(-1);
  if (!last) throw new Error('An append result needs at least one event.');
  return { streamVersion: last.streamVersion, position: last.position, events };
}
