/**
 * What GraphQL resolvers get: the application's services (ports only: no database, no adapter) and,
 * per request, its id and the DataLoaders that batch and cache reads within that request.
 *
 * A mutation clears the loaders after it ran (`loaders.clearAll()`), so a later field of the same
 * request never serves a value cached before the change; a subscription clears them before each event.
 *
 * `signal` aborts when the client leaves (the HTTP request's signal, or the graphql-ws subscription's
 * own controller): subscriptions end their event-store subscription on it.
 */
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { AccountHistory } from '../application/account-history.ts';
import type { AccountTransactionView, AccountView, AtmView, BankReadModels, Page, PageRequest } from '../application/bank-read-models.ts';
import type { BankService } from '../application/bank-service.ts';
import type { EventFeed } from '../application/event-feed.ts';
import type { EventLog } from '../application/event-log.ts';
import type { Logger } from '../application/logger.ts';

/** The services the schema's resolvers call. */
export interface GraphQLServices {
  readonly bank: BankService;
  readonly readModels: BankReadModels;
  readonly eventLog: EventLog;
  /** Live events for the subscriptions. */
  readonly eventFeed: EventFeed;
  readonly accountHistory: AccountHistory;
  readonly logger: Logger;
}

export interface GraphQLLoaders {
  readonly account: DataLoader<string, AccountView | null>;
  readonly atm: DataLoader<string, AtmView | null>;
  /** One loader per page request: all accounts asking for the same page share one query. */
  transactions(page: PageRequest): DataLoader<string, Page<AccountTransactionView>>;
  clearAll(): void;
}

export interface GraphQLContext extends GraphQLServices {
  /** From the `x-request-id` header when it is a sane one, else a new UUID; logged with every unexpected error. */
  readonly requestId: string;
  readonly loaders: GraphQLLoaders;
  /** Aborts when the client is gone. */
  readonly signal: AbortSignal;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The request id to use for a request: its `x-request-id` when well formed, else a new UUID. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given !== null && REQUEST_ID.test(given) ? given : randomUUID();
}

export function createGraphQLContext(services: GraphQLServices, requestId: string, signal: AbortSignal): GraphQLContext {
  return { ...services, requestId, signal, loaders: createLoaders(services.readModels) };
}

function createLoaders(readModels: BankReadModels): GraphQLLoaders {
  const account = new DataLoader<string, AccountView | null>((ids) => Promise.all(ids.map((id) => readModels.findAccount(id))));
  const atm = new DataLoader<string, AtmView | null>((ids) => Promise.all(ids.map((id) => readModels.findAtm(id))));
  const transactionLoaders = new Map<string, DataLoader<string, Page<AccountTransactionView>>>();
  return {
    account,
    atm,
    transactions(page) {
      const key = JSON.stringify([page.first ?? null, page.after ?? null]);
      let loader = transactionLoaders.get(key);
      if (!loader) {
        loader = new DataLoader((ids) => readModels.listTransactionsForAccounts(ids, page));
        transactionLoaders.set(key, loader);
      }
      return loader;
    },
    clearAll() {
      account.clearAll();
      atm.clearAll();
      transactionLoaders.clear();
    },
  };
}
