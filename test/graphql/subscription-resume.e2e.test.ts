/**
 * Resuming subscriptions over real HTTP and WebSocket: a client that left and comes back with the
 * last position it saw gets exactly the events it missed, then live ones; `followEvents` does the
 * same by itself when the connection is cut under it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EsBankClient, Transport } from '../../client/esbank-client.ts';
import { DepositDocument, LiveEventsDocument, type LiveEventsSubscription, OpenAccountDocument } from '../../client/generated/graphql.ts';
import { followEvents, type LiveEvent } from '../../client/resumable-events.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { collectUntil } from '../support/stream-collector.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const TRANSPORTS: Transport[] = ['sse', 'ws'];

const amountOf = (event: LiveEvent): unknown => (event.data as { amount?: unknown }).amount;

/** The next result, or a failure naming what was awaited when nothing comes in time. */
async function nextWithin<T>(stream: AsyncGenerator<T, void, undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No ${what} within ${timeoutMs} ms.`)), timeoutMs);
  });
  try {
    const result = await Promise.race([stream.next(), timeout]);
    if (result.done) throw new Error(`The subscription ended while waiting for ${what}.`);
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

for (const kind of testDatabaseKinds()) {
  describe(`resuming subscriptions from a position (${kind})`, () => {
    let api: GraphQLHttpServer;
    let client: EsBankClient;
    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind);
      client = api.client;
    });
    afterAll(async () => {
      await api?.close();
    });

    const newAccount = async (owner: string): Promise<{ accountId: string; streamId: string; position: string }> => {
      const { openAccount } = await client.request(OpenAccountDocument, { input: { owner, pin: '2580' } });
      if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(JSON.stringify(openAccount));
      return { accountId: openAccount.accountId, streamId: `account-${openAccount.accountId}`, position: openAccount.position };
    };
    const deposit = async (accountId: string, amount: number): Promise<void> => {
      const { deposit: result } = await client.request(DepositDocument, { input: { accountId, amount } });
      expect(result.__typename).toBe('DepositSuccess');
    };

    for (const transport of TRANSPORTS) {
      it(`${transport}: a client that reconnects after the last position it saw gets exactly what it missed, then live events`, async () => {
        const { accountId, streamId, position } = await newAccount(`Resume ${transport}`);
        const events = (received: readonly LiveEventsSubscription[]) => received.map((r) => r.events);

        const first = collectUntil(client.subscribe(LiveEventsDocument, { streamId, afterPosition: position }, { transport }), (r) => r.length === 2);
        await deposit(accountId, 100);
        await deposit(accountId, 200);
        const seen = events((await first).received);
        expect(seen.map(amountOf)).toEqual([100, 200]);
        await api.storeSubscriptions.waitUntil((n) => n === 0);

        await deposit(accountId, 300);
        await deposit(accountId, 400);
        const last = seen.at(-1)?.position ?? '';
        const resumed = client.subscribe(LiveEventsDocument, { streamId, afterPosition: last }, { transport });
        const missed = [await nextWithin(resumed, 'first missed event'), await nextWithin(resumed, 'second missed event')].map((r) => r.events);
        await deposit(accountId, 500);
        const live = (await nextWithin(resumed, 'live event')).events;
        await resumed.return(undefined);

        expect([...missed, live].map(amountOf)).toEqual([300, 400, 500]);
        const stored = (await api.app.eventStore.readStream(streamId)).filter((e) => e.position > Number(last));
        expect([...missed, live].map((e) => e.eventId)).toEqual(stored.map((e) => e.eventId));
        const positions = [...seen, ...missed, live].map((e) => Number(e.position));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(new Set(positions).size).toBe(positions.length);
        await api.storeSubscriptions.waitUntil((n) => n === 0);
      });

      it(`${transport}: followEvents resumes by itself after the connection is cut, without losing or repeating an event`, async () => {
        const { accountId, streamId, position } = await newAccount(`Follow ${transport}`);
        const reconnects: (string | null)[] = [];
        const follower = followEvents(
          client,
          { streamId, afterPosition: position },
          {
            transport,
            // Stored while the follower is cut off (through the service: the HTTP connections were just cut).
            onReconnect: async (afterPosition) => {
              reconnects.push(afterPosition);
              for (const amount of [2, 3]) expect((await api.app.bankService.deposit({ accountId, amount })).kind).toBe('accepted');
            },
          },
        );
        const received: LiveEvent[] = [];
        const receiving = nextWithin(follower, 'the first event');
        await deposit(accountId, 1);
        received.push(await receiving);
        api.dropConnections();
        received.push(await nextWithin(follower, 'the first missed event'), await nextWithin(follower, 'the second missed event'));
        await deposit(accountId, 4);
        received.push(await nextWithin(follower, 'the live event after resuming'));
        await follower.return(undefined);

        expect(received.map(amountOf)).toEqual([1, 2, 3, 4]);
        expect(reconnects).toEqual([received[0]?.position]);
        const stored = (await api.app.eventStore.readStream(streamId)).slice(1);
        expect(received.map((e) => e.eventId)).toEqual(stored.map((e) => e.eventId));
        await api.storeSubscriptions.waitUntil((n) => n === 0);
      });
    }
  });
}

