/**
 * Follows the `events` subscription across lost connections: every event carries its position, so
 * after a drop (or when the server ends the stream, as it does when shutting down) it subscribes
 * again with `afterPosition` set to the last position it delivered, and the caller gets exactly the
 * events it missed, then live ones: none twice, none lost.
 *
 * Pass `afterPosition` to start from a known point ("0" for the whole log). Without it the first
 * subscription starts at the server's head, and events stored before the first event arrives are
 * only guaranteed once one has arrived.
 *
 * GraphQL errors (bad arguments) are not retried; a connection that keeps failing is retried with a
 * growing pause, `maxReconnects` times in a row, then the last error is thrown.
 */
import { EsBankConnectionLostError, type EsBankClient, type Transport } from './esbank-client.ts';
import { LiveEventsDocument, type LiveEventsSubscription, type LiveEventsSubscriptionVariables } from './generated/graphql.ts';

export type LiveEvent = LiveEventsSubscription['events'];

export interface FollowEventsOptions {
  readonly transport?: Transport;
  /** Ends following (quietly) when aborted. */
  readonly signal?: AbortSignal;
  /** Reconnections in a row without receiving an event before giving up (default 5). */
  readonly maxReconnects?: number;
  /** Told (and awaited) before each reconnection, with the position it resumes after. */
  readonly onReconnect?: (afterPosition: string | null, attempt: number) => void | Promise<void>;
}

const pauseBeforeAttempt = (attempt: number): number => Math.min(2_000, 100 * 2 ** (attempt - 1));

export async function* followEvents(
  client: EsBankClient,
  variables: LiveEventsSubscriptionVariables,
  { transport = 'sse', signal, maxReconnects = 5, onReconnect }: FollowEventsOptions = {},
): AsyncGenerator<LiveEvent, void, undefined> {
  let afterPosition = variables.afterPosition ?? null;
  let failures = 0;
  while (!signal?.aborted) {
    try {
      for await (const { events } of client.subscribe(LiveEventsDocument, { ...variables, afterPosition }, { transport, signal })) {
        afterPosition = events.position;
        failures = 0;
        yield events;
      }
    } catch (error) {
      if (!(error instanceof EsBankConnectionLostError)) throw error;
      failures += 1;
      if (failures > maxReconnects) throw error;
    }
    if (signal?.aborted) return;
    await pause(pauseBeforeAttempt(Math.max(failures, 1)), signal);
    await onReconnect?.(afterPosition, failures);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
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
