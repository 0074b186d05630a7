/**
 * A POST that is certainly in flight in the server, for the tests of graceful shutdown (a request
 * the drain must wait for) and of the concurrency cap (requests that hold its slots).
 *
 * It is sent with `Expect: 100-continue` and its headers only. Node answers `100 Continue` just
 * before it hands the request to the server's handler, so once `admitted` resolves the handler has
 * the request (and has admitted it, or answered it already); the handler then waits for the body,
 * which goes out only when the test calls `sendBody()`. No sleeps, no guessing.
 */
import { request as httpRequest } from 'node:http';

export interface HeldAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export interface HeldRequest {
  /** Resolves once the server's handler has the request. */
  readonly admitted: Promise<void>;
  sendBody(): void;
  readonly answer: Promise<HeldAnswer>;
}

export function postWithHeldBody(url: string, body: string, headers: Readonly<Record<string, string>> = {}): HeldRequest {
  const request = httpRequest(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', accept: 'application/json', expect: '100-continue', 'content-length': Buffer.byteLength(body), ...headers },
  });
  const admitted = new Promise<void>((resolve, reject) => {
    request.once('continue', () => resolve());
    request.once('error', reject);
  });
  const answer = new Promise<HeldAnswer>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.once('error', reject);
      response.once('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: text });
      });
    });
  });
  // An answer before the body (a 429, say) must not leave `admitted` pending forever.
  void answer.then(() => undefined, () => undefined);
  request.flushHeaders();
  return { admitted, sendBody: () => request.end(body), answer };
}
