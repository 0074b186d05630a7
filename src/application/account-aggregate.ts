/**
 * The account aggregate as the command pipeline sees it. Callers dispatch the PIN commands with the
 * plain PIN; `prepare` turns them into the decider's commands off the event loop, so `decide` stays
 * pure and the PIN never reaches an event: OpenAccount's PIN becomes a salted scrypt hash, and
 * ConfirmAuthorization's PIN becomes `pinMatches`, checked in constant time against the stored hash.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AccountCommand, ConfirmAuthorization, OpenAccount } from '../domain/account/account-commands.ts';
import { accountDecider, type AccountState } from '../domain/account/account-decider.ts';
import type { AccountEvent } from '../domain/account/account-events.ts';
import { hashPin, isPinMatching, isPinWellFormed, type PinHash } from '../domain/account/account-pin.ts';
import type { AccountRejection } from '../domain/account/account-rejections.ts';
import {
  accountCommandDataSchemas,
  accountEventSchemas,
  commandContextSchema,
  confirmAuthorizationInputSchema,
  openAccountInputSchema,
} from '../domain/account/account-schemas.ts';
import type { Message } from '../domain/decider.ts';
import { accountStreamId } from '../domain/ids.ts';
import type { JsonObject } from '../event-store/event-store.ts';
import type { AggregateDefinition, CacheLifespan } from './aggregate-definition.ts';

type WithPin<Data, Replaced extends keyof Data> = Omit<Data, Replaced> & { readonly pin: string };
export type OpenAccountInput = Message<'Accounts.OpenAccount', WithPin<OpenAccount['data'], 'pinHash' | 'openedAt'>>;
export type ConfirmAuthorizationInput = Message<'Accounts.ConfirmAuthorization', WithPin<ConfirmAuthorization['data'], 'pinMatches'>>;
/** What callers dispatch: the account's commands, except that the two PIN commands carry the plain PIN. */
export type AccountInput = OpenAccountInput | ConfirmAuthorizationInput | Exclude<AccountCommand, OpenAccount | ConfirmAuthorization>;

export const pinSchema = z.string().refine(isPinWellFormed, { error: 'Expected a PIN of 4 to 12 digits.' });
const openAccountSchema = openAccountInputSchema
  .omit({ pinHash: true, openedAt: true })
  .extend({ pin: pinSchema, ...commandContextSchema.shape });
const confirmAuthorizationSchema = confirmAuthorizationInputSchema
  .omit({ pinMatches: true })
  .extend({ pin: pinSchema, ...commandContextSchema.shape });

export type AccountAggregate = AggregateDefinition<AccountCommand, AccountEvent, AccountState, AccountRejection, AccountInput>;

export interface AccountAggregateOptions {
  /** Snapshot every N events; the state is plain JSON, so it is stored as it is. */
  readonly snapshot?: { readonly everyEvents: number; readonly stateVersion: number };
  readonly cacheLifespan?: CacheLifespan;
}

export function createAccountAggregate(options: AccountAggregateOptions = {}): AccountAggregate {
  const { snapshot } = options;
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
      switch (command.type) {
        case 'Accounts.OpenAccount': {
          const { pin, ...rest } = command.data;
          return { type: command.type, data: { ...rest, pinHash: await hashPin(pin), openedAt: rest.issuedAt } };
        }
        case 'Accounts.ConfirmAuthorization': {
          const { pin, ...rest } = command.data;
          if (state.status === 'notOpened') {
            // An unknown account costs the same scrypt run as a known one, so timing does not tell them apart.
            await isPinMatching(pin, await unknownAccountPinHash());
            return { type: command.type, data: { ...rest, pinMatches: false } } satisfies ConfirmAuthorization;
          }
          const pinMatches = await isPinMatching(pin, state.pinHash);
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

let unknownAccountHash: Promise<PinHash> | undefined;
/** A hash no PIN is checked against for real: compared when the account does not exist. */
function unknownAccountPinHash(): Promise<PinHash> {
  unknownAccountHash ??= hashPin(randomBytes(16).toString('hex').replace(/[a-f]/g, '7').slice(0, 12));
  return unknownAccountHash;
}

/** Every other account command as the domain defines it, routed by `accountId`. */
function passThroughCommands(): AccountAggregate['commands'] {
  const entries = Object.entries(accountCommandDataSchemas).map(([type, schema]) => [type, { schema, identity: 'accountId' }]);
  return Object.fromEntries(entries) as AccountAggregate['commands'];
}
