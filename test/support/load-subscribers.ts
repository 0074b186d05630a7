/**
 * Subscribers for the load and crash suites: each holds one subscription (`events` for the whole log,
 * or `accountEvents` for one account) over SSE (POST with `Accept: text/event-stream`) or graphql-ws,
 * with the operator's credentials, and records the position of every event it receives.
 *
 * It starts after a known position and, whenever the stream ends or the connection drops (the server
 * was killed, say), subscribes again after the last position it received, as a client that wants
 * every event once must. Afterwards bank-invariants.ts compares the positions received with the
 * events table: strictly increasing, none missing, none twice.
 *
 * It also records the delay between an event's `createdAt` and its arrival, for events stored after
 * the subscription (re)connected: the end-to-end latency of live delivery.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { readServerSentEvents } from '../../client/server-sent-events.ts';
import { AccountEventsDocument, LiveEventsDocument } from '../../client/generated/graphql.ts';
import type { SubscriberRecord } from './bank-invariant-types.ts';
import { documentText } from './load-http.ts';

export type SubscriptionTransport = 'sse' | 'ws';

export interface SubscriberOptions {
  readonly name: string;
  readonly transport: SubscriptionTransport;
  /** Follow one account (`accountEvents`); the whole log (`events`) when omitted. */
  readonly accountId?: string;
  /** The position to start after (`afterPosition`). */
  readonly afterPosition: number;
  readonly url: () => string;
  readonly authorization: string;
}

export interface Subscriber {
  readonly record: SubscriberRecord;
  /** The latest position received (the start position before any). */
  readonly lastPosition: number;
  /** Subscribing again after the stream ended or failed, successful or not. */
  readonly reconnectAttempts: number;
  /** Resolves true once an event at or after `position` arrived, false after `timeoutMs`. */
  waitUntilSeen(position: number, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

interface EventFields {
  readonly position: string;
  readonly createdAt: string;
}

/** The subscription refused or failed with GraphQL errors or an HTTP error: not retried. */
class SubscriptionRefused extends Error {
  override readonly name = 'SubscriptionRefused';
}

export function startSubscriber(options: SubscriberOptions): Subscriber {
  const { name, transport, accountId, afterPosition } = options;
  const positions: number[] = [];
  const orderViolations: string[] = [];
  const errors: string[] = [];
  const lagMs: number[] = [];
  const record: SubscriberRecord = {
    name,
    transport,
    streamId: accountId === undefined ? null : `account-${accountId}`,
    afterPosition,
    positions,
    orderViolations,
    errors,
    lagMs,
  };
  const controller = new AbortController();
  let last = afterPosition;
  let reconnectAttempts = 0;

  const receive = (event: EventFields, connectedAt: number): void => {
    const position = Number(event.position);
    if (!(position > last)) orderViolations.push(`received position ${position} after ${last}`);
    positions.push(position);
    last = Math.max(last, position);
    const createdAt = Date.parse(event.createdAt);
    if (createdAt >= connectedAt) lagMs.push(Math.max(0, Date.now() - createdAt));
  };

  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      const connectedAt = Date.now() - 5;
      try {
        const stream = transport === 'sse' ? overSse(options, last, controller.signal) : overWebSocket(options, last, controller.signal);
        for await (const event of stream) receive(event, connectedAt);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof SubscriptionRefused) {
          errors.push(error.message);
          if (errors.length > 20) return;
        }
      }
      if (controller.signal.aborted) return;
      reconnectAttempts += 1;
      await pause(200, controller.signal);
    }
  };
  const running = run();

  return {
    record,
    get lastPosition() {
      return last;
    },
    get reconnectAttempts() {
      return reconnectAttempts;
    },
    async waitUntilSeen(position, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (last < position && Date.now() < deadline && !controller.signal.aborted) await pause(50);
      return last >= position;
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}

function subscriptionOf({ accountId }: SubscriberOptions, after: number): { query: string; variables: Record<string, unknown>; field: string } {
  return accountId === undefined
    ? { query: documentText(LiveEventsDocument), variables: { afterPosition: String(after) }, field: 'events' }
    : { query: documentText(AccountEventsDocument), variables: { accountId, afterPosition: String(after) }, field: 'accountEvents' };
}

async function* overSse(options: SubscriberOptions, after: number, signal: AbortSignal): AsyncGenerator<EventFields, void, undefined> {
  const { query, variables, field } = subscriptionOf(options, after);
  const response = await fetch(options.url(), {
    method: 'POST',
    headers: { authorization: options.authorization, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    throw new SubscriptionRefused(`SSE subscription refused: HTTP ${response.status} ${(await response.text().catch(() => '')).slice(0, 300)}`);
  }
  for await (const message of readServerSentEvents(response.body)) {
    if (message.event === 'complete') return;
    if (message.event !== 'next') continue;
    yield eventOf(JSON.parse(message.data) as ExecutionResult, field);
  }
}

interface ExecutionResult {
  readonly data?: Readonly<Record<string, unknown>> | null;
  readonly errors?: readonly { readonly message: string }[];
}

function eventOf(result: ExecutionResult, field: string): EventFields {
  if (result.errors && result.errors.length > 0) throw new SubscriptionRefused(`subscription errors: ${result.errors.map((e) => e.message).join(' ')}`);
  const event = result.data?.[field] as EventFields | undefined;
  if (!event) throw new SubscriptionRefused(`a subscription result without ${field}: ${JSON.stringify(result).slice(0, 300)}`);
  return event;
}

/** A `ws` WebSocket that sends `authorization` on the upgrade request, for graphql-ws's `webSocketImpl`. */
function webSocketWithAuthorization(authorization: string): new (address: string | URL, protocols?: string | string[]) => WebSocket {
  return class AuthorizedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { authorization } });
    }
  };
}

async function* overWebSocket(options: SubscriberOptions, after: number, signal: AbortSignal): AsyncGenerator<EventFields, void, undefined> {
  const { query, variables, field } = subscriptionOf(options, after);
  const client = createClient({
    url: options.url().replace(/^http/, 'ws'),
    webSocketImpl: webSocketWithAuthorization(options.authorization),
    connectionParams: { authorization: options.authorization },
    lazy: true,
    retryAttempts: 0,
  });
  const iterator = client.iterate<Record<string, unknown>>({ query, variables });
  const stop = (): void => void iterator.return?.();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const next = await iterator.next().catch((error: unknown) => {
        if (Array.isArray(error)) throw new SubscriptionRefused(`graphql-ws subscription refused: ${JSON.stringify(error).slice(0, 300)}`);
        throw new Error('The WebSocket connection closed.', { cause: error });
      });
      if (next.done) return;
      yield eventOf(next.value as ExecutionResult, field);
    }
  } finally {
    signal.removeEventListener('abort', stop);
    await iterator.return?.();
    await client.dispose();
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
