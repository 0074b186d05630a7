/**
 * What GraphQL resolvers get: the application's services (ports only: no database, no adapter) and,
 * per request, its id and the DataLoaders that batch and cache reads within that request.
 *
 * A mutation clears the loaders after it ran (`loaders.clearAll()`), so a later field of the same
 * request never serves a value cached before the change; a subscription clears them before each event.
 *
 * `signal` aborts when the client leaves (the HTTP request's signal, or the graphql-ws subscription's
 * own controller), and when a customer's session token expires: subscriptions end their event-store
 * subscription on it.
 *
 * `principal` is who is calling (principal.ts), `clientAddress` where from (for the PIN attempt limit).
 */
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { AccountHistory } from '../application/account-history.ts';
import type { AccountTransactionView, AccountView, AtmView, BankReadModels, Page, PageRequest } from '../application/bank-read-models.ts';
import type { BankService } from '../application/bank-service.ts';
import type { EventFeed } from '../application/event-feed.ts';
import type { EventLog } from '../application/event-log.ts';
import type { CustomerSignIn } from '../application/customer-sign-in.ts';
import type { IdempotentRunner } from '../application/idempotency.ts';
import type { Logger } from '../application/logger.ts';
import type { PinAttemptLimiter } from '../application/pin-attempt-limiter.ts';
import type { PinReplayCheck } from '../application/pin-replay-check.ts';
import type { Principal } from '../application/principal.ts';
import type { SessionTokens } from '../application/session-tokens.ts';

/** The services the schema's resolvers call. */
export interface GraphQLServices {
  readonly bank: BankService;
  readonly readModels: BankReadModels;
  readonly eventLog: EventLog;
  /** Live events for the subscriptions. */
  readonly eventFeed: EventFeed;
  readonly accountHistory: AccountHistory;
  readonly logger: Logger;
  readonly signIn: CustomerSignIn;
  readonly sessionTokens: SessionTokens;
  readonly pinAttempts: PinAttemptLimiter;
  readonly idempotency: IdempotentRunner;
  /** Checks the PIN again before a PIN-authorized mutation's stored answer is replayed. */
  readonly pinReplayCheck: PinReplayCheck;
  /** Resolves once the read models include every event stored so far (or after a short wait). */
  readModelsCaughtUp(): Promise<void>;
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
  /** Aborts when the client is gone, or when a customer's session ends. */
  readonly signal: AbortSignal;
  readonly principal: Principal;
  readonly clientAddress: string;
}

export interface GraphQLRequestInfo {
  readonly requestId: string;
  readonly signal: AbortSignal;
  readonly principal: Principal;
  readonly clientAddress: string;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The request id to use for a request: its `x-request-id` when well formed, else a new UUID. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given !== null && REQUEST_ID.test(given) ? given : randomUUID();
}

export function createGraphQLContext(services: GraphQLServices, { requestId, signal, principal, clientAddress }: GraphQLRequestInfo): GraphQLContext {
  // Only subscriptions read the signal: the session's timer is made for them alone, not for every request.
  let withSessionEnd: AbortSignal | undefined;
  return {
    ...services,
    requestId,
    principal,
    clientAddress,
    loaders: createLoaders(services.readModels),
    get signal() {
      // AbortSignal.any (the Web API that combines signals, not TypeScript's `any`).
      withSessionEnd ??= principal.kind === 'customer' ? AbortSignal.any([signal, sessionEnd(principal.expiresAt, signal)]) : signal;
      return withSessionEnd;
    },
  };
}

/** Aborts when a session token expires, with a reason a subscriber is told (see subscription-stream.ts); its timer ends with `request`. */
function sessionEnd(expiresAt: Date, request: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const reason = new GraphQLError('Your session token has expired. Sign in again with login, then subscribe again with afterPosition to resume.', {
    extensions: { code: 'UNAUTHENTICATED' },
  });
  const timer = setTimeout(() => controller.abort(reason), Math.max(0, expiresAt.getTime() - Date.now()));
  timer.unref();
  request.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return controller.signal;
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
