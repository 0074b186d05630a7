/**
 * Checks an append's arguments before any adapter touches storage. A failure here is a programming
 * error in the caller (commands are validated long before they become events), so it throws.
 */
import { DuplicateEventIdError, type ExpectedVersion, isUuidText, type NewEvent } from './event-store.ts';


/**
 * In JSON.stringify's output, NUL and unpaired surrogates are the only characters written as `\u0000`
 * and `\ud800`–`\udfff` escapes (a backslash before means the text itself held a backslash).
 */
const UNSTORABLE_TEXT = /(?<!\\)\\u(0000|d[89a-f][0-9a-f]{2})/i;

function serializeOrUndefined(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}

export function assertValidAppendOrThrow(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): void {
  const problems: string[] = [];
  if (typeof streamId !== 'string' || streamId.length === 0) problems.push('the stream id is empty');
  if (events.length === 0) problems.push('there are no events to append');
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    problems.push(`the expected version ${expected} is not a whole number of 0 or more`);
  }
  events.forEach((event, i) => {
    if (!isUuidText(event.eventId)) problems.push(`event ${i + 1} has an event id that is not a UUID`);
    if (!event.eventType) problems.push(`event ${i + 1} has no event type`);
    for (const key of ['causationId', 'correlationId'] as const) {
      const value = event[key];
      if (value != null && !isUuidText(value)) problems.push(`event ${i + 1} has a ${key} that is not a UUID`);
    }
    const serialized = serializeOrUndefined([event.data, event.metadata ?? {}]);
    if (serialized === undefined) problems.push(`event ${i + 1} holds a value that is not JSON (a BigInt, say)`);
    else if (UNSTORABLE_TEXT.test(serialized)) {
      problems.push(`event ${i + 1} holds a NUL character or an unpaired UTF-16 surrogate, which PostgreSQL cannot store`);
    }
    const version = event.schemaVersion ?? 1;
    if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) {
      problems.push(`event ${i + 1} has a schema version that is not a whole number from 1 to 2147483647`);
    }
  });
  if (problems.length > 0) {
    throw new InvalidAppendError(`Cannot append to stream "${String(streamId)}": ${problems.join('; ')}.`);
  }
  const seen = new Set<string>();
  const repeated = events.filter((e) => seen.size === seen.add(e.eventId).size).map((e) => e.eventId);
  if (repeated.length > 0) throw new DuplicateEventIdError(streamId, [...new Set(repeated)]);
}
