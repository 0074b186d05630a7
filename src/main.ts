/**
 * `npm start`: configuration → application → HTTP server → graceful shutdown. Nothing else.
 */
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { createJsonLinesLogger } from './application/logger.ts';
import { ConfigError, loadConfig } from './config.ts';
import { attachGraphqlWebSocket } from './graphql/graphql-websocket.ts';
import { createBankYoga } from './graphql/yoga.ts';
import { createRequestHandler } from './http/request-handler.ts';

let logger = createJsonLinesLogger();

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createJsonLinesLogger({ level: config.logLevel });
  const where = config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.database.dataDir}`;
  logger.info('starting EsBank', { database: where, eventStore: config.eventStore.kind === 'eventstoredb' ? 'EventStoreDB' : 'the same database' });
  const app = await createApp(config, { logger });
  const yoga = createBankYoga(app);
  const server = createServer(createRequestHandler(app, yoga));
  const closeWebSockets = attachGraphqlWebSocket(server, yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info(`EsBank is serving on http://localhost:${port}/graphql`, { port });

  let stopping = false;
  const shutDown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    closeWebSockets('The server is shutting down.')
      .catch((error: unknown) => logger.warn('closing WebSocket connections failed', { error: String(error) }))
      .then(() => {
        server.close();
        server.closeAllConnections();
        return app.stop();
      })
      .then(
        () => logger.info('stopped cleanly'),
        (error: unknown) => {
          logger.error('stopping failed', { error: String(error) });
          process.exitCode = 1;
        },
      );
  };
  process.once('SIGTERM', () => shutDown('SIGTERM'));
  process.once('SIGINT', () => shutDown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  logger.error(`EsBank could not start: ${message}`);
  process.exitCode = 1;
});
