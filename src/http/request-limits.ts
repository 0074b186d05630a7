/**
 * Flood protection in front of the API: a client address may send `requestsPerSecondPerAddress`
 * requests a second, and the process serves at most `maxConcurrentRequests` at once (long-lived
 * subscription streams excluded). Past either limit a request is answered at once with 429 and a
 * `Retry-After`, costing almost nothing, so a flood slows its sender down instead of the service.
 *
 * Counting is rate-limiter-flexible's, in this process's memory.
 */
import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RequestLimitOptions {
  readonly requestsPerSecondPerAddress: number;
  readonly maxConcurrentRequests: number;
  /** When true, the client address is the first entry of X-Forwarded-For (behind a trusted proxy). */
  readonly trustProxy: boolean;
}

export type Admission = { readonly admitted: true; readonly release: () => void } | { readonly admitted: false; readonly retryAfterSeconds: number; readonly reason: string };

export interface RequestLimits {
  /**
   * An HTTP request. Every request takes a slot; a streamed one (`Accept: text/event-stream`) gives
   * it back once its response starts (yoga starts it after a mutation ran, or once a subscription is
   * set up), so long-lived subscriptions do not hold slots but mutations sent as SSE do.
   */
  admit(request: IncomingMessage, clientAddress: string): Promise<Admission>;
  /** One operation over a WebSocket: counted against the address's rate like a request. */
  admitOperation(clientAddress: string): Promise<Admission>;
  /** Requests being served now (subscription streams excluded). */
  inFlight(): number;
}

export function createRequestLimits(options: RequestLimitOptions): RequestLimits {
  const perAddress = new RateLimiterMemory({ keyPrefix: 'requests', points: options.requestsPerSecondPerAddress, duration: 1 });
  let inFlight = 0;
  const rateRefusal = async (clientAddress: string): Promise<Admission | undefined> => {
    try {
      await perAddress.consume(clientAddress, 1);
      return undefined;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return {
        admitted: false,
        retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)),
        reason: `Too many requests from your address (more than ${options.requestsPerSecondPerAddress} a second). Wait and try again.`,
      };
    }
  };
  return {
    async admitOperation(clientAddress) {
      return (await rateRefusal(clientAddress)) ?? { admitted: true, release: () => undefined };
    },
    async admit(_request, clientAddress) {
      const refused = await rateRefusal(clientAddress);
      if (refused) return refused;
      if (inFlight >= options.maxConcurrentRequests) {
        return { admitted: false, retryAfterSeconds: 1, reason: 'The server is serving as many requests as it can. Try again in a moment.' };
      }
      inFlight += 1;
      let released = false;
      return {
        admitted: true,
        release: () => {
          if (released) return;
          released = true;
          inFlight -= 1;
        },
      };
    },
    inFlight: () => inFlight,
  };
}

/**
 * The client's address: the TCP peer, or with `trustProxy` the LAST X-Forwarded-For entry, the one our
 * own proxy appended. Earlier entries come from the client, which could pick any address it likes to
 * escape the per-address limits.
 */
export function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
    if (last) return normalize(last);
  }
  return normalize(request.socket.remoteAddress ?? 'unknown');
}

function normalize(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** Whether the request asks for an event stream (a subscription, or any operation answered over SSE). */
export function isStreamRequest(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}
