import { describe, expect, it } from 'vitest';
import {
  createUpcasterChain,
  type EventPayload,
  type EventUpcaster,
  type UpcastableEvent,
  UpcasterRegistrationError,
  UpcastResultMismatchError,
} from '../../src/domain/event-upcaster.ts';

const recordedAt = '2026-11-26T09:00:00.000Z';

function stored(eventType: string, schemaVersion: number, data: EventPayload, metadata: EventPayload = {}): UpcastableEvent {
  return { eventType, schemaVersion, data, metadata, recordedAt };
}

/** Renames one field and raises the version by one. */
function renaming(eventType: string, fromSchemaVersion: number, from: string, to: string): EventUpcaster {
  return {
    eventType,
    fromSchemaVersion,
    upcast: ({ data }) => {
      const { [from]: value = null, ...rest } = data;
      return { eventType, schemaVersion: fromSchemaVersion + 1, data: { ...rest, [to]: value } };
    },
  };
}

const noteV1ToV2 = renaming('Notes.Written', 1, 'text', 'body');
const noteV2ToV3 = renaming('Notes.Written', 2, 'author', 'writtenBy');
const memoToNote: EventUpcaster = {
  eventType: 'Notes.MemoTaken',
  fromSchemaVersion: 1,
  toEventType: 'Notes.Written',
  toSchemaVersion: 2,
  upcast: ({ data, metadata }) => ({
    eventType: 'Notes.Written',
    schemaVersion: 2,
    data: { body: data.memo ?? null, author: metadata.user ?? 'unknown' },
  }),
};

describe('createUpcasterChain', () => {
  it('applies upcasters one after another until the current version', () => {
    const chain = createUpcasterChain([noteV2ToV3, noteV1ToV2]);
    const upcast = chain.upcast(stored('Notes.Written', 1, { text: 'hello', author: 'ada' }));
    expect(upcast).toEqual(stored('Notes.Written', 3, { body: 'hello', writtenBy: 'ada' }));
  });

  it('starts from the stored version: a version-2 event takes only the last step', () => {
    const chain = createUpcasterChain([noteV1ToV2, noteV2ToV3]);
    expect(chain.upcast(stored('Notes.Written', 2, { body: 'b', author: 'ada' }))).toEqual(
      stored('Notes.Written', 3, { body: 'b', writtenBy: 'ada' }),
    );
  });

  it('follows a replaced type into the new type and on through its versions', () => {
    const chain = createUpcasterChain([noteV1ToV2, noteV2ToV3, memoToNote]);
    const upcast = chain.upcast(stored('Notes.MemoTaken', 1, { memo: 'call back' }, { user: 'grace' }));
    expect(upcast).toEqual(stored('Notes.Written', 3, { body: 'call back', writtenBy: 'grace' }, { user: 'grace' }));
    expect(chain.currentShapeOf('Notes.MemoTaken', 1)).toEqual({ eventType: 'Notes.Written', schemaVersion: 3 });
  });

  it('returns the very same event when no upcaster applies', () => {
    const chain = createUpcasterChain([noteV1ToV2]);
    const current = stored('Notes.Written', 2, { body: 'x' });
    const other = stored('Other.Thing', 1, { a: 1 });
    expect(chain.upcast(current)).toBe(current);
    expect(chain.upcast(other)).toBe(other);
    expect(chain.hasUpcasterFrom('Notes.Written', 2)).toBe(false);
    expect(chain.hasUpcasterFrom('Notes.Written', 1)).toBe(true);
  });

  it('keeps every other field of the event it is given', () => {
    const chain = createUpcasterChain([noteV1ToV2]);
    const event = { ...stored('Notes.Written', 1, { text: 't' }), eventId: 'e-1', position: 42 };
    expect(chain.upcast(event)).toEqual({ ...event, schemaVersion: 2, data: { body: 't' } });
  });

  it('does not change the event it is given', () => {
    const chain = createUpcasterChain([noteV1ToV2, noteV2ToV3]);
    const event = stored('Notes.Written', 1, { text: 't', author: 'a' });
    const copy = structuredClone(event);
    chain.upcast(event);
    expect(event).toEqual(copy);
  });

  it('names the historical types whose chain ends in a wanted type', () => {
    const chain = createUpcasterChain([noteV1ToV2, noteV2ToV3, memoToNote]);
    expect(chain.historicalTypesEndingIn((type) => type.startsWith('Notes.Wr')).toSorted()).toEqual([
      'Notes.MemoTaken',
      'Notes.Written',
    ]);
    expect(chain.historicalTypesEndingIn((type) => type.startsWith('Notes.Memo'))).toEqual([]);
  });

  it('refuses an upcaster whose result differs from its declaration', () => {
    const lying: EventUpcaster = { ...memoToNote, upcast: () => ({ eventType: 'Notes.Written', schemaVersion: 5, data: {} }) };
    const chain = createUpcasterChain([lying]);
    const attempt = (): unknown => chain.upcast(stored('Notes.MemoTaken', 1, {}));
    expect(attempt).toThrow(UpcastResultMismatchError);
    expect(catchError(attempt)).toMatchObject({
      expected: { eventType: 'Notes.Written', schemaVersion: 2 },
      actual: { eventType: 'Notes.Written', schemaVersion: 5 },
    });
  });
});

describe('createUpcasterChain refuses at registration', () => {
  const refusal = (upcasters: EventUpcaster[]): unknown => catchError(() => createUpcasterChain(upcasters));

  it('two upcasters for the same type and version', () => {
    expect(refusal([noteV1ToV2, renaming('Notes.Written', 1, 'x', 'y')])).toMatchObject({
      name: 'UpcasterRegistrationError',
      problem: 'duplicate',
      eventType: 'Notes.Written',
      fromSchemaVersion: 1,
    });
  });

  it('an upcaster that keeps its type without raising the version', () => {
    const same: EventUpcaster = { ...noteV1ToV2, toSchemaVersion: 1 };
    const lower: EventUpcaster = { ...noteV2ToV3, toSchemaVersion: 1 };
    expect(refusal([same])).toMatchObject({ problem: 'version-not-raised', fromSchemaVersion: 1 });
    expect(refusal([lower])).toMatchObject({ problem: 'version-not-raised', fromSchemaVersion: 2 });
  });

  it('upcasters that lead back to where they started through a change of type', () => {
    const aToB: EventUpcaster = { ...memoToNote, eventType: 'Loop.A', toEventType: 'Loop.B', toSchemaVersion: 1 };
    const bToA: EventUpcaster = { ...memoToNote, eventType: 'Loop.B', toEventType: 'Loop.A', toSchemaVersion: 1 };
    expect(refusal([aToB, bToA])).toMatchObject({ problem: 'loop' });
    expect(refusal([aToB, bToA])).toBeInstanceOf(UpcasterRegistrationError);
  });

  it('a schema version that is not a whole number from 1 up', () => {
    expect(refusal([{ ...noteV1ToV2, fromSchemaVersion: 0 }])).toMatchObject({ problem: 'invalid-version' });
    expect(refusal([{ ...memoToNote, toSchemaVersion: 1.5 }])).toMatchObject({ problem: 'invalid-version' });
  });

  it('but accepts a replaced type whose new type starts again at version 1', () => {
    const toFirst: EventUpcaster = { ...memoToNote, toSchemaVersion: 1 };
    expect(createUpcasterChain([toFirst]).currentShapeOf('Notes.MemoTaken', 1)).toEqual({ eventType: 'Notes.Written', schemaVersion: 1 });
  });
});

function catchError(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to throw, and it returned normally.');
}
