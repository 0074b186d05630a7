/**
 * The composition root: the one place that picks concrete adapters from the configuration and wires
 * the application together. Everything else depends on ports.
 *
 * Start-up order: open the database (PostgreSQL server or embedded PGlite) → run migrations → open the
 * event store (PostgreSQL, or EventStoreDB when configured) behind the upcasting decorator → command
 * dispatcher → make sure the default ATM exists.
 */
import type { Config } from './config.ts';
import { type DatabaseConnection, openDatabaseConnection } from './database/database-connection.ts';
import { migrateToLatestOrThrow } from './database/database-migrator.ts';
import { createPostgresSnapshotStore } from './database/postgres-snapshot-store.ts';
import { createAccountAggregate } from './application/account-aggregate.ts';
import { createCommandDispatcher, type CommandDispatcher } from './application/command-dispatcher.ts';
import { createCommandLoggingMiddleware } from './application/command-logging-middleware.ts';
import { createCommandRouter } from './application/command-router.ts';
import { deterministicUuid } from './application/deterministic-uuid.ts';
import type { Logger } from './application/logger.ts';
import { createTellerAggregate } from './application/teller-aggregate.ts';
import { DEFAULT_ATM_ID, DEFAULT_ATM_INITIAL_CASH } from './domain/teller/teller-decider.ts';
import { eventUpcasterChain } from './domain/event-type-catalog.ts';
import type { EventStore } from './event-store/event-store.ts';
import { createEventStoreDbEventStore } from './event-store/eventstoredb/eventstoredb-event-store.ts';
import { createPostgresEventStore } from './event-store/postgres/postgres-event-store.ts';
import { createUpcastingEventStore } from './event-store/upcasting-event-store.ts';
import type { Readiness } from './http/health-routes.ts';

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseConnection;
  /** The upcasting event store: every reader sees current event shapes only. */
  readonly eventStore: EventStore;
  readonly dispatcher: CommandDispatcher;
  readiness(): Promise<Readiness>;
  /** Stops background work and closes connections. */
  stop(): Promise<void>;
}

export interface AppDependencies {
  readonly logger: Logger;
}

export async function createApp(config: Config, { logger }: AppDependencies): Promise<App> {
  const database = await openDatabaseConnection(config.database);
  try {
    const applied = await migrateToLatestOrThrow(database.db);
    if (applied.length > 0) logger.info('database migrated', { migrations: applied.map((m) => m.migrationName) });
    const rawStore = openEventStore(config, database, logger);
    const eventStore = createUpcastingEventStore(rawStore, eventUpcasterChain);
    const router = createCommandRouter();
    router.register(createAccountAggregate({ snapshot: { everyEvents: 100, stateVersion: 1 } }));
    router.register(createTellerAggregate({ snapshot: { everyEvents: 200, stateVersion: 1 } }));
    const dispatcher = createCommandDispatcher({
      eventStore,
      router,
      middleware: [createCommandLoggingMiddleware(logger)],
      snapshotStore: createPostgresSnapshotStore(database),
      logger,
    });
    await registerDefaultAtm(dispatcher, logger);

    return {
      config,
      logger,
      database,
      eventStore,
      dispatcher,
      async readiness() {
        await eventStore.headPosition();
        return { ready: true, waitingFor: [] };
      },
      async stop() {
        await dispatcher.drain();
        await eventStore.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

/** Chooses the event store adapter: EventStoreDB when EVENTSTORE_URL is set, else the database's. */
export function openEventStore(config: Config, database: DatabaseConnection, logger: Logger): EventStore {
  if (config.eventStore.kind === 'eventstoredb') {
    return createEventStoreDbEventStore({ connectionString: config.eventStore.url });
  }
  return createPostgresEventStore(database, {
    onBackgroundError: (error) => logger.warn('reading new events failed; retrying', { error: String(error) }),
  });
}

/** The original bank's ATM, with its fixed id: registered once, idempotently, at every start. */
async function registerDefaultAtm(dispatcher: CommandDispatcher, logger: Logger): Promise<void> {
  const outcome = await dispatcher.dispatch(
    { type: 'Tellers.RegisterAtm', data: { atmId: DEFAULT_ATM_ID, initialCash: DEFAULT_ATM_INITIAL_CASH } },
    { commandId: deterministicUuid(DEFAULT_ATM_ID, 'register-default-atm'), consistency: 'eventual' },
  );
  if (outcome.kind === 'accepted' && outcome.events.length > 0) {
    logger.info('default ATM registered', { atmId: DEFAULT_ATM_ID, cash: DEFAULT_ATM_INITIAL_CASH });
  } else if (outcome.kind !== 'accepted' && !(outcome.kind === 'rejected' && outcome.rejection.code === 'AtmAlreadyRegistered')) {
    throw new Error(`Registering the default ATM failed: ${JSON.stringify(outcome)}`);
  }
}
