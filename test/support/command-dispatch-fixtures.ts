/**
 * Fixtures for the command-pipeline tests: the account aggregate as the dispatcher sees it (with a
 * `prepare` that hashes the PIN of OpenAccount and checks the PIN of ConfirmAuthorization, as the
 * application will), a store decorator that counts the events read from streams (built on the real
 * store, so tests can prove what loading read), a settable clock, and a log collector.
 */
import { randomUUID } from 'node:crypto';
import type { AggregateDefinition, CacheLifespan } from '../../src/application/aggregate-definition.ts';
import type { LogOutput } from '../../src/application/logger.ts';
import type { AccountCommand, ConfirmAuthorization, OpenAccount } from '../../src/domain/account/account-commands.ts';
import { accountDecider, type AccountState } from '../../src/domain/account/account-decider.ts';
import type { AccountEvent } from '../../src/domain/account/account-events.ts';
import { hashPin, isPinMatching, isPinWellFormed } from '../../src/domain/account/account-pin.ts';
import type { AccountRejection } from '../../src/domain/account/account-rejections.ts';
import {
  accountCommandDataSchemas,
  accountEventSchemas,
  commandContextSchema,
  confirmAuthorizationInputSchema,
  openAccountInputSchema,
} from '../../src/domain/account/account-schemas.ts';
import type { Message } from '../../src/domain/decider.ts';
import { accountStreamId } from '../../src/domain/ids.ts';
import type { EventStore, JsonObject, ReadStreamOptions } from '../../src/event-store/event-store.ts';
import { z } from 'zod';

type WithPin<Data, Replaced extends keyof Data> = Omit<Data, Replaced> & { readonly pin: string };
export type OpenAccountInput = Message<'Accounts.OpenAccount', WithPin<OpenAccount['data'], 'pinHash' | 'openedAt'>>;
export type ConfirmAuthorizationInput = Message<'Accounts.ConfirmAuthorization', WithPin<ConfirmAuthorization['data'], 'pinMatches'>>;
/** What callers dispatch: the account's commands, except that the two PIN commands carry the plain PIN. */
export type AccountInput = OpenAccountInput | ConfirmAuthorizationInput | Exclude<AccountCommand, OpenAccount | ConfirmAuthorization>;

const pinSchema = z.string().refine(isPinWellFormed, { error: 'Expected a PIN of 4 to 12 digits.' });
const openAccountSchema = openAccountInputSchema
  .omit({ pinHash: true, openedAt: true })
  .extend({ pin: pinSchema, ...commandContextSchema.shape });
const confirmAuthorizationSchema = confirmAuthorizationInputSchema
  .omit({ pinMatches: true })
  .extend({ pin: pinSchema, ...commandContextSchema.shape });

export type AccountAggregate = AggregateDefinition<AccountCommand, AccountEvent, AccountState, AccountRejection, AccountInput>;

export interface AccountAggregateOptions {
  readonly snapshot?: { readonly everyEvents: number; readonly stateVersion: number };
  readonly cacheLifespan?: CacheLifespan;
  /** Called on every `prepare`, with the command and the state it was prepared against. */
  readonly onPrepare?: (command: AccountInput, state: AccountState) => void;
}

export function createAccountAggregate(options: AccountAggregateOptions = {}): AccountAggregate {
  const { snapshot, onPrepare } = options;
  return {
    name: 'account',
    streamIdOf: accountStreamId,
    decider: accountDecider,
    commands: {
      ...passThroughCommands(),
      'Accounts.OpenAccount': { schema: openAccountSchema, identity: 'accountId' },
      'Accounts.ConfirmAuthorization': { schema: confirmAuthorizationSchema, identity: 'accountId' },
    },
    events: accountEventSchemas,
    async prepare(command, state) {
      onPrepare?.(command, state);
      switch (command.type) {
        case 'Accounts.OpenAccount': {
          const { pin, ...rest } = command.data;
          return { type: command.type, data: { ...rest, pinHash: await hashPin(pin), openedAt: rest.issuedAt } };
        }
        case 'Accounts.ConfirmAuthorization': {
          const { pin, ...rest } = command.data;
          const pinMatches = state.status !== 'notOpened' && (await isPinMatching(pin, state.pinHash));
          return { type: command.type, data: { ...rest, pinMatches } } satisfies ConfirmAuthorization;
        }
        default:
          return command;
      }
    },
    snapshot: snapshot && {
      ...snapshot,
      toSnapshot: (state) => JSON.parse(JSON.stringify(state)) as JsonObject,
      fromSnapshot: (json: JsonObject) => json as unknown as AccountState,
    },
    cacheLifespan: options.cacheLifespan,
  };
}

/** Every other account command as the domain defines it, routed by `accountId`. */
function passThroughCommands(): AccountAggregate['commands'] {
  const entries = Object.entries(accountCommandDataSchemas).map(([type, schema]) => [type, { schema, identity: 'accountId' }]);
  return Object.fromEntries(entries) as AccountAggregate['commands'];
}

export const newAccountId = (): string => randomUUID();
export const PIN = '4711';

export const openAccountCommand = (accountId: string, owner = 'Ada Lovelace'): { type: OpenAccount['type']; data: JsonObject } => ({
  type: 'Accounts.OpenAccount',
  data: { accountId, owner, pin: PIN },
});
export const depositCommand = (accountId: string, amount: number) => ({ type: 'Accounts.DepositMoney', data: { accountId, amount } });
export const withdrawCommand = (accountId: string, amount: number) => ({ type: 'Accounts.WithdrawMoney', data: { accountId, amount } });

/** The real store, counting the events each `readStream` returned and the `from` it was asked for. */
export interface ReadCountingEventStore extends EventStore {
  readonly reads: { streamId: string; from: number; count: number }[];
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
      reads.push({ streamId, from: options?.from ?? 1, count: events.length });
      return events;
    },
    reads,
    eventsRead: (streamId) => reads.filter((r) => streamId === undefined || r.streamId === streamId).reduce((n, r) => n + r.count, 0),
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
