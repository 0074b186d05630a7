/**
 * `npm start`: configuration → application → HTTP server → graceful shutdown. Nothing else.
 *
 * On SIGTERM or SIGINT: stop accepting connections, answer new requests on open connections with 503,
 * end open subscriptions (SSE and WebSocket) with a reason that says how to resume, let the requests
 * in flight finish (up to 10 s), stop the background work (projections and sagas, which resume from
 * their checkpoints on the next start), close the database, and exit.
 */
import { createServer } from 'node:http';
import { GraphQLError } from 'graphql';
import { createApp } from './app.ts';
import { createJsonLinesLogger } from './application/logger.ts';
import { ConfigError, loadConfig } from './config.ts';
import { attachGraphqlWebSocket } from './graphql/graphql-websocket.ts';
import { createBankYoga } from './graphql/yoga.ts';
import { createRequestHandler } from './http/request-handler.ts';
import { createRequestLimits } from './http/request-limits.ts';

const IN_FLIGHT_GRACE_MS = 10_000;
const SHUTDOWN_REASON = 'The server is shutting down. Reconnect in a moment and resubscribe with afterPosition to resume.';

let logger = createJsonLinesLogger();

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createJsonLinesLogger({ level: config.logLevel });
  const where = config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.database.dataDir}`;
  logger.info('starting EsBank', {
    database: where,
    eventStore: config.eventStore.kind === 'eventstoredb' ? 'EventStoreDB' : 'the same database',
    mode: config.nodeEnv,
  });
  const app = await createApp(config, { logger });
  const shutdown = new AbortController();
  const yoga = createBankYoga(app, {
    graphiql: config.security.graphiql,
    introspection: config.security.introspection,
    shutdownSignal: shutdown.signal,
  });
  const limits = createRequestLimits(config.security);
  const handler = createRequestHandler(app, yoga, limits);
  const server = createServer(handler);
  const closeWebSockets = attachGraphqlWebSocket(server, yoga, { authenticate: app.authenticate, trustProxy: config.security.trustProxy, limits });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info(`EsBank is serving on http://localhost:${port}/graphql`, { port });

  let stopping = false;
  const shutDown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: no new requests; finishing the ones in flight', { signal });
    server.close();
    shutdown.abort(new GraphQLError(SHUTDOWN_REASON, { extensions: { code: 'SHUTTING_DOWN' } }));
    const drained = handler.drain(IN_FLIGHT_GRACE_MS);
    await closeWebSockets(SHUTDOWN_REASON).catch((error: unknown) => logger.warn('closing WebSocket connections failed', { error: String(error) }));
    if (!(await drained)) logger.warn(`requests were still running after ${IN_FLIGHT_GRACE_MS} ms; closing their connections`);
    server.closeAllConnections();
    await app.stop();
    logger.info('stopped cleanly');
  };
  const onSignal = (signal: string) => () => {
    shutDown(signal).catch((error: unknown) => {
      logger.error('stopping failed', { error: String(error) });
      process.exitCode = 1;
    });
  };
  process.once('SIGTERM', onSignal('SIGTERM'));
  process.once('SIGINT', onSignal('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  logger.error(`EsBank could not start: ${message}`);
  process.exitCode = 1;
});
