/**
 * The command dispatcher on real databases, with the account aggregate as its subject: outcomes,
 * validation at the boundary, the ids it stamps and writes, idempotent re-dispatch, event checks and
 * strong consistency.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandDispatcher, createCommandDispatcher } from '../../src/application/command-dispatcher.ts';
import { createCommandRouter, UnknownCommandTypeError } from '../../src/application/command-router.ts';
import { InvalidDispatchOptionsError } from '../../src/application/command-validation.ts';
import { ConsistencyTimeoutError } from '../../src/application/consistency-gate.ts';
import type { CommandAccepted, DispatchOutcome } from '../../src/application/dispatch-outcome.ts';
import { eventIdFor, InvalidEventError, UnregisteredEventTypeError } from '../../src/application/event-envelope-builder.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import { createProjectionConsistencyGate } from '../../src/application/projection-consistency-gate.ts';
import { createPostgresSnapshotStore } from '../../src/database/postgres-snapshot-store.ts';
import { accountEventSchemas, moneyDepositedSchema } from '../../src/domain/account/account-schemas.ts';
import { accountStreamId } from '../../src/domain/ids.ts';
import type { EventStore } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import {
  type AccountAggregate,
  collectLogLines,
  createAccountAggregate,
  createSettableClock,
  depositCommand,
  newAccountId,
  openAccountCommand,
  withdrawCommand,
} from '../support/command-dispatch-fixtures.ts';
import { followStoreForConsistency } from '../support/store-follower.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

function acceptedOrFail(outcome: DispatchOutcome): CommandAccepted {
  if (outcome.kind !== 'accepted') throw new Error(`Expected the command to be accepted, got ${JSON.stringify(outcome)}.`);
  return outcome;
}

describe.each(testDatabaseKinds())('command dispatcher on %s', (kind) => {
  let database: TestDatabase;
  let store: EventStore;
  const logs = collectLogLines();
  const logger = createJsonLinesLogger({ stdout: logs, stderr: logs });

  const newDispatcher = (aggregate: AccountAggregate = createAccountAggregate(), extra: Partial<Parameters<typeof createCommandDispatcher>[0]> = {}): CommandDispatcher =>
    createCommandDispatcher({ eventStore: store, router: createCommandRouter().register(aggregate), logger, ...extra });

  async function openAccount(dispatcher: CommandDispatcher, initialDeposit = 0): Promise<string> {
    const accountId = newAccountId();
    acceptedOrFail(await dispatcher.dispatch(openAccountCommand(accountId)));
    if (initialDeposit > 0) acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, initialDeposit)));
    return accountId;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    store = createPostgresEventStore(database);
  });
  afterAll(async () => {
    await store?.close();
    await database?.close();
  });

  it('accepts a command and returns the stored events, stream version and position', async () => {
    const dispatcher = newDispatcher();
    const accountId = await openAccount(dispatcher, 500);
    const outcome = acceptedOrFail(await dispatcher.dispatch(withdrawCommand(accountId, 200)));
    const stored = await store.readStream(accountStreamId(accountId));
    expect(outcome).toMatchObject({ aggregateId: accountId, streamId: accountStreamId(accountId), streamVersion: 3 });
    expect(outcome.events).toEqual([stored[2]]);
    expect(outcome.position).toBe(stored[2]?.position);
    expect(stored[2]).toMatchObject({ eventType: 'Accounts.MoneyWithdrawn', schemaVersion: 1, data: { oldBalance: 500, newBalance: 300 } });
  });

  it('returns every invalid field, and appends nothing', async () => {
    const dispatcher = newDispatcher();
    const head = await store.headPosition();
    const outcome = await dispatcher.dispatch({ type: 'Accounts.DepositMoney', data: { accountId: 'nope', amount: -5, pin: '1234' } });
    expect(outcome.kind).toBe('invalid');
    const paths = outcome.kind === 'invalid' ? outcome.issues.map((i) => i.path).sort() : [];
    expect(paths).toEqual(['accountId', 'amount', 'pin']);
    expect(await dispatcher.dispatch({ type: 'Accounts.DepositMoney', data: 'not an object' })).toMatchObject({
      kind: 'invalid',
      issues: [{ path: '' }],
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('throws a typed error for a command type no aggregate handles', async () => {
    await expect(newDispatcher().dispatch({ type: 'Accounts.TransferMoney', data: {} })).rejects.toBeInstanceOf(UnknownCommandTypeError);
  });

  it('returns a rejection as a value, and appends nothing', async () => {
    const dispatcher = newDispatcher();
    const accountId = await openAccount(dispatcher, 100);
    const outcome = await dispatcher.dispatch(withdrawCommand(accountId, 101));
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'InsufficientFunds', details: { balance: 100, requested: 101 } } });
    expect(await store.readStream(accountStreamId(accountId))).toHaveLength(2);
  });

  it('accepts a decision without events with the current version and position, appending nothing', async () => {
    const dispatcher = newDispatcher();
    const accountId = await openAccount(dispatcher, 100);
    const [, last] = await store.readStream(accountStreamId(accountId));
    const outcome = await dispatcher.dispatch({ type: 'Accounts.UnlockAccount', data: { accountId, unlockedBy: 'operator' } });
    expect(outcome).toEqual({ kind: 'accepted', aggregateId: accountId, streamId: accountStreamId(accountId), events: [], streamVersion: 2, position: last?.position });
  });

  it('stamps the command id and issue time from its generator and clock', async () => {
    const { clock, advance } = createSettableClock('2026-12-24T18:00:00.000Z');
    const generated = [randomUUID(), randomUUID()];
    let next = 0;
    const dispatcher = newDispatcher(createAccountAggregate(), { clock, idGenerator: () => generated[next++] ?? randomUUID() });
    const accountId = newAccountId();
    const [opened] = acceptedOrFail(await dispatcher.dispatch(openAccountCommand(accountId))).events;
    advance(60_000);
    const [deposited] = acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, 5))).events;
    expect(opened).toMatchObject({ data: { openedAt: '2026-12-24T18:00:00.000Z' }, metadata: { commandId: generated[0] } });
    expect(deposited).toMatchObject({ data: { depositedAt: '2026-12-24T18:01:00.000Z' }, metadata: { commandId: generated[1] } });
  });

  describe('correlation and causation', () => {
    it('uses the command id for both when the command starts a flow', async () => {
      const dispatcher = newDispatcher();
      const accountId = newAccountId();
      const commandId = randomUUID();
      const [event] = acceptedOrFail(await dispatcher.dispatch(openAccountCommand(accountId), { commandId, metadata: { channel: 'teller' } })).events;
      expect(event).toMatchObject({
        correlationId: commandId,
        causationId: commandId,
        metadata: { channel: 'teller', commandId, commandType: 'Accounts.OpenAccount' },
      });
    });

    it('keeps an incoming correlation id, and the command stays the cause', async () => {
      const dispatcher = newDispatcher();
      const accountId = await openAccount(dispatcher);
      const [commandId, correlationId] = [randomUUID(), randomUUID()];
      const [event] = acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, 5), { commandId, correlationId })).events;
      expect(event).toMatchObject({ correlationId, causationId: commandId });
    });

    it('records the causing event when a process manager passes its id', async () => {
      const dispatcher = newDispatcher();
      const accountId = await openAccount(dispatcher);
      const [commandId, correlationId, causationId] = [randomUUID(), randomUUID(), randomUUID()];
      const [event] = acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, 5), { commandId, correlationId, causationId })).events;
      expect(event).toMatchObject({ correlationId, causationId, metadata: { commandId } });
    });

    it('refuses ids that are not UUIDs, as a bug in the caller', async () => {
      const dispatcher = newDispatcher();
      await expect(dispatcher.dispatch(depositCommand(newAccountId(), 5), { correlationId: 'flow-1' })).rejects.toBeInstanceOf(InvalidDispatchOptionsError);
    });
  });

  describe('idempotent re-dispatch', () => {
    it('derives event ids from the command id and the event index', async () => {
      const dispatcher = newDispatcher();
      const accountId = await openAccount(dispatcher);
      const commandId = randomUUID();
      const outcome = acceptedOrFail(await dispatcher.dispatch({ type: 'Accounts.ConfirmAuthorization', data: { accountId, pin: '0000' } }, { commandId }));
      expect(outcome.events.map((e) => e.eventId)).toEqual([eventIdFor(commandId, 0)]);
    });

    it('returns the original events without deciding again, in this dispatcher and in a fresh one', async () => {
      let prepared = 0;
      const aggregate = createAccountAggregate({ onPrepare: () => (prepared += 1) });
      const dispatcher = newDispatcher(aggregate);
      const accountId = await openAccount(dispatcher, 100);
      const commandId = randomUUID();
      const first = acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, 40), { commandId }));
      acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, 1)));
      const head = await store.headPosition();
      const preparedBefore = prepared;

      const again = await dispatcher.dispatch(depositCommand(accountId, 40), { commandId });
      const fromFreshProcess = await newDispatcher(aggregate).dispatch(depositCommand(accountId, 40), { commandId });

      expect(again).toEqual(first);
      expect(fromFreshProcess).toEqual(first);
      expect(prepared).toBe(preparedBefore);
      expect(await store.headPosition()).toBe(head);
    });

    it('falls back on the store recognising the event ids when a snapshot hides the command', async () => {
      const snapshotStore = createPostgresSnapshotStore(database);
      const aggregate = createAccountAggregate({ snapshot: { everyEvents: 2, stateVersion: 1 } });
      const dispatcher = newDispatcher(aggregate, { snapshotStore });
      const accountId = await openAccount(dispatcher);
      const commandId = randomUUID();
      const first = acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, 40), { commandId }));
      await dispatcher.drain();
      expect(await snapshotStore.load(accountStreamId(accountId))).toMatchObject({ version: 2 });

      const again = acceptedOrFail(await newDispatcher(aggregate, { snapshotStore }).dispatch(depositCommand(accountId, 40), { commandId }));
      expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
      expect(again).toMatchObject({ streamVersion: 2, position: first.position });
      expect(await store.readStream(accountStreamId(accountId))).toHaveLength(2);
    });
  });

  describe('events checked against their schemas', () => {
    it('throws when the decider produces an event its schema refuses, and appends nothing', async () => {
      const strict: AccountAggregate = {
        ...createAccountAggregate(),
        events: {
          ...accountEventSchemas,
          'Accounts.MoneyDeposited': { schemaVersion: 1, schema: moneyDepositedSchema.refine((d) => d.amount < 100, { path: ['amount'] }) },
        },
      };
      const dispatcher = newDispatcher(strict);
      const accountId = await openAccount(dispatcher);
      const failure = await dispatcher.dispatch(depositCommand(accountId, 500)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InvalidEventError);
      expect(failure).toMatchObject({ eventType: 'Accounts.MoneyDeposited', issues: [{ path: 'amount' }] });
      expect(await store.readStream(accountStreamId(accountId))).toHaveLength(1);
    });

    it('throws when the decider produces an event type the definition does not register', async () => {
      const { 'Accounts.MoneyDeposited': _omitted, ...others } = accountEventSchemas;
      const incomplete = { ...createAccountAggregate(), events: others } as unknown as AccountAggregate;
      const dispatcher = newDispatcher(incomplete);
      const accountId = await openAccount(dispatcher);
      await expect(dispatcher.dispatch(depositCommand(accountId, 5))).rejects.toBeInstanceOf(UnregisteredEventTypeError);
    });
  });

  describe('strong consistency', () => {
    it('returns once the strongly consistent handlers have processed the events', async () => {
      const follower = await followStoreForConsistency(store);
      try {
        const dispatcher = newDispatcher(createAccountAggregate(), { consistencyGate: createProjectionConsistencyGate([follower]) });
        const accountId = newAccountId();
        const outcome = acceptedOrFail(await dispatcher.dispatch(openAccountCommand(accountId), { consistency: 'strong' }));
        expect(follower.position()).toBeGreaterThanOrEqual(outcome.position);
      } finally {
        await follower.stop();
      }
    });

    it('throws ConsistencyTimeoutError when a handler lags, though the events are stored', async () => {
      const follower = await followStoreForConsistency(store);
      await follower.stop();
      const dispatcher = newDispatcher(createAccountAggregate(), { consistencyGate: createProjectionConsistencyGate([follower]) });
      const accountId = newAccountId();
      const failure = await dispatcher.dispatch(openAccountCommand(accountId), { consistency: 'strong', timeoutMs: 50 }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ConsistencyTimeoutError);
      expect(await store.readStream(accountStreamId(accountId))).toHaveLength(1);
      // Eventual consistency never waits.
      acceptedOrFail(await dispatcher.dispatch(depositCommand(accountId, 5)));
    });
  });
});
