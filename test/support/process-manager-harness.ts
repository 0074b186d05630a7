/**
 * The ATM sagas wired as the application wires them, on a per-file database: the upcasting event
 * store, the real command dispatcher with the account and teller aggregates (its strong-consistency
 * gate waits on the process-manager runners the test starts), the kysely instance store, and the
 * default ATM registered. Helpers read back what happened: balances and cash folded from the
 * streams by the real deciders, the teller events of one operation, the events of one correlation.
 */
import type { Kysely, Transaction } from 'kysely';
import { createAccountAggregate } from '../../src/application/account-aggregate.ts';
import { type CommandDispatcher, createCommandDispatcher } from '../../src/application/command-dispatcher.ts';
import { createCommandRouter } from '../../src/application/command-router.ts';
import type { DispatchOptions } from '../../src/application/command-dispatcher.ts';
import type { CommandAccepted, DispatchOutcome } from '../../src/application/dispatch-outcome.ts';
import { createJsonLinesLogger, type Logger } from '../../src/application/logger.ts';
import type { ProcessManagerInstanceStore } from '../../src/application/process-manager-instance-store.ts';
import {
  createProcessManagerRunner,
  type ProcessManagerRunner,
  type ProcessManagerRunnerOptions,
} from '../../src/application/process-manager-runner.ts';
import { type ConsistencyGateHandler, createProjectionConsistencyGate } from '../../src/application/projection-consistency-gate.ts';
import { createTellerAggregate } from '../../src/application/teller-aggregate.ts';
import { accountDecider } from '../../src/domain/account/account-decider.ts';
import type { AuthorizationPurpose } from '../../src/domain/account/account-events.ts';
import { evolveAll, type Message } from '../../src/domain/decider.ts';
import { eventUpcasterChain } from '../../src/domain/event-type-catalog.ts';
import { accountStreamId, tellerStreamId } from '../../src/domain/ids.ts';
import type { Cents } from '../../src/domain/money.ts';
import { DEFAULT_ATM_ID, DEFAULT_ATM_INITIAL_CASH, tellerDecider } from '../../src/domain/teller/teller-decider.ts';
import { type EventStore, type RecordedEvent, START } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import { createUpcastingEventStore } from '../../src/event-store/upcasting-event-store.ts';
import {
  createProcessManagerInstanceStore,
  type ProcessManagerInstanceTables,
} from '../../src/read-models/process-manager-instances.ts';
import { collectLogLines, newAccountId, PIN } from './command-dispatch-fixtures.ts';
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

export type InstanceTx = Transaction<ProcessManagerInstanceTables>;
export const WAIT = { timeoutMs: 20_000 };
const SETTLE_ROUNDS = 100;

export interface SagaHarness {
  readonly database: TestDatabase;
  readonly db: Kysely<ProcessManagerInstanceTables>;
  readonly store: EventStore;
  readonly dispatcher: CommandDispatcher;
  readonly instanceStore: ProcessManagerInstanceStore<InstanceTx>;
  readonly logs: ReturnType<typeof collectLogLines>;
  readonly logger: Logger;
  /** Creates and starts a runner; the dispatcher's strong-consistency gate waits on it until it is stopped. */
  startRunner<E extends Message, S, C extends Message>(
    options: Pick<ProcessManagerRunnerOptions<E, S, C, InstanceTx>, 'processManager'> & Partial<ProcessManagerRunnerOptions<E, S, C, InstanceTx>>,
  ): Promise<ProcessManagerRunner>;
  stopRunner(runner: ProcessManagerRunner): Promise<void>;
  /**
   * Waits until the given runners processed the head and nothing new was appended meanwhile: every
   * saga step the events so far call for has then happened. Waits on positions only.
   */
  settle(runners: readonly ProcessManagerRunner[]): Promise<void>;
  dispatchOrFail(command: Message, options?: DispatchOptions): Promise<CommandAccepted>;
  /** A new open account holding `balance`. */
  openAccount(balance: number): Promise<string>;
  /** What the ATM service does once the customer typed the PIN for an operation. */
  authorize(accountId: string, purpose: AuthorizationPurpose, pin?: string, options?: DispatchOptions): Promise<CommandAccepted>;
  balanceOf(accountId: string): Promise<number>;
  atmCash(): Promise<{ readonly cash: number; readonly reserved: number }>;
  tellerEventsOf(operation: { readonly withdrawalId: string } | { readonly depositId: string }): Promise<RecordedEvent[]>;
  accountEvents(accountId: string): Promise<RecordedEvent[]>;
  eventsCorrelatedWith(correlationId: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export const cents = (value: number): Cents => value as Cents;

export async function openSagaHarness(kind: TestDatabaseKind): Promise<SagaHarness> {
  const database = await openTestDatabase(kind);
  const db = database.db as Kysely<ProcessManagerInstanceTables>;
  const store = createUpcastingEventStore(createPostgresEventStore(database), eventUpcasterChain);
  const logs = collectLogLines();
  const logger = createJsonLinesLogger({ stdout: logs, stderr: logs });
  const gateHandlers: ConsistencyGateHandler[] = [];
  const router = createCommandRouter().register(createAccountAggregate()).register(createTellerAggregate());
  const consistencyGate = createProjectionConsistencyGate(gateHandlers, { defaultTimeoutMs: WAIT.timeoutMs });
  const dispatcher = createCommandDispatcher({ eventStore: store, router, consistencyGate, logger, retryDelayMs: () => 1 });
  const instanceStore = createProcessManagerInstanceStore(db);
  const runners = new Set<ProcessManagerRunner>();

  const dispatchOrFail = async (command: Message, options?: DispatchOptions): Promise<CommandAccepted> => {
    const outcome: DispatchOutcome = await dispatcher.dispatch(command, options);
    if (outcome.kind !== 'accepted') throw new Error(`Expected ${command.type} to be accepted, got ${JSON.stringify(outcome)}.`);
    return outcome;
  };
  const readEverything = async (): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for (let page = await store.readAll({ fromPosition: START }); page.length > 0; page = await store.readAll({ fromPosition: page.at(-1)?.position })) {
      events.push(...page);
    }
    return events;
  };
  const stopRunner = async (runner: ProcessManagerRunner): Promise<void> => {
    runners.delete(runner);
    gateHandlers.splice(gateHandlers.indexOf(runner), 1);
    await runner.stop();
  };

  await dispatchOrFail({ type: 'Tellers.RegisterAtm', data: { atmId: DEFAULT_ATM_ID, initialCash: DEFAULT_ATM_INITIAL_CASH } });

  return {
    database,
    db,
    store,
    dispatcher,
    instanceStore,
    logs,
    logger,
    async startRunner(options) {
      const runner = createProcessManagerRunner({ eventStore: store, dispatcher, instanceStore, logger, backoff: { initialDelayMs: 20, maxDelayMs: 200 }, ...options });
      runners.add(runner);
      gateHandlers.push(runner);
      await runner.start();
      return runner;
    },
    stopRunner,
    async settle(waitOn) {
      for (let round = 0; round < SETTLE_ROUNDS; round += 1) {
        const head = await store.headPosition();
        await Promise.all(waitOn.map((runner) => runner.waitUntilProcessed(head, WAIT)));
        if ((await store.headPosition()) === head) return;
      }
      throw new Error(`The sagas were still appending events after ${SETTLE_ROUNDS} rounds.`);
    },
    dispatchOrFail,
    async openAccount(balance) {
      const accountId = newAccountId();
      await dispatchOrFail({ type: 'Accounts.OpenAccount', data: { accountId, owner: 'Ada Lovelace', pin: PIN } });
      if (balance > 0) await dispatchOrFail({ type: 'Accounts.DepositMoney', data: { accountId, amount: balance } });
      return accountId;
    },
    authorize: (accountId, purpose, pin = PIN, options) =>
      dispatchOrFail({ type: 'Accounts.ConfirmAuthorization', data: { accountId, pin, purpose } }, options),
    async balanceOf(accountId) {
      const events = await store.readStream(accountStreamId(accountId));
      const state = evolveAll(accountDecider, accountDecider.initialState, events.map(asMessage) as never[]);
      if (state.status === 'notOpened') throw new Error(`Account ${accountId} was never opened.`);
      return state.balance;
    },
    async atmCash() {
      const events = await store.readStream(tellerStreamId(DEFAULT_ATM_ID));
      const state = evolveAll(tellerDecider, tellerDecider.initialState, events.map(asMessage) as never[]);
      if (state.status !== 'registered') throw new Error('The default ATM was never registered.');
      return { cash: state.cash, reserved: state.reserved };
    },
    async tellerEventsOf(operation) {
      const [key, id] = Object.entries(operation)[0] ?? [];
      const events = await store.readStream(tellerStreamId(DEFAULT_ATM_ID));
      return events.filter((event) => key !== undefined && event.data[key] === id);
    },
    accountEvents: (accountId) => store.readStream(accountStreamId(accountId)),
    async eventsCorrelatedWith(correlationId) {
      return (await readEverything()).filter((event) => event.correlationId === correlationId);
    },
    async close() {
      await Promise.all([...runners].map(stopRunner));
      await dispatcher.drain();
      await store.close();
      await database.close();
    },
  };
}

function asMessage(event: RecordedEvent): Message {
  return { type: event.eventType, data: event.data };
}
