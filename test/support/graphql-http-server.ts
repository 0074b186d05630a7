/**
 * The real server over real HTTP, in-process, as `npm start` wires it: the whole application on a
 * per-file database, `createRequestHandler` on a Node HTTP server listening on a free port, and
 * graphql-ws attached to the same server. The yoga instance reads a store subscription gauge
 * (subscription-counting-store.ts) so tests can see subscriptions being released.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createEsBankClient, type EsBankClient } from '../../client/esbank-client.ts';
import { attachGraphqlWebSocket, type CloseGraphqlWebSocket } from '../../src/graphql/graphql-websocket.ts';
import { type BankYogaOptions, createBankYoga } from '../../src/graphql/yoga.ts';
import { createRequestHandler } from '../../src/http/request-handler.ts';
import { TEST_OPERATOR_TOKEN } from './test-auth.ts';
import { countStoreSubscriptions, type SubscriptionGauge } from './subscription-counting-store.ts';
import { openTestApp, type TestApp } from './test-app.ts';
import type { TestDatabaseKind } from './test-database.ts';

export interface GraphQLHttpServer {
  readonly app: TestApp;
  readonly server: Server;
  /** `http://127.0.0.1:<port>/graphql` */
  readonly url: string;
  /** A client of the server signed in as the operator (closed with the server). */
  readonly client: EsBankClient;
  /**
   * Another client with its own WebSocket connection (closed with the server): the operator's by
   * default, a customer's with that customer's session token, anonymous with `null`.
   */
  newClient(token?: string | null): EsBankClient;
  /** The store subscriptions the GraphQL API holds open. */
  readonly storeSubscriptions: SubscriptionGauge;
  /** Waits until every read model and saga has processed everything stored so far. */
  settle(): Promise<void>;
  /** Cuts every open connection (HTTP, SSE and WebSocket) as a network failure would; the server keeps listening. */
  dropConnections(): void;
  /** Closes the WebSockets with `reason`, then every HTTP connection, then the app. */
  close(reason?: string): Promise<void>;
}

export async function startGraphQLHttpServer(
  kind: TestDatabaseKind,
  options: BankYogaOptions = {},
  environment: Readonly<Record<string, string>> = {},
): Promise<GraphQLHttpServer> {
  const app = await openTestApp(kind, environment);
  const { store, gauge } = countStoreSubscriptions(app.eventStore);
  const yoga = createBankYoga({ ...app, eventStore: store }, options);
  const server = createServer(createRequestHandler(app, yoga));
  const closeWebSockets: CloseGraphqlWebSocket = attachGraphqlWebSocket(server, yoga, {
    maxMessageBytes: options.maxRequestBodyBytes,
    authenticate: app.authenticate,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (_request, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const clients: EsBankClient[] = [];
  const newClient = (token: string | null = TEST_OPERATOR_TOKEN): EsBankClient => {
    const client = createEsBankClient({ url, token: token ?? undefined });
    clients.push(client);
    return client;
  };
  // The default ATM is registered with eventual consistency at start-up.
  await app.waitUntilProcessed(await app.eventStore.headPosition());

  const settle = async (): Promise<void> => {
    for (let round = 0; round < 100; round += 1) {
      const head = await app.eventStore.headPosition();
      await app.waitUntilProcessed(head);
      if ((await app.eventStore.headPosition()) === head) return;
    }
    throw new Error('The sagas were still appending events after 100 rounds.');
  };

  return {
    app,
    server,
    url,
    client: newClient(),
    newClient,
    storeSubscriptions: gauge,
    settle,
    dropConnections() {
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
    },
    async close(reason) {
      await Promise.all(clients.map((client) => client.close()));
      await closeWebSockets(reason);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
