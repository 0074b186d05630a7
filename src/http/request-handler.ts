/**
 * The HTTP entry point: health and readiness routes, then the API. Unknown paths get a 404 that says
 * where the API lives.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { App } from '../app.ts';
import { handleHealthRoute, sendJson } from './health-routes.ts';

export function createRequestHandler(app: App): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    handle(app, request, response).catch((error: unknown) => {
      app.logger.error('request failed', { path: request.url ?? '', error: String(error) });
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal error. It was logged.' });
      else response.end();
    });
  };
}

async function handle(app: App, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (await handleHealthRoute(request, response, () => app.readiness())) return;
  sendJson(response, 404, { error: 'Not found. The health checks are at /health and /ready.' });
}
