/**
 * The GraphQL server over the whole application (createApp, as `npm start` composes it) on a per-file
 * database. Calls to the BankReadModels port are counted, so tests can check batching, and the app's
 * log is kept in memory.
 */
import type { BankReadModels } from '../../src/application/bank-read-models.ts';
import type { BankService } from '../../src/application/bank-service.ts';
import type { EventStore } from '../../src/event-store/event-store.ts';
import { type BankYoga, type BankYogaOptions, createBankYoga } from '../../src/graphql/yoga.ts';
import { OPERATOR_AUTHORIZATION } from './test-auth.ts';
import { openTestApp } from './test-app.ts';
import type { TestDatabase, TestDatabaseKind } from './test-database.ts';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly data?: Data;
  readonly errors?: ReadonlyArray<{ readonly message: string; readonly path?: readonly (string | number)[]; readonly extensions?: Record<string, unknown> }>;
}

export interface GraphQLTestApp {
  readonly database: TestDatabase;
  readonly eventStore: EventStore;
  readonly bank: BankService;
  readonly yoga: BankYoga;
  /** Every log entry the app wrote so far, parsed. */
  logEntries(): Record<string, unknown>[];
  /** How often each BankReadModels function was called since the last `resetCalls()`. */
  readonly calls: Record<keyof BankReadModels, number>;
  resetCalls(): void;
  /** POSTs one operation as JSON to /graphql, as the operator unless `headers` carry another `authorization` ('' for none). */
  execute<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<Data>>;
  /** Waits until every read model and saga has processed everything stored so far (and nothing new came). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

function countCalls(readModels: BankReadModels, calls: Record<keyof BankReadModels, number>): BankReadModels {
  const counted: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(readModels) as [keyof BankReadModels, (...args: unknown[]) => unknown][]) {
    counted[name] = (...args: unknown[]) => {
      calls[name] += 1;
      return fn(...args);
    };
  }
  return counted as unknown as BankReadModels;
}

export async function openGraphQLTestApp(kind: TestDatabaseKind, options: BankYogaOptions = {}): Promise<GraphQLTestApp> {
  const app = await openTestApp(kind);
  const calls = { findAccount: 0, listAccounts: 0, listTransactionsForAccounts: 0, findAtm: 0, listAtms: 0, findWithdrawal: 0, findDeposit: 0 };
  const yoga = createBankYoga({ ...app, readModels: countCalls(app.readModels, calls) }, options);
  // The default ATM is registered with eventual consistency at start-up: wait until the read models show it.
  await app.waitUntilProcessed(await app.eventStore.headPosition());

  return {
    database: app.testDatabase,
    eventStore: app.eventStore,
    bank: app.bankService,
    yoga,
    logEntries: () => app.logLines().map((line) => JSON.parse(line) as Record<string, unknown>),
    calls,
    resetCalls() {
      for (const key of Object.keys(calls) as (keyof typeof calls)[]) calls[key] = 0;
    },
    async execute(query, variables, headers = {}) {
      const response = await yoga.fetch('http://bank.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: OPERATOR_AUTHORIZATION, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
    async settle() {
      for (let round = 0; round < 100; round += 1) {
        const head = await app.eventStore.headPosition();
        await app.waitUntilProcessed(head);
        if ((await app.eventStore.headPosition()) === head) return;
      }
      throw new Error('The sagas were still appending events after 100 rounds.');
    },
    close: () => app.close(),
  };
}
