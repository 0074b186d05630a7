/**
 * `GET /health` (the process is up and answering) and `GET /ready` (it can serve: migrations ran,
 * the database answers within 2 s, nothing is failing, and the read models and sagas trail the event
 * store by at most 1 000 events; `caughtUp` in the body says whether they trail by none). Load
 * balancers and orchestrators poll these; the answers are small JSON documents a person can read too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Readiness {
  /** Can serve: the database answers, nothing is failing, and the read models and sagas trail the head by little. */
  readonly ready: boolean;
  /** Ready, and every read model and saga has processed every stored event. */
  readonly caughtUp: boolean;
  /** What is not ready yet, in words, e.g. "projection accounts is at 120 of 130". */
  readonly waitingFor: readonly string[];
}

export type ReadinessCheck = () => Promise<Readiness>;

/** Answers the request when it is a health route and returns true; otherwise returns false. */
export async function handleHealthRoute(request: IncomingMessage, response: ServerResponse, readiness: ReadinessCheck): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (path === '/health') {
    sendJson(response, 200, { status: 'ok' });
    return true;
  }
  if (path === '/ready') {
    const state = await readiness().catch((error: unknown) => ({
      ready: false,
      caughtUp: false,
      waitingFor: [`the readiness check failed: ${error instanceof Error ? error.message : String(error)}`],
    }));
    sendJson(response, state.ready ? 200 : 503, { status: state.ready ? 'ready' : 'not ready', caughtUp: state.caughtUp, waitingFor: state.waitingFor });
    return true;
  }
  return false;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
