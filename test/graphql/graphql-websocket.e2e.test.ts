/**
 * graphql-ws on the HTTP server's port and path, spoken with a bare `ws` socket: only /graphql
 * upgrades, oversized messages close the socket, and closing (as main.ts does on shutdown) tells
 * every client why, with code 1001, and releases their subscriptions.
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveEventsDocument } from '../../client/generated/graphql.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';

const PROTOCOL = 'graphql-transport-ws';

interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A socket that went through `connection_init`/`connection_ack`, with its messages and its close. */
async function connect(url: string): Promise<{ socket: WebSocket; messages: unknown[]; closed: Promise<Closed>; nextMessage: () => Promise<unknown> }> {
  const socket = new WebSocket(url, PROTOCOL);
  const messages: unknown[] = [];
  const nextMessage = () => new Promise<unknown>((resolve) => socket.once('message', (data: WebSocket.RawData) => resolve(JSON.parse(data.toString()))));
  const closed = new Promise<Closed>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: OPERATOR_AUTHORIZATION } })));
    socket.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type: string };
      messages.push(message);
      if (message.type === 'connection_ack') resolve();
    });
  });
  return { socket, messages, closed, nextMessage };
}

describe('graphql-ws on the HTTP server (pglite)', () => {
  let api: GraphQLHttpServer;
  let wsUrl: string;
  beforeAll(async () => {
    api = await startGraphQLHttpServer('pglite', { maxRequestBodyBytes: 10_000 });
    wsUrl = api.url.replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('upgrades on /graphql only', async () => {
    const elsewhere = new WebSocket(wsUrl.replace('/graphql', '/elsewhere'), PROTOCOL);
    const status = await new Promise<number | undefined>((resolve) => {
      elsewhere.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      elsewhere.once('error', () => resolve(undefined));
    });
    expect(status === undefined || status >= 400).toBe(true);
    const { socket, closed } = await connect(wsUrl);
    socket.close(1000, 'done');
    expect(await closed).toEqual({ code: 1000, reason: 'done' });
  });

  it('closes a socket that sends a message over the size limit', async () => {
    const { socket, closed } = await connect(wsUrl);
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ atms { nodes { id } } } # ${'x'.repeat(20_000)}` } }));
    expect((await closed).code).toBe(1009);
  });

  it('tells every client why it closes, with 1001, and releases their subscriptions', async () => {
    const { socket, closed, nextMessage } = await connect(wsUrl);
    const afterPosition = String((await api.app.eventStore.headPosition()) - 1);
    const first = nextMessage();
    socket.send(JSON.stringify({ id: 'live', type: 'subscribe', payload: { query: print(LiveEventsDocument), variables: { afterPosition } } }));
    expect(await first).toMatchObject({ id: 'live', type: 'next', payload: { data: { events: { position: String(Number(afterPosition) + 1) } } } });
    expect(api.storeSubscriptions.active()).toBe(1);
    await api.close('Maintenance: back in five minutes.');
    expect(await closed).toEqual({ code: 1001, reason: 'Maintenance: back in five minutes.' });
    expect(api.storeSubscriptions.active()).toBe(0);
  });
});
