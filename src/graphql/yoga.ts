/**
 * Builds the GraphQL server (graphql-yoga) from the application's services; main.ts mounts it. Small
 * plugins add what a public API needs: a request id per request (taken from `x-request-id` when sane,
 * echoed in the response), CSRF prevention, a guard against absurdly nested documents (before the
 * parser overflows its stack), depth/alias/cost limits, and error masking that logs each
 * unexpected error once with its request id. Bodies over `maxRequestBodyBytes` get 413. GraphiQL is
 * served inline (no CDN) at the endpoint, with example operations; it runs subscriptions over
 * graphql-ws (graphql-websocket.ts attaches it to the same port and path). Subscriptions also work
 * over SSE (`Accept: text/event-stream`).
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { createAccountHistory } from '../application/account-history.ts';
import type { BankReadModels } from '../application/bank-read-models.ts';
import type { BankService } from '../application/bank-service.ts';
import type { ConsistencyGate } from '../application/consistency-gate.ts';
import { createEventFeed } from '../application/event-feed.ts';
import { createEventLog } from '../application/event-log.ts';
import type { Logger } from '../application/logger.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { useCsrfPrevention } from './csrf-prevention.ts';
import { useDocumentNestingGuard } from './document-nesting-guard.ts';
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
}

export interface BankYogaOptions {
  readonly graphqlEndpoint?: string;
  readonly limits?: Partial<QueryLimits>;
  /** Larger request bodies are refused with 413 (default 100 kB). */
  readonly maxRequestBodyBytes?: number;
}

export type BankYoga = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

export const DEFAULT_MAX_REQUEST_BODY_BYTES = 100_000;

export function createBankYoga(dependencies: GraphQLDependencies, options: BankYogaOptions = {}): BankYoga {
  const { bankService, readModels, eventStore, readModelsGate, logger } = dependencies;
  const services: GraphQLServices = {
    bank: bankService,
    readModels,
    eventLog: createEventLog(eventStore),
    eventFeed: createEventFeed({ eventStore, readModels, readModelsGate }),
    accountHistory: createAccountHistory(eventStore),
    logger,
  };
  const requestIds = new WeakMap<Request, string>();
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    context: ({ request }) => createGraphQLContext(services, requestIds.get(request) ?? requestIdOf(request), request.signal),
    graphiql: { title: 'EsBank GraphiQL', defaultTabs: GRAPHIQL_TABS, defaultEditorToolsVisibility: 'variables', subscriptionsProtocol: 'WS' },
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
