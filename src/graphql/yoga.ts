/**
 * Builds the GraphQL server (graphql-yoga) from the application's services; main.ts mounts it. Small
 * plugins add what a public API needs: a request id per request (taken from `x-request-id` when sane,
 * echoed in the response), CSRF prevention, a guard against absurdly nested documents (before the
 * parser overflows its stack), depth/alias/cost limits, and error masking that logs each
 * unexpected error once with its request id. Bodies over `maxRequestBodyBytes` get 413. GraphiQL is
 * served inline (no CDN) at the endpoint, with example operations; it runs subscriptions over
 * graphql-ws (graphql-websocket.ts attaches it to the same port and path). Subscriptions also work
 * over SSE (`Accept: text/event-stream`). GraphiQL and introspection can be turned off (production).
 *
 * Every request's `Authorization` header is read into its principal before anything runs; a token
 * that is expired, forged or malformed fails the whole request with 401 and a reason, rather than
 * being treated as no token. The HTTP server passes the client's address in the server context
 * (`clientAddress`), graphql-websocket.ts likewise.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { createAccountHistory } from '../application/account-history.ts';
import type { BankReadModels } from '../application/bank-read-models.ts';
import type { BankService } from '../application/bank-service.ts';
import type { ConsistencyGate } from '../application/consistency-gate.ts';
import { createEventFeed } from '../application/event-feed.ts';
import { createEventLog } from '../application/event-log.ts';
import type { CustomerSignIn } from '../application/customer-sign-in.ts';
import type { IdempotentRunner } from '../application/idempotency.ts';
import type { Logger } from '../application/logger.ts';
import type { PinAttemptLimiter } from '../application/pin-attempt-limiter.ts';
import type { PinReplayCheck } from '../application/pin-replay-check.ts';
import type { Authenticator } from '../application/principal.ts';
import type { SessionTokens } from '../application/session-tokens.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { useCsrfPrevention } from './csrf-prevention.ts';
import { useDocumentNestingGuard } from './document-nesting-guard.ts';
import { useInputEchoRedaction } from './input-echo-redaction.ts';
import { useIntrospectionGuard } from './introspection-guard.ts';
import { useUnexpectedErrorLogging, yogaLoggerOf } from './error-logging.ts';
import { GRAPHIQL_TABS } from './graphiql-examples.ts';
import { createGraphQLContext, type GraphQLContext, type GraphQLServices, requestIdOf } from './graphql-context.ts';
import { DEFAULT_QUERY_LIMITS, type QueryLimits, useQueryLimits } from './query-limits.ts';
import { schema } from './schema.ts';

/** What the server needs from the application: the composition root's App provides all of it. */
export interface GraphQLDependencies {
  readonly bankService: BankService;
  readonly readModels: BankReadModels;
  /** The upcasting store: the event log and `account(asOf)` read it. */
  readonly eventStore: EventStore;
  /** Lets the `withdrawal` subscription read the read model once it includes an event. */
  readonly readModelsGate: ConsistencyGate;
  readonly logger: Logger;
  readonly authenticate: Authenticator;
  readonly customerSignIn: CustomerSignIn;
  readonly sessionTokens: SessionTokens;
  readonly pinAttempts: PinAttemptLimiter;
  readonly idempotency: IdempotentRunner;
  readonly pinReplayCheck: PinReplayCheck;
}

/** What the HTTP server (or graphql-websocket.ts) passes along with each request. */
export interface BankServerContext {
  /** The client's address, for the PIN attempt limit; 'unknown' when not given. */
  readonly clientAddress?: string;
}

export interface BankYogaOptions {
  readonly graphqlEndpoint?: string;
  readonly limits?: Partial<QueryLimits>;
  /** Larger request bodies are refused with 413 (default 100 kB). */
  readonly maxRequestBodyBytes?: number;
  /** Serve GraphiQL at the endpoint (default true). */
  readonly graphiql?: boolean;
  /** Answer introspection queries (default true). */
  readonly introspection?: boolean;
  /** Aborted when the server shuts down: open subscriptions then end with a SHUTTING_DOWN error saying how to resume. */
  readonly shutdownSignal?: AbortSignal;
}

export type BankYoga = YogaServerInstance<BankServerContext, GraphQLContext>;

export const DEFAULT_MAX_REQUEST_BODY_BYTES = 100_000;

export function createBankYoga(dependencies: GraphQLDependencies, options: BankYogaOptions = {}): BankYoga {
  const { bankService, readModels, eventStore, readModelsGate, logger, authenticate } = dependencies;
  const services: GraphQLServices = {
    bank: bankService,
    readModels,
    eventLog: createEventLog(eventStore),
    eventFeed: createEventFeed({ eventStore, readModels, readModelsGate }),
    accountHistory: createAccountHistory(eventStore),
    logger,
    signIn: dependencies.customerSignIn,
    sessionTokens: dependencies.sessionTokens,
    pinAttempts: dependencies.pinAttempts,
    idempotency: dependencies.idempotency,
    pinReplayCheck: dependencies.pinReplayCheck,
    readModelsCaughtUp: async () => {
      await readModelsGate.waitUntilProcessed(await eventStore.headPosition(), { timeoutMs: 2_000 }).catch(() => undefined);
    },
  };
  const requestIds = new WeakMap<Request, string>();
  return createYoga<BankServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    context: async ({ request, clientAddress }) => {
      const principal = await authenticate(request.headers.get('authorization'));
      if (principal.kind === 'credentialProblem') {
        throw new GraphQLError(principal.message, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token"` } } },
        });
      }
      const requestId = requestIds.get(request) ?? requestIdOf(request);
      // AbortSignal.any combines the two signals (the Web API, not TypeScript's `any` type).
      const signal = options.shutdownSignal ? AbortSignal.any([request.signal, options.shutdownSignal]) : request.signal;
      return createGraphQLContext(services, { requestId, signal, principal, clientAddress: clientAddress ?? 'unknown' });
    },
    graphiql: options.graphiql === false ? false : { title: 'EsBank GraphiQL', defaultTabs: GRAPHIQL_TABS, defaultEditorToolsVisibility: 'variables', subscriptionsProtocol: 'WS' },
    renderGraphiQL,
    landingPage: false,
    maskedErrors: true,
    logging: yogaLoggerOf(logger),
    maxRequestBodySize: options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES,
    plugins: [
      useRequestIds(requestIds),
      useCsrfPrevention(),
      useDocumentNestingGuard(),
      useQueryLimits({ ...DEFAULT_QUERY_LIMITS, ...options.limits }),
      useUnexpectedErrorLogging(logger),
      useInputEchoRedaction(),
      ...(options.introspection === false ? [useIntrospectionGuard()] : []),
    ],
  });
}

/** Gives every request an id before anything else runs, and returns it in `x-request-id`. */
function useRequestIds(requestIds: WeakMap<Request, string>): Plugin {
  return {
    onRequest({ request }) {
      requestIds.set(request, requestIdOf(request));
    },
    onResponse({ request, response }) {
      const id = requestIds.get(request);
      if (id !== undefined && !response.headers.has('x-request-id')) response.headers.set('x-request-id', id);
    },
  };
}
