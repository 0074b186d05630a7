/**
 * The subscribers of the subscription benchmark: each one a real HTTP connection to the server holding
 * the `events` subscription over SSE (POST with `Accept: text/event-stream`, the operator's token), as
 * the client's `LiveEvents` document asks for it: every field of a DomainEvent.
 *
 * A thousand subscribers at 200 events/s are 200 000 messages a second for this process to read, so a
 * subscriber does not parse them: it finds the `"position":"…"` of each message in the raw text
 * (decoded as latin1, which keeps every ASCII character where it is) and notes when the chunk holding
 * it arrived (performance.now(), the clock the appender's acknowledgements are timed on). Only the
 * chunk is timed, once, for every message in it.
 *
 * Once recording starts (`record(after, capacity)`), the arrival of position `after + i` is kept at
 * index `i - 1` of a Float64Array (NaN while not received): the benchmark later pairs it with the
 * append that wrote it and finds the ones missing.
 */
import http from 'node:http';
import { LiveEventsDocument } from '../client/generated/graphql.ts';
import { documentText } from '../test/support/load-http.ts';

const POSITION_MARK = '"position":"';

export interface SubscriberConnection {
  readonly url: string;
  readonly authorization: string;
  readonly agent: http.Agent;
}

export class SseSubscriber {
  readonly #request: http.ClientRequest;
  #rest = '';
  #closed = false;
  #after = 0;
  #arrivals: Float64Array = new Float64Array(0);
  /** The newest position received (the start position before any). */
  lastPosition: number;
  /** Messages received, whether recorded or not. */
  received = 0;
  /** Positions that arrived at or below one already received. */
  outOfOrder = 0;
  /** When the newest message arrived (performance.now()), NaN before any. */
  lastArrivalAt = Number.NaN;
  /** Errors the stream carried, and an early end of the stream. */
  readonly errors: string[] = [];

  private constructor(request: http.ClientRequest, afterPosition: number) {
    this.#request = request;
    this.lastPosition = afterPosition;
  }

  /** Subscribes after `afterPosition`; resolves once the server answered with an event stream. */
  static connect(connection: SubscriberConnection, afterPosition: number): Promise<SseSubscriber> {
    const body = JSON.stringify({ query: documentText(LiveEventsDocument), variables: { afterPosition: String(afterPosition) } });
    return new Promise((resolve, reject) => {
      const request = http.request(connection.url, {
        method: 'POST',
        agent: connection.agent,
        headers: { authorization: connection.authorization, 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) },
      });
      const subscriber = new SseSubscriber(request, afterPosition);
      request.on('error', (error) => {
        if (subscriber.#closed) return;
        subscriber.errors.push(`the connection failed: ${error.message}`);
        reject(error);
      });
      request.once('response', (response) => {
        const type = String(response.headers['content-type'] ?? '');
        if (response.statusCode !== 200 || !type.startsWith('text/event-stream')) {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.once('end', () => reject(new Error(`The subscription was refused: HTTP ${response.statusCode} ${type} ${text.slice(0, 300)}`)));
          return;
        }
        response.setEncoding('latin1');
        response.on('data', (chunk: string) => subscriber.#onChunk(chunk));
        response.on('error', (error) => {
          if (!subscriber.#closed) subscriber.errors.push(`the stream failed: ${error.message}`);
        });
        response.once('close', () => {
          if (!subscriber.#closed) subscriber.errors.push('the server ended the stream');
        });
        resolve(subscriber);
      });
      request.end(body);
    });
  }

  /** From now on, keep the arrival time of positions `after + 1` … `after + capacity`. */
  record(after: number, capacity: number): void {
    this.#after = after;
    this.#arrivals = new Float64Array(capacity).fill(Number.NaN);
  }

  /** When `position` arrived (performance.now()), NaN when it did not or is outside the recorded range. */
  arrivalOf(position: number): number {
    return this.#arrivals[position - this.#after - 1] ?? Number.NaN;
  }

  close(): void {
    this.#closed = true;
    this.#request.destroy();
  }

  #onChunk(chunk: string): void {
    const arrivedAt = performance.now();
    if (chunk.includes('"errors":')) this.errors.push(`the stream carried errors: ${chunk.slice(0, 300)}`);
    const text = this.#rest + chunk;
    let from = 0;
    for (;;) {
      const mark = text.indexOf(POSITION_MARK, from);
      if (mark < 0) {
        this.#rest = text.slice(Math.max(from, text.length - POSITION_MARK.length + 1));
        return;
      }
      const start = mark + POSITION_MARK.length;
      const end = text.indexOf('"', start);
      if (end < 0) {
        this.#rest = text.slice(mark);
        return;
      }
      this.#receive(Number(text.slice(start, end)), arrivedAt);
      from = end + 1;
    }
  }

  #receive(position: number, arrivedAt: number): void {
    this.received += 1;
    this.lastArrivalAt = arrivedAt;
    if (!(position > this.lastPosition)) this.outOfOrder += 1;
    this.lastPosition = Math.max(this.lastPosition, position);
    const index = position - this.#after - 1;
    if (index >= 0 && index < this.#arrivals.length) this.#arrivals[index] = arrivedAt;
  }
}

/**
 * Connects `count` subscribers after `afterPosition`, `concurrency` at a time; calls `onConnected`
 * with the number so far. On a refusal, closes those already connected and throws.
 */
export async function connectSubscribers(
  connection: SubscriberConnection,
  count: number,
  afterPosition: number,
  concurrency: number,
  onConnected: (connected: number) => void,
): Promise<SseSubscriber[]> {
  const subscribers: SseSubscriber[] = [];
  try {
    while (subscribers.length < count) {
      const batch = Math.min(concurrency, count - subscribers.length);
      const settled = await Promise.allSettled(Array.from({ length: batch }, () => SseSubscriber.connect(connection, afterPosition)));
      for (const outcome of settled) if (outcome.status === 'fulfilled') subscribers.push(outcome.value);
      const refused = settled.find((outcome) => outcome.status === 'rejected');
      if (refused) throw refused.reason;
      onConnected(subscribers.length);
    }
    return subscribers;
  } catch (error) {
    for (const subscriber of subscribers) subscriber.close();
    throw error;
  }
}

/**
 * Resolves true once every subscriber received `position` (or a later one), false after `timeoutMs`
 * or as soon as every subscriber that does not have it has failed.
 */
export async function waitUntilAllReceived(subscribers: readonly SseSubscriber[], position: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const waitingFor = subscribers.filter((s) => s.lastPosition < position);
    if (waitingFor.length === 0) return true;
    if (waitingFor.every((s) => s.errors.length > 0)) return false;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
