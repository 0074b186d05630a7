/**
 * GraphQL over WebSocket (the graphql-ws protocol, `graphql-transport-ws`) on the HTTP server's port
 * and the GraphQL path, next to SSE. Operations run through `yoga.getEnveloped`, so they get the same
 * schema, context, limits, error masking and logging as HTTP requests.
 *
 * Each subscription has its own AbortController, which becomes the signal of the request its context
 * is built from: it aborts when the subscription completes, when the client sends `complete`, and
 * when the socket closes, so the subscription's event-store subscription ends at once (see
 * subscription-stream.ts).
 *
 * Credentials: the `Authorization` header of the upgrade request, or `authorization` in the
 * connection_init payload (browsers cannot set headers on a WebSocket). A bad token closes the
 * connection at init with 4403 and the reason; each operation is then authorized like an HTTP request.
 *
 * Messages are limited to the HTTP body limit. Close with the returned function before closing the
 * HTTP server: it closes every socket with code 1001 and the given reason.
 */
import type { IncomingMessage, Server } from 'node:http';
import { type DocumentNode, type ExecutionArgs, GraphQLError } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Authenticator } from '../application/principal.ts';
import { clientAddressOf, type RequestLimits } from '../http/request-limits.ts';
import { type BankYoga, DEFAULT_MAX_REQUEST_BODY_BYTES } from './yoga.ts';

export interface GraphqlWebSocketOptions {
  /** Larger messages close the socket (code 1009); default: the HTTP body limit. */
  readonly maxMessageBytes?: number;
  /** How long closing waits for clients to answer the close handshake before dropping them. */
  readonly closeGraceMs?: number;
  /** Checks the credentials at connection_init; without it they are checked per operation only. */
  readonly authenticate?: Authenticator;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy). */
  readonly trustProxy?: boolean;
  /** The HTTP server's flood limits: each connection and each operation counts against its address's rate. */
  readonly limits?: RequestLimits;
}

/** Closes every socket with code 1001 and `reason`, and stops accepting new ones. */
export type CloseGraphqlWebSocket = (reason?: string) => Promise<void>;

type Enveloped = ReturnType<BankYoga['getEnveloped']>;

const GOING_AWAY = 1001;
/** graphql-ws' own code for a refused connection_init. */
const FORBIDDEN = 4403;
/** The close code for a connection over the address's request rate. */
const TOO_MANY_REQUESTS = 4429;

export function attachGraphqlWebSocket(httpServer: Server, yoga: BankYoga, options: GraphqlWebSocketOptions = {}): CloseGraphqlWebSocket {
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: yoga.graphqlEndpoint,
    maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES,
  });
  const controllers = new Map<WebSocket, Map<string, AbortController>>();
  const enveloped = new WeakMap<object, Enveloped>();

  const abort = (socket: WebSocket, id: string): void => {
    controllers.get(socket)?.get(id)?.abort();
    controllers.get(socket)?.delete(id);
  };

  useServer<Record<string, unknown> | undefined, Record<PropertyKey, never>>(
    {
      isProd: true,
      async onConnect(ctx) {
        const admission = await options.limits?.admitOperation(clientAddressOf(ctx.extra.request, options.trustProxy ?? false));
        if (admission && !admission.admitted) {
          ctx.extra.socket.close(TOO_MANY_REQUESTS, admission.reason.slice(0, 120));
          return false;
        }
        if (!options.authenticate) return true;
        const principal = await options.authenticate(authorizationOf(ctx.extra.request, ctx.connectionParams));
        if (principal.kind !== 'credentialProblem') return true;
        ctx.extra.socket.close(FORBIDDEN, principal.message.slice(0, 120));
        return false;
      },
      async onSubscribe(ctx, id, payload) {
        const controller = new AbortController();
        const socket = ctx.extra.socket;
        if (!controllers.has(socket)) controllers.set(socket, new Map());
        controllers.get(socket)?.set(id, controller);
        const request = requestOf(ctx.extra.request, yoga.graphqlEndpoint, controller.signal, authorizationOf(ctx.extra.request, ctx.connectionParams));
        const clientAddress = clientAddressOf(ctx.extra.request, options.trustProxy ?? false);
        const admission = await options.limits?.admitOperation(clientAddress);
        if (admission && !admission.admitted) {
          return [new GraphQLError(admission.reason, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: admission.retryAfterSeconds } })];
        }
        const envelope = yoga.getEnveloped({ request, params: payload, clientAddress });
        const document = parseOrErrors(envelope, payload);
        if (Array.isArray(document)) return document;
        const errors = envelope.validate(envelope.schema, document as DocumentNode);
        if (errors.length > 0) return errors;
        const args: ExecutionArgs = {
          schema: envelope.schema,
          document: document as DocumentNode,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue: await envelope.contextFactory(),
        };
        enveloped.set(args, envelope);
        return args;
      },
      execute: (args) => envelopeOf(enveloped, args).execute(args),
      subscribe: (args) => envelopeOf(enveloped, args).subscribe(args),
      onComplete(ctx, id) {
        abort(ctx.extra.socket, id);
      },
    },
    wsServer,
  );

  wsServer.on('connection', (socket) => {
    socket.once('close', () => {
      for (const controller of controllers.get(socket)?.values() ?? []) controller.abort();
      controllers.delete(socket);
    });
  });

  return async (reason = 'The server is shutting down.') => {
    const open = [...wsServer.clients];
    const closed = open.map((socket) => new Promise<void>((resolve) => (socket.readyState === socket.CLOSED ? resolve() : socket.once('close', () => resolve()))));
    for (const socket of open) socket.close(GOING_AWAY, reason);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.closeGraceMs ?? 1_000);
      timer.unref();
    });
    await Promise.race([Promise.all(closed), grace]);
    clearTimeout(timer);
    for (const socket of wsServer.clients) socket.terminate();
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
  };
}

function envelopeOf(enveloped: WeakMap<object, Enveloped>, args: ExecutionArgs): Enveloped {
  const envelope = enveloped.get(args);
  if (!envelope) throw new Error('A graphql-ws operation arrived without the arguments prepared in onSubscribe.');
  return envelope;
}

function parseOrErrors(envelope: Enveloped, payload: SubscribePayload): DocumentNode | readonly GraphQLError[] {
  try {
    return envelope.parse(payload.query);
  } catch (error) {
    if (isGraphQLError(error)) return [error];
    throw error;
  }
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** The credentials of a connection: the connection_init payload's `authorization`, else the upgrade request's header. */
function authorizationOf(upgrade: IncomingMessage, connectionParams: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const given = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof given === 'string') return given;
  return upgrade.headers.authorization;
}

/** A Fetch request standing for the upgrade request: the context reads its headers (`x-request-id`, `authorization`) and its signal. */
function requestOf(upgrade: IncomingMessage, path: string, signal: AbortSignal, authorization: string | undefined): Request {
  const headers = headersOf(upgrade);
  if (authorization === undefined) headers.delete('authorization');
  else headers.set('authorization', authorization);
  return new Request(new URL(path, 'http://localhost'), { headers, signal });
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return headers;
}
