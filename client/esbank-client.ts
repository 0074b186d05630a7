/**
 * A small typed client for the EsBank GraphQL API, built on the documents graphql-codegen generates
 * from client/operations (`npm run codegen`): results and variables are typed by the document.
 *
 * - `request`: a query or mutation over `fetch` (POST, JSON). Mutations answer with a union: switch
 *   on `__typename` (`DepositSuccess`, `NotFoundError`, …); GraphQL errors (bad input the schema
 *   refuses) reject with {@link EsBankGraphQLError}.
 * - `subscribe`: a subscription over SSE (a streaming `fetch` with `Accept: text/event-stream`) or
 *   over WebSocket (graphql-ws; in Node with the `ws` package), as an async iterator. Leaving the
 *   `for await` loop, or aborting `signal`, ends it on the server too.
 * - A lost connection rejects with {@link EsBankConnectionLostError}; `followEvents` (resumable-events.ts) keeps an `events` subscription going across lost connections,
 *   resuming after the last position it delivered.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import { type Client as WebSocketClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { readServerSentEvents } from './server-sent-events.ts';

export interface GraphQLErrorBody {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface GraphQLResponse<Result> {
  readonly status: number;
  readonly data?: Result | null;
  readonly errors?: readonly GraphQLErrorBody[];
}

/** The server refused the operation (bad input, limits, …): `errors` say why; `codes` are their `extensions.code`. */
export class EsBankGraphQLError extends Error {
  override readonly name = 'EsBankGraphQLError';
  readonly status: number;
  readonly errors: readonly GraphQLErrorBody[];

  constructor(status: number, errors: readonly GraphQLErrorBody[]) {
    super(`The EsBank API refused the operation (HTTP ${status}): ${errors.map((e) => e.message).join(' ') || 'no reason given'}`);
    this.status = status;
    this.errors = errors;
  }

  get codes(): readonly unknown[] {
    return this.errors.map((e) => e.extensions?.code);
  }
}

/** The connection dropped before the subscription completed: subscribe again (after the last position seen). */
export class EsBankConnectionLostError extends Error {
  override readonly name = 'EsBankConnectionLostError';
}

export type Transport = 'sse' | 'ws';

export interface SubscribeOptions {
  readonly transport?: Transport;
  readonly signal?: AbortSignal;
}

export interface EsBankClientOptions {
  /** The API, e.g. `http://localhost:4000/graphql`; WebSockets use the same URL with `ws:`/`wss:`. */
  readonly url: string;
  /** Sent with every HTTP request (e.g. `x-request-id`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A session token (from login or openAccount) or the operator token: sent as `Authorization: Bearer <token>` over HTTP and WebSocket. */
  readonly token?: string;
}

export interface EsBankClient {
  /** Runs a query or mutation; rejects with {@link EsBankGraphQLError} when the answer has errors. */
  request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result>;
  /** Runs a query or mutation and returns the whole answer, errors included (for callers that inspect them). */
  execute<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<GraphQLResponse<Result>>;
  /** Each result of a subscription; rejects with {@link EsBankGraphQLError} when the server refuses it. */
  subscribe<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables, options?: SubscribeOptions): AsyncGenerator<Result, void, undefined>;
  /** Closes the WebSocket connection, if one was opened. */
  close(): Promise<void>;
}

const printed = new WeakMap<DocumentNode, string>();
const textOf = (document: DocumentNode): string => {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
};

export function createEsBankClient({ url, headers: given = {}, token }: EsBankClientOptions): EsBankClient {
  const authorization = token === undefined ? undefined : `Bearer ${token}`;
  const headers = authorization === undefined ? given : { ...given, authorization };
  let webSocketClient: WebSocketClient | undefined;
  const webSocket = (): WebSocketClient =>
    (webSocketClient ??= createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: authorization === undefined ? undefined : { authorization },
    }));

  const post = (document: DocumentNode, variables: unknown, accept: string, signal?: AbortSignal): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept },
      body: JSON.stringify({ query: textOf(document), variables }),
      signal,
    });

  async function execute<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<GraphQLResponse<Result>> {
    const response = await post(document, variables, 'application/graphql-response+json, application/json;q=0.9');
    const body = (await response.json()) as Omit<GraphQLResponse<Result>, 'status'>;
    return { status: response.status, ...body };
  }

  async function* overSse<Result>(document: DocumentNode, variables: unknown, signal?: AbortSignal): AsyncGenerator<Result, void, undefined> {
    try {
      const response = await post(document, variables, 'text/event-stream', signal);
      if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        const body = (await response.json().catch(() => ({}))) as { errors?: GraphQLErrorBody[] };
        throw new EsBankGraphQLError(response.status, body.errors ?? [{ message: `HTTP ${response.status} without a GraphQL answer` }]);
      }
      for await (const message of readServerSentEvents(response.body)) {
        if (message.event === 'complete') return;
        if (message.event !== 'next') continue;
        yield resultOf<Result>(response.status, JSON.parse(message.data) as GraphQLResponse<Result>);
      }
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof EsBankGraphQLError) throw error;
      throw new EsBankConnectionLostError('The SSE connection failed before the subscription completed.', { cause: error });
    }
    if (!signal?.aborted) throw new EsBankConnectionLostError('The SSE stream ended before the subscription completed.');
  }

  async function* overWebSocket<Result>(document: DocumentNode, variables: unknown, signal?: AbortSignal): AsyncGenerator<Result, void, undefined> {
    const iterator = webSocket().iterate<Result>({ query: textOf(document), variables: variables as Record<string, unknown> });
    const stop = (): void => void iterator.return?.();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const next = await iterator.next().catch((error: unknown) => {
          if (Array.isArray(error)) throw new EsBankGraphQLError(200, error as GraphQLErrorBody[]);
          throw new EsBankConnectionLostError('The WebSocket connection closed before the subscription completed.', { cause: error });
        });
        if (next.done) return;
        yield resultOf<Result>(200, next.value as GraphQLResponse<Result>);
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      await iterator.return?.();
    }
  }

  return {
    async request(document, variables) {
      const response = await execute(document, variables);
      return resultOf(response.status, response);
    },
    execute,
    subscribe(document, variables, { transport = 'sse', signal } = {}) {
      return transport === 'ws' ? overWebSocket(document, variables, signal) : overSse(document, variables, signal);
    },
    async close() {
      await webSocketClient?.dispose();
      webSocketClient = undefined;
    },
  };
}

function resultOf<Result>(status: number, response: Omit<GraphQLResponse<Result>, 'status'>): Result {
  if ((response.errors && response.errors.length > 0) || response.data === null || response.data === undefined) {
    throw new EsBankGraphQLError(status, response.errors ?? []);
  }
  return response.data;
}
