import {
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import {
  CAUSATION_ID_KEY,
  CORRELATION_ID_KEY,
  SCHEMA_VERSION_KEY,
  fromEventMetadata,
  fromStreamState,
  isSystemEvent,
  toEventData,
  toEventMetadata,
  toGlobalPosition,
  toReadPosition,
  toRecordedEvent,
  toRevision,
  toServerFilter,
  toStreamState,
  toStreamVersion,
  toWrongExpectedVersionError,
} from '../../../src/event-store/eventstoredb/eventstoredb-mapping.ts';
import { WrongExpectedVersionError, isEventMatchingFilter, type NewEvent } from '../../../src/event-store/event-store.ts';

const deposited: NewEvent = {
  eventId: '5f0c2a8e-3b1d-4c55-9a0e-2f3e4d5c6b7a',
  eventType: 'Accounts.MoneyDeposited',
  schemaVersion: 2,
  data: { accountId: 'a-1', amount: '10.00' },
  metadata: { userId: 'teller-7', tags: ['web'] },
  causationId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
  correlationId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
};

/** The event as the client hands it back after the server stored `toEventData(event)` at `revision`. */
function storedAs(event: NewEvent, revision: bigint, commit: bigint): KurrentRecordedEvent {
  const data = toEventData(event);
  return {
    streamId: 'account-a-1',
    id: data.id,
    isJson: true,
    revision,
    type: data.type,
    created: new Date('2026-11-02T10:00:00.000Z'),
    data: data.data as Record<string, unknown>,
    metadata: data.metadata,
    position: { commit, prepare: commit },
  };
}

describe('event data and metadata', () => {
  it('keeps the event id and type and adds the reserved metadata keys to the caller metadata', () => {
    const data = toEventData(deposited);
    expect(data).toEqual({
      id: deposited.eventId,
      contentType: 'application/json',
      type: 'Accounts.MoneyDeposited',
      data: deposited.data,
      metadata: {
        userId: 'teller-7',
        tags: ['web'],
        [SCHEMA_VERSION_KEY]: 2,
        [CAUSATION_ID_KEY]: deposited.causationId,
        [CORRELATION_ID_KEY]: deposited.correlationId,
      },
    });
  });

  it('writes schema version 1 and no ids when they are omitted, and reserved keys win over the caller', () => {
    const metadata = toEventMetadata({
      eventId: 'e',
      eventType: 'T',
      data: {},
      metadata: { [SCHEMA_VERSION_KEY]: 9, note: 'x' },
      causationId: null,
    });
    expect(metadata).toEqual({ [SCHEMA_VERSION_KEY]: 1, note: 'x' });
  });

  it('round-trips metadata, schema version, causation and correlation ids', () => {
    expect(fromEventMetadata(toEventMetadata(deposited))).toEqual({
      metadata: { userId: 'teller-7', tags: ['web'] },
      schemaVersion: 2,
      causationId: deposited.causationId,
      correlationId: deposited.correlationId,
    });
  });

  it('reads missing or non-object metadata as empty, schema version 1, no ids', () => {
    const empty = { metadata: {}, schemaVersion: 1, causationId: null, correlationId: null };
    expect(fromEventMetadata(undefined)).toEqual(empty);
    expect(fromEventMetadata(new Uint8Array([1, 2]))).toEqual(empty);
    expect(fromEventMetadata(['a'])).toEqual(empty);
  });
});

describe('recorded events', () => {
  it('maps a stored event back: version = revision + 1, position = commit position', () => {
    expect(toRecordedEvent(storedAs(deposited, 0n, 4242n))).toEqual({
      eventId: deposited.eventId,
      eventType: 'Accounts.MoneyDeposited',
      schemaVersion: 2,
      streamId: 'account-a-1',
      streamVersion: 1,
      position: 4242,
      data: { accountId: 'a-1', amount: '10.00' },
      metadata: { userId: 'teller-7', tags: ['web'] },
      causationId: deposited.causationId,
      correlationId: deposited.correlationId,
      createdAt: new Date('2026-11-02T10:00:00.000Z'),
    });
  });

  it('refuses events it cannot have written: binary payloads and events without a position', () => {
    const binary: KurrentRecordedEvent = {
      streamId: 's',
      id: 'e',
      isJson: false,
      revision: 0n,
      type: 'T',
      created: new Date(0),
      data: new Uint8Array([1]),
      metadata: undefined,
      position: { commit: 1n, prepare: 1n },
    };
    expect(() => toRecordedEvent(binary)).toThrow(Error);
    const { position: _omitted, ...withoutPosition } = storedAs(deposited, 0n, 1n);
    expect(() => toRecordedEvent(withoutPosition)).toThrow(Error);
  });

  it('treats `$` event types and `$` streams as system events', () => {
    expect(isSystemEvent({ type: '$metadata', streamId: '$$account-1' })).toBe(true);
    expect(isSystemEvent({ type: '$>', streamId: '$ce-account' })).toBe(true);
    expect(isSystemEvent({ type: 'Something', streamId: '$projections-x' })).toBe(true);
    expect(isSystemEvent({ type: 'Accounts.Opened', streamId: 'account-1' })).toBe(false);
  });
});

describe('expected versions and revisions', () => {
  it('maps expected versions to stream states: version N is revision N - 1, version 0 is no stream', () => {
    expect(toStreamState('any')).toBe('any');
    expect(toStreamState('no_stream')).toBe('no_stream');
    expect(toStreamState('stream_exists')).toBe('stream_exists');
    expect(toStreamState(0)).toBe('no_stream');
    expect(toStreamState(1)).toBe(0n);
    expect(toStreamState(42)).toBe(41n);
  });

  it('rejects expected versions that are not integers >= 0', () => {
    expect(() => toStreamState(-1)).toThrow(RangeError);
    expect(() => toStreamState(1.5)).toThrow(RangeError);
  });

  it('maps stream states back, including the server sentinels', () => {
    expect(fromStreamState(41n)).toBe(42);
    expect(fromStreamState('no_stream')).toBe('no_stream');
    expect(fromStreamState(-1n)).toBe('no_stream');
    expect(fromStreamState(-4n)).toBe('stream_exists');
    expect(fromStreamState(-2n)).toBe('any');
    for (const expected of ['any', 'stream_exists', 7] as const) expect(fromStreamState(toStreamState(expected))).toBe(expected);
  });

  it('maps current stream states to versions, 0 for a missing or deleted stream', () => {
    expect(toStreamVersion('no_stream')).toBe(0);
    expect(toStreamVersion(0n)).toBe(1);
    expect(toStreamVersion(4n)).toBe(5);
    expect(toStreamVersion(-5n)).toBe(0);
  });

  it('maps a 1-based stream version to its revision', () => {
    expect(toRevision(1)).toBe(0n);
    expect(toRevision(10)).toBe(9n);
    expect(() => toRevision(0)).toThrow(RangeError);
  });
});

describe('$all positions', () => {
  it('uses the commit position and maps a checkpoint back to that exact event position', () => {
    expect(toGlobalPosition({ commit: 1_234_567n, prepare: 1_234_567n })).toBe(1_234_567);
    expect(toReadPosition(1_234_567)).toEqual({ commit: 1_234_567n, prepare: 1_234_567n });
    const position = { commit: 98_765_432_100n, prepare: 98_765_432_100n };
    expect(toReadPosition(toGlobalPosition(position))).toEqual(position);
  });

  it('maps the START checkpoint to the start of $all', () => {
    expect(toReadPosition(0)).toBe('start');
  });

  it('refuses positions it cannot map losslessly', () => {
    expect(() => toGlobalPosition({ commit: 500n, prepare: 300n })).toThrow(Error);
    expect(() => toGlobalPosition({ commit: 2n ** 60n, prepare: 2n ** 60n })).toThrow(RangeError);
    expect(() => toReadPosition(-1)).toThrow(RangeError);
    expect(() => toReadPosition(1.5)).toThrow(RangeError);
  });
});

describe('filters', () => {
  it('excludes system events on the server when there is no filter', () => {
    for (const filter of [undefined, {}, { eventTypePrefixes: [], streamPrefixes: [] }]) {
      expect(toServerFilter(filter)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    }
  });

  it('filters by event type prefixes or by stream prefixes on the server', () => {
    expect(toServerFilter({ eventTypePrefixes: ['Accounts.'] })).toMatchObject({ filterOn: 'eventType', prefixes: ['Accounts.'] });
    expect(toServerFilter({ streamPrefixes: ['account-', 'teller-'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['account-', 'teller-'],
    });
  });

  it('with both lists, filters event types on the server and leaves the streams to the in-memory check', () => {
    const filter = { eventTypePrefixes: ['Accounts.'], streamPrefixes: ['account-'] };
    const server = toServerFilter(filter);
    expect(server).toMatchObject({ filterOn: 'eventType', prefixes: ['Accounts.'] });
    expect(isEventMatchingFilter({ eventType: 'Accounts.Opened', streamId: 'teller-1' }, filter)).toBe(false);
    expect(isEventMatchingFilter({ eventType: 'Accounts.Opened', streamId: 'account-1' }, filter)).toBe(true);
  });
});

describe('version conflicts', () => {
  it('maps the client error to ours with the caller expected version and the actual version', () => {
    const error = new KurrentWrongExpectedVersionError(undefined, { streamName: 'account-1', expected: 2n, current: 4n });
    const mapped = toWrongExpectedVersionError(error, 3);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect({ streamId: mapped.streamId, expected: mapped.expectedVersion, actual: mapped.actualVersion }).toEqual({
      streamId: 'account-1',
      expected: 3,
      actual: 5,
    });
  });

  it('derives the expected version from the client error when the caller one is not given', () => {
    const error = new KurrentWrongExpectedVersionError(undefined, { streamName: 'account-2', expected: 'no_stream', current: 0n });
    const mapped = toWrongExpectedVersionError(error);
    expect([mapped.expectedVersion, mapped.actualVersion]).toEqual(['no_stream', 1]);
  });

  it('reports version 0 when the stream does not exist', () => {
    const error = new KurrentWrongExpectedVersionError(undefined, { streamName: 'account-3', expected: 'stream_exists', current: 'no_stream' });
    expect(toWrongExpectedVersionError(error, 'stream_exists').actualVersion).toBe(0);
  });
});
