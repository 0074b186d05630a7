/**
 * Fixtures for the command-pipeline tests: the account aggregate as the dispatcher sees it (with a
 * `prepare` that hashes the PIN of OpenAccount and checks the PIN of ConfirmAuthorization, as the
 * application will), a store decorator that counts the events read from streams (built on the real
 * store, so tests can prove what loading read), a settable clock, and a log collector.
 */
import { randomUUID } from 'node:crypto';
import {
  type AccountAggregate,
  type AccountAggregateOptions as ProductionAccountAggregateOptions,
  type AccountInput,
  createAccountAggregate as createProductionAccountAggregate,
} from '../../src/application/account-aggregate.ts';
import type { LogOutput } from '../../src/application/logger.ts';
import type { AccountState } from '../../src/domain/account/account-decider.ts';
import type { EventStore, JsonObject, ReadStreamOptions } from '../../src/event-store/event-store.ts';

export type { AccountAggregate, AccountInput, ConfirmAuthorizationInput, OpenAccountInput } from '../../src/application/account-aggregate.ts';

export interface AccountAggregateOptions extends ProductionAccountAggregateOptions {
  /** Called on every `prepare`, with the command and the state it was prepared against. */
  readonly onPrepare?: (command: AccountInput, state: AccountState) => void;
}

/** The production account aggregate, with a hook that lets tests watch `prepare`. */
export function createAccountAggregate(options: AccountAggregateOptions = {}): AccountAggregate {
  const aggregate = createProductionAccountAggregate(options);
  const { onPrepare } = options;
  if (!onPrepare) return aggregate;
  return {
    ...aggregate,
    prepare: (command, state) => {
      onPrepare(command, state);
      return aggregate.prepare(command, state);
    },
  };
}

export const newAccountId = (): string => randomUUID();
export const PIN = '4711';

export const openAccountCommand = (accountId: string, owner = 'Ada Lovelace'): { type: 'Accounts.OpenAccount'; data: JsonObject } => ({
  type: 'Accounts.OpenAccount',
  data: { accountId, owner, pin: PIN },
});
export const depositCommand = (accountId: string, amount: number) => ({ type: 'Accounts.DepositMoney', data: { accountId, amount } });
export const withdrawCommand = (accountId: string, amount: number) => ({ type: 'Accounts.WithdrawMoney', data: { accountId, amount } });

/** The real store, counting the events each `readStream` returned and the `from` it was asked for. */
export interface ReadCountingEventStore extends EventStore {
  /** Every readStream call; loading folds `forwards` reads, and reads `backwards` only before a snapshot. */
  readonly reads: { streamId: string; from: number; count: number; direction: 'forwards' | 'backwards' }[];
  /** Events read forwards, the ones folded into state. */
  eventsRead(streamId?: string): number;
}

export function countStreamReads(store: EventStore): ReadCountingEventStore {
  const reads: ReadCountingEventStore['reads'] = [];
  return {
    ...store,
    append: (...args) => store.append(...args),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
    async readStream(streamId: string, options?: ReadStreamOptions) {
      const events = await store.readStream(streamId, options);
      reads.push({ streamId, from: options?.from ?? 1, count: events.length, direction: options?.direction ?? 'forwards' });
      return events;
    },
    reads,
    eventsRead: (streamId) =>
      reads.filter((r) => r.direction === 'forwards' && (streamId === undefined || r.streamId === streamId)).reduce((n, r) => n + r.count, 0),
  };
}

/** A clock tests move by hand. */
export function createSettableClock(start = '2026-11-26T10:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A LogOutput that keeps each JSON line, parsed. */
export function collectLogLines(): LogOutput & { readonly lines: Record<string, unknown>[]; readonly raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    write(text: string) {
      raw.push(text);
      for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}
