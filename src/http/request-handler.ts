/**
 * The HTTP entry point: health and readiness routes, then the GraphQL API (and its GraphiQL page) at
 * `/graphql`. Other paths get a 404 that says where the API lives. Pass the yoga instance when something
 * else serves it too (graphql-websocket.ts, on the same server).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { App } from '../app.ts';
import { type BankYoga, createBankYoga } from '../graphql/yoga.ts';
import { handleHealthRoute, sendJson } from './health-routes.ts';

export function createRequestHandler(app: App, yoga: BankYoga = createBankYoga(app)): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      app.logger.error('request failed', { path: request.url ?? '', error: String(error) });
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal error. It was logged.' });
      else response.end();
    });
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (await handleHealthRoute(request, response, () => app.readiness())) return;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/graphql') return yoga(request, response);
    sendJson(response, 404, { error: 'Not found. The API and its GraphiQL playground are at /graphql; health checks at /health and /ready.' });
  }
}
