/**
 * The one behaviour every event-store adapter must show. Each adapter's test file calls
 * `describeEventStoreContract(name, open)`. Streams get a per-suite prefix and `$all` reads filter on
 * it, so the suite also runs against a shared server (EventStoreDB) that holds other data.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DuplicateEventIdError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '../../src/event-store/event-store.ts';
import { InvalidAppendError } from '../../src/event-store/append-validation.ts';
import { hashPin } from '../../src/domain/account/account-pin.ts';
import { eventUpcasterChain } from '../../src/domain/event-type-catalog.ts';
import { createUpcastingEventStore } from '../../src/event-store/upcasting-event-store.ts';
import { collectUntil } from './subscription-collector.ts';

export interface OpenedEventStore {
  readonly store: EventStore;
  close(): Promise<void>;
  /**
   * How soon `readByCorrelation` sees an append: at once (the default), or `eventual` when a server
   * side index builds it in the background (EventStoreDB's `$by_correlation_id` projection). There is
   * no position to wait on for such an index, so the eventual case re-reads, 50 ms apart, for up to 10 s.
   */
  readonly correlationIndex?: 'immediate' | 'eventual';
}

export function newEvent(eventType = 'Tests.SomethingHappened', data: Record<string, string | number> = {}, extra: Partial<NewEvent> = {}): NewEvent {
  return { eventId: randomUUID(), eventType, data: { ...data }, ...extra };
}

export function describeEventStoreContract(name: string, open: () => Promise<OpenedEventStore>): void {
  describe(`event store contract: ${name}`, () => {
    let opened: OpenedEventStore;
    let store: EventStore;
    const prefix = `contract${randomUUID().slice(0, 8)}-`;
    let streamCounter = 0;
    const newStream = (): string => `${prefix}${++streamCounter}-${randomUUID()}`;
    const mine = { streamPrefixes: [prefix] };

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(async () => {
      await opened?.close();
    });

    describe('append', () => {
      it('records every field of the original row plus stream, version and position', async () => {
        const stream = newStream();
        const causationId = randomUUID();
        const correlationId = randomUUID();
        const event = newEvent('Tests.Opened', { owner: 'Peter' }, {
          metadata: { requestId: 'r-1' },
          causationId,
          correlationId,
          schemaVersion: 2,
        });
        const result = await store.append(stream, [event], 'no_stream');
        const [recorded] = await store.readStream(stream);
        expect(recorded).toMatchObject({
          eventId: event.eventId,
          eventType: 'Tests.Opened',
          schemaVersion: 2,
          streamId: stream,
          streamVersion: 1,
          position: result.position,
          data: { owner: 'Peter' },
          causationId,
          correlationId,
        });
        expect(recorded?.metadata).toMatchObject({ requestId: 'r-1' });
        expect(recorded?.createdAt).toBeInstanceOf(Date);
        expect(Math.abs((recorded?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
        expect(result.streamVersion).toBe(1);
        expect(result.events.map((e) => e.eventId)).toEqual([event.eventId]);
      });

      it('appends several events atomically, numbered in order', async () => {
        const stream = newStream();
        const events = [newEvent(), newEvent(), newEvent()];
        const result = await store.append(stream, events, 'no_stream');
        expect(result.streamVersion).toBe(3);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
        expect(read.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(read[2]?.position).toBe(result.position);
        expect(isStrictlyIncreasing(read.map((e) => e.position))).toBe(true);
      });

      it('checks every kind of expected version and reports expected and actual', async () => {
        const stream = newStream();
        await expectWrongVersion(store.append(stream, [newEvent()], 'stream_exists'), { expectedVersion: 'stream_exists', actualVersion: 0 });
        await expectWrongVersion(store.append(stream, [newEvent()], 3), { expectedVersion: 3, actualVersion: 0 });
        await store.append(stream, [newEvent()], 'no_stream');
        await expectWrongVersion(store.append(stream, [newEvent()], 'no_stream'), { expectedVersion: 'no_stream', actualVersion: 1 });
        await expectWrongVersion(store.append(stream, [newEvent()], 0), { expectedVersion: 0, actualVersion: 1 });
        await expectWrongVersion(store.append(stream, [newEvent()], 2), { expectedVersion: 2, actualVersion: 1 });
        expect((await store.append(stream, [newEvent()], 1)).streamVersion).toBe(2);
        expect((await store.append(stream, [newEvent()], 'stream_exists')).streamVersion).toBe(3);
        expect((await store.append(stream, [newEvent()], 'any')).streamVersion).toBe(4);
        expect((await store.append(newStream(), [newEvent()], 'any')).streamVersion).toBe(1);
        expect((await store.append(newStream(), [newEvent()], 0)).streamVersion).toBe(1);
        expect((await store.readStream(stream)).length).toBe(4);
      });

      it('writes nothing when the expected version is wrong', async () => {
        const stream = newStream();
        await store.append(stream, [newEvent()], 'no_stream');
        await expect(store.append(stream, [newEvent(), newEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect((await store.readStream(stream)).length).toBe(1);
      });

      it('is idempotent on event ids: a repeated append returns the original result', async () => {
        const stream = newStream();
        const events = [newEvent(), newEvent()];
        const first = await store.append(stream, events, 'no_stream');
        const again = await store.append(stream, events, 'no_stream');
        expect(again.streamVersion).toBe(first.streamVersion);
        expect(again.position).toBe(first.position);
        expect((await store.readStream(stream)).length).toBe(2);
        const sameIdsAny = await store.append(stream, events, 'any');
        expect(sameIdsAny.position).toBe(first.position);
        expect((await store.readStream(stream)).length).toBe(2);
      });

      it('refuses ids reused in a different append', async () => {
        const stream = newStream();
        const [a, b] = [newEvent(), newEvent()];
        await store.append(stream, [a], 'no_stream');
        await expect(store.append(stream, [a, b], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([a.eventId]);
      });

      it('refuses an append that repeats an event id, and malformed appends, writing nothing', async () => {
        const stream = newStream();
        const event = newEvent();
        await expect(store.append(stream, [event, event], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(store.append(stream, [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream, [{ ...newEvent(), eventId: 'not-a-uuid' }], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream, [newEvent()], -1)).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('keeps concurrent appends with the same expected version to exactly one winner', async () => {
        const stream = newStream();
        await store.append(stream, [newEvent()], 'no_stream');
        const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => store.append(stream, [newEvent()], 1)));
        expect(attempts.filter((a) => a.status === 'fulfilled').length).toBe(1);
        const failures = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(failures.every((f) => f.reason instanceof WrongExpectedVersionError)).toBe(true);
        expect((await store.readStream(stream)).length).toBe(2);
      });
    });

    describe('readStream', () => {
      it('reads forwards and backwards, from a version, with a limit', async () => {
        const stream = newStream();
        await store.append(stream, Array.from({ length: 10 }, (_, i) => newEvent('Tests.Counted', { n: i + 1 })), 'no_stream');
        const versions = (events: RecordedEvent[]): number[] => events.map((e) => e.streamVersion);
        expect(versions(await store.readStream(stream))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(versions(await store.readStream(stream, { from: 4, limit: 3 }))).toEqual([4, 5, 6]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', limit: 2 }))).toEqual([10, 9]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', from: 3 }))).toEqual([3, 2, 1]);
        expect(await store.readStream(stream, { from: 11 })).toEqual([]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(newStream())).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads in global order after a checkpoint, with a limit and filters', async () => {
        const streamA = newStream();
        const streamB = newStream();
        const start = await store.headPosition();
        await store.append(streamA, [newEvent('Alpha.One'), newEvent('Beta.Two')], 'no_stream');
        await store.append(streamB, [newEvent('Alpha.Three')], 'no_stream');
        const all = await store.readAll({ fromPosition: start, filter: mine, limit: 100 });
        expect(all.map((e) => e.eventType)).toEqual(['Alpha.One', 'Beta.Two', 'Alpha.Three']);
        expect(isStrictlyIncreasing(all.map((e) => e.position))).toBe(true);
        const afterFirst = await store.readAll({ fromPosition: all[0]?.position, filter: mine, limit: 1 });
        expect(afterFirst.map((e) => e.eventType)).toEqual(['Beta.Two']);
        const alphas = await store.readAll({ fromPosition: start, filter: { streamPrefixes: [prefix], eventTypePrefixes: ['Alpha.'] } });
        expect(alphas.map((e) => e.eventType)).toEqual(['Alpha.One', 'Alpha.Three']);
        const onlyB = await store.readAll({ fromPosition: start, filter: { streamPrefixes: [streamB] } });
        expect(onlyB.map((e) => e.streamId)).toEqual([streamB]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(all[2]?.position ?? Infinity);
      });

      it('treats a prefix literally: % and _ are not wildcards', async () => {
        const start = await store.headPosition();
        await store.append(newStream(), [newEvent('Pct.100%_done'), newEvent('Pct.100xydone')], 'no_stream');
        const found = await store.readAll({ fromPosition: start, filter: { streamPrefixes: [prefix], eventTypePrefixes: ['Pct.100%_'] } });
        expect(found.map((e) => e.eventType)).toEqual(['Pct.100%_done']);
      });
    });

    describe('readByCorrelation', () => {
      const readFlow = async (correlationId: string, expected: number, options?: { fromPosition?: number; limit?: number }): Promise<RecordedEvent[]> => {
        const read = store.readByCorrelation?.bind(store);
        if (!read) throw new Error('readByCorrelation is not implemented by this adapter.');
        const deadline = Date.now() + 10_000;
        for (;;) {
          const events = await read(correlationId, options);
          if (opened.correlationIndex !== 'eventual' || events.length >= expected || Date.now() > deadline) return events;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };

      it('reads the events of one correlation id across streams, in position order, after a checkpoint, with a limit', async (context) => {
        if (!store.readByCorrelation) {
          console.warn(`${name}: readByCorrelation skipped: the adapter does not offer it (callers scan readAll).`);
          context.skip();
        }
        const flow = randomUUID();
        const other = randomUUID();
        const [streamA, streamB] = [newStream(), newStream()];
        await store.append(streamA, [newEvent('Flow.Started', {}, { correlationId: flow }), newEvent('Flow.Other', {}, { correlationId: other })], 'no_stream');
        await store.append(streamB, [newEvent('Flow.Continued', {}, { correlationId: flow, causationId: flow })], 'no_stream');
        await store.append(streamA, [newEvent('Flow.Ended', {}, { correlationId: flow })], 2);
        const events = await readFlow(flow, 3);
        expect(events.map((e) => e.eventType)).toEqual(['Flow.Started', 'Flow.Continued', 'Flow.Ended']);
        expect(events.map((e) => e.correlationId)).toEqual([flow, flow, flow]);
        expect(events[1]).toMatchObject({ streamId: streamB, streamVersion: 1, causationId: flow });
        expect(isStrictlyIncreasing(events.map((e) => e.position))).toBe(true);
        const rest = await readFlow(flow, 2, { fromPosition: events[0]?.position, limit: 1 });
        expect(rest.map((e) => e.eventType)).toEqual(['Flow.Continued']);
        expect(await readFlow(randomUUID(), 0)).toEqual([]);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then delivers live events, in order, and stops', async () => {
        const start = await store.headPosition();
        const stream = newStream();
        await store.append(stream, [newEvent('Sub.Before')], 'no_stream');
        const subscription = store.subscribeToAll({ fromPosition: start, filter: mine });
        const received = collectUntil(subscription, (events) => events.length >= 3);
        await store.append(stream, [newEvent('Sub.LiveOne'), newEvent('Sub.LiveTwo')], 1);
        const events = await received;
        expect(events.map((e) => e.eventType)).toEqual(['Sub.Before', 'Sub.LiveOne', 'Sub.LiveTwo']);
        await subscription.stop();
      });

      it('resumes after a checkpoint without repeating it', async () => {
        const start = await store.headPosition();
        const stream = newStream();
        await store.append(stream, [newEvent('Resume.One'), newEvent('Resume.Two'), newEvent('Resume.Three')], 'no_stream');
        const [first] = await store.readAll({ fromPosition: start, filter: mine, limit: 1 });
        const subscription = store.subscribeToAll({ fromPosition: first?.position, filter: mine });
        const events = await collectUntil(subscription, (received) => received.length >= 2);
        expect(events.map((e) => e.eventType)).toEqual(['Resume.Two', 'Resume.Three']);
      });

      it('filters by event type prefix server side or in memory alike', async () => {
        const start = await store.headPosition();
        const stream = newStream();
        const subscription = store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix], eventTypePrefixes: ['Keep.'] } });
        const received = collectUntil(subscription, (events) => events.length >= 2);
        await store.append(stream, [newEvent('Drop.One'), newEvent('Keep.One'), newEvent('Drop.Two'), newEvent('Keep.Two')], 'no_stream');
        expect((await received).map((e) => e.eventType)).toEqual(['Keep.One', 'Keep.Two']);
      });

      it('ends when its abort signal fires, also while it waits for live events', async () => {
        const controller = new AbortController();
        const from = await store.headPosition();
        const subscription = store.subscribeToAll({ fromPosition: from, filter: mine, signal: controller.signal });
        const seen: RecordedEvent[] = [];
        const drained = (async () => {
          for await (const event of subscription) {
            seen.push(event);
            // Having received the one event, the subscription goes back to waiting for live ones.
            controller.abort();
          }
          return seen;
        })();
        await store.append(newStream(), [newEvent('Abort.One')], 'no_stream');
        expect((await drained).map((e) => e.eventType)).toEqual(['Abort.One']);
      });

      it('serves historical event shapes upcast through the upcasting decorator on every read path', async () => {
        const upcasting = createUpcastingEventStore(store, eventUpcasterChain);
        const stream = newStream();
        const from = await store.headPosition();
        const subscription = upcasting.subscribeToAll({ fromPosition: from, filter: { streamPrefixes: [stream] } });
        const received = collectUntil(subscription, (events) => events.length >= 2);
        // Written raw, as the first release wrote them: an old field name and a replaced event type.
        await store.append(stream, [
          newEvent('Accounts.AccountOpened', { accountId: randomUUID(), ownerName: 'Ada', pinHash: await hashPin('1357'), openedAt: '2020-01-01T00:00:00.000Z' }, { schemaVersion: 1 }),
          newEvent('Accounts.AccountCredited', { accountId: randomUUID(), amount: 500, balance: 500 }, { schemaVersion: 1 }),
        ], 'no_stream');
        const current = (events: readonly RecordedEvent[]) => events.map((e) => [e.eventType, e.schemaVersion, 'owner' in e.data, 'newBalance' in e.data]);
        const expected = [
          ['Accounts.AccountOpened', 2, true, false],
          ['Accounts.MoneyDeposited', 1, false, true],
        ];
        expect(current(await upcasting.readStream(stream))).toEqual(expected);
        expect(current(await upcasting.readAll({ fromPosition: from, filter: { streamPrefixes: [stream] } }))).toEqual(expected);
        expect(current(await received)).toEqual(expected);
      });

      it('gives every subscriber every event exactly once and in order while 8 writers append concurrently', async () => {
        const writers = 8;
        const appendsPerWriter = 60;
        const eventsPerAppend = 5;
        const total = writers * appendsPerWriter * eventsPerAppend;
        const start = await store.headPosition();
        const subscribers = Array.from({ length: 3 }, () => store.subscribeToAll({ fromPosition: start, filter: mine }));
        const collected = subscribers.map((s) => collectUntil(s, (events) => events.length >= total, 120_000));
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            const stream = newStream();
            for (let i = 0; i < appendsPerWriter; i++) {
              const batch = Array.from({ length: eventsPerAppend }, (_, j) => newEvent('Load.Appended', { writer: w, n: i * eventsPerAppend + j }));
              await store.append(stream, batch, i * eventsPerAppend);
            }
          }),
        );
        const stored = await readAllMine(store, start, prefix);
        expect(stored.length).toBe(total);
        for (const received of await Promise.all(collected)) {
          expect(received.length).toBe(total);
          expect(received.map((e) => e.position)).toEqual(stored.map((e) => e.position));
          expect(new Set(received.map((e) => e.eventId)).size).toBe(total);
        }
        const perStream = Map.groupBy(stored, (e) => e.streamId);
        for (const events of perStream.values()) {
          expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
        }
      });
    });
  });
}

async function expectWrongVersion(attempt: Promise<unknown>, expected: { expectedVersion: unknown; actualVersion: number }): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject(expected);
}

async function readAllMine(store: EventStore, start: number, prefix: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let checkpoint = start;
  for (;;) {
    const page = await store.readAll({ fromPosition: checkpoint, limit: 500, filter: { streamPrefixes: [prefix] } });
    const last = page.at(-1);
    if (!last) return events;
    events.push(...page);
    checkpoint = last.position;
  }
}

export function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v > (values[i - 1] ?? -Infinity));
}
