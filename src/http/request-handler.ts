/**
 * The HTTP entry point: health and readiness routes, then the GraphQL API (and its GraphiQL page) at
 * `/graphql`. Other paths get a 404 that says where the API lives. Pass the yoga instance when something
 * else serves it too (graphql-websocket.ts, on the same server).
 *
 * In front of the API: the flood limits (request-limits.ts) answer 429 with `Retry-After`; health
 * routes are exempt, so orchestrators can always ask. For a graceful shutdown, `drain()` makes new
 * requests get 503 (with `Connection: close`) and /ready report not ready, and resolves once the
 * requests in flight have finished (or the wait ran out).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { App } from '../app.ts';
import { type BankYoga, createBankYoga } from '../graphql/yoga.ts';
import { handleHealthRoute, sendJson } from './health-routes.ts';
import { clientAddressOf, createRequestLimits, isStreamRequest, type RequestLimits } from './request-limits.ts';

export interface RequestHandler extends RequestListener {
  /** Refuse new requests and wait for those in flight (subscription streams excluded) to end; false if the wait ran out. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createRequestHandler(app: App, yoga: BankYoga = createBankYoga(app), limits: RequestLimits = createRequestLimits(app.config.security)): RequestHandler {
  const { security } = app.config;
  let draining = false;
  const idleWaiters = new Set<() => void>();
  const notifyIfIdle = (): void => {
    if (limits.inFlight() > 0) return;
    for (const wake of idleWaiters) wake();
    idleWaiters.clear();
  };

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      app.logger.error('request failed', { path: request.url ?? '', error: String(error) });
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal error. It was logged.' });
      else response.end();
    });
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const readiness = async () => (draining ? { ready: false, caughtUp: false, waitingFor: ['the server is shutting down'] } : app.readiness());
    if (await handleHealthRoute(request, response, readiness)) return;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/graphql') {
      sendJson(response, 404, { error: 'Not found. The API and its GraphiQL playground are at /graphql; health checks at /health and /ready.' });
      return;
    }
    if (draining) {
      response.setHeader('connection', 'close');
      sendError(response, 503, 'The server is shutting down. Try again in a moment.', 'SHUTTING_DOWN', 1);
      return;
    }
    const clientAddress = clientAddressOf(request, security.trustProxy);
    const admission = await limits.admit(request, clientAddress);
    if (!admission.admitted) {
      sendError(response, 429, admission.reason, 'RATE_LIMITED', admission.retryAfterSeconds);
      return;
    }
    const release = (): void => {
      admission.release();
      notifyIfIdle();
    };
    response.once('close', release);
    // A stream holds its slot until its response starts: then it is a live subscription (or a
    // mutation's answer already computed), which must not keep new requests out.
    if (isStreamRequest(request)) onResponseStart(response, release);
    await yoga(request, response, { clientAddress });
  }

  return Object.assign(listener, {
    async drain(timeoutMs: number): Promise<boolean> {
      draining = true;
      if (limits.inFlight() === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<boolean>((resolve) => idleWaiters.add(() => resolve(true)));
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const drained = await Promise.race([idle, timeout]);
      clearTimeout(timer);
      return drained;
    },
  });
}

/** Calls `started` once, when the response's head is written. */
function onResponseStart(response: ServerResponse, started: () => void): void {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  let called = false;
  response.writeHead = ((...args: unknown[]) => {
    if (!called) {
      called = true;
      started();
    }
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

function sendError(response: ServerResponse, status: number, message: string, code: string, retryAfterSeconds: number): void {
  response.setHeader('retry-after', String(retryAfterSeconds));
  sendJson(response, status, { errors: [{ message, extensions: { code, retryAfterSeconds } }] });
}
