/**
 * The composition root: the one place that picks concrete adapters from the configuration and wires
 * the application together. Everything else depends on ports.
 *
 * Start-up order: open the database (PostgreSQL server or embedded PGlite) → run migrations → open the
 * event store (PostgreSQL, or EventStoreDB when configured) behind the upcasting decorator → start the
 * projections (read models) → command dispatcher, whose strong consistency waits on the projections →
 * make sure the default ATM exists → start the process managers (the ATM sagas).
 */
import type { Kysely } from 'kysely';
import { createAccountAggregate } from './application/account-aggregate.ts';
import { type AtmService, createAtmService } from './application/atm-service.ts';
import type { BankReadModels } from './application/bank-read-models.ts';
import { type BankService, createBankService } from './application/bank-service.ts';
import { type CommandDispatcher, createCommandDispatcher } from './application/command-dispatcher.ts';
import { createCommandLoggingMiddleware } from './application/command-logging-middleware.ts';
import { createCommandRouter } from './application/command-router.ts';
import type { ConsistencyGate } from './application/consistency-gate.ts';
import { deterministicUuid } from './application/deterministic-uuid.ts';
import type { Logger } from './application/logger.ts';
import { createProcessManagerRunner, type ProcessManagerRunner } from './application/process-manager-runner.ts';
import { createProjectionConsistencyGate } from './application/projection-consistency-gate.ts';
import { createProjectionRunner, type ProjectionRunner } from './application/projection-runner.ts';
import { createTellerAggregate } from './application/teller-aggregate.ts';
import { createCustomerSignIn, type CustomerSignIn } from './application/customer-sign-in.ts';
import { createIdempotentRunner, type IdempotentRunner, startIdempotencyKeyCleanup } from './application/idempotency.ts';
import { createPinReplayCheck, type PinReplayCheck } from './application/pin-replay-check.ts';
import { createPinAttemptLimiter, type PinAttemptLimiter } from './application/pin-attempt-limiter.ts';
import { type Authenticator, createAuthenticator } from './application/principal.ts';
import { createSessionTokens, type SessionTokens } from './application/session-tokens.ts';
import type { Config } from './config.ts';
import { type DatabaseConnection, openDatabaseConnection } from './database/database-connection.ts';
import { migrateToLatestOrThrow } from './database/database-migrator.ts';
import { createPostgresIdempotencyStore } from './database/postgres-idempotency-store.ts';
import { createPostgresSnapshotStore } from './database/postgres-snapshot-store.ts';
import { loadOrCreateServerSecret } from './database/server-secrets.ts';
import { atmDepositProcess } from './domain/atm-deposit/atm-deposit-process.ts';
import { atmWithdrawalProcess } from './domain/atm-withdrawal/atm-withdrawal-process.ts';
import { eventUpcasterChain } from './domain/event-type-catalog.ts';
import { DEFAULT_ATM_ID, DEFAULT_ATM_INITIAL_CASH } from './domain/teller/teller-decider.ts';
import type { EventStore } from './event-store/event-store.ts';
import { createEventStoreDbEventStore } from './event-store/eventstoredb/eventstoredb-event-store.ts';
import { createPostgresEventStore } from './event-store/postgres/postgres-event-store.ts';
import { createUpcastingEventStore } from './event-store/upcasting-event-store.ts';
import type { Readiness } from './http/health-routes.ts';
import { createProcessManagerInstanceStore, type ProcessManagerInstanceTables } from './read-models/process-manager-instances.ts';
import { createBankReadModels } from './read-models/bank-read-models-binding.ts';
import { createReadModelProjections } from './read-models/read-model-projections.ts';
import type { ReadModelTables } from './read-models/read-model-tables.ts';

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseConnection;
  /** The upcasting event store: every reader sees current event shapes only. */
  readonly eventStore: EventStore;
  readonly dispatcher: CommandDispatcher;
  readonly atmService: AtmService;
  readonly bankService: BankService;
  readonly readModels: BankReadModels;
  /** Waits until every read model includes a position. */
  readonly readModelsGate: ConsistencyGate;
  /** Reads a request's `Authorization` header into who is calling. */
  readonly authenticate: Authenticator;
  readonly sessionTokens: SessionTokens;
  readonly customerSignIn: CustomerSignIn;
  /** The per-client-address limit on failed PIN attempts. */
  readonly pinAttempts: PinAttemptLimiter;
  /** Runs a mutation once per idempotency key and replays its result. */
  readonly idempotency: IdempotentRunner;
  /** Checks the PIN again before a PIN-authorized mutation's stored answer is replayed. */
  readonly pinReplayCheck: PinReplayCheck;
  readonly projectionRunners: readonly ProjectionRunner[];
  readonly processManagerRunners: readonly ProcessManagerRunner[];
  /** Resolves once every projection and process manager has processed everything up to `position`. */
  waitUntilProcessed(position: number, timeoutMs?: number): Promise<void>;
  readiness(): Promise<Readiness>;
  /** Stops background work and closes connections (the database only when the app opened it). */
  stop(): Promise<void>;
}

export interface AppDependencies {
  readonly logger: Logger;
  /** An open database to use instead of the one in `config.database` (tests); the app leaves it open. */
  readonly database?: DatabaseConnection;
  /**
   * Whether this process runs the projections and process managers (default true). A process that only
   * takes commands, while another process on the same database runs them, passes false; it must then
   * dispatch with eventual consistency, since its own runners never move.
   */
  readonly runBackgroundWork?: boolean;
}

export async function createApp(config: Config, { logger, database: given, runBackgroundWork = true }: AppDependencies): Promise<App> {
  const database = given ?? (await openDatabaseConnection(config.database));
  const stops: (() => Promise<void>)[] = given ? [] : [() => database.close()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse().splice(0)) await stop().catch((error: unknown) => logger.error('stopping failed', { error: String(error) }));
  };
  try {
    const applied = await migrateToLatestOrThrow(database.db);
    if (applied.length > 0) logger.info('database migrated', { migrations: applied.map((m) => m.migrationName) });
    const eventStore = openEventStore(config, database, logger);
    stops.push(() => eventStore.close());

    const readModelDb = database.db as Kysely<ReadModelTables>;
    const projections = createReadModelProjections(readModelDb);
    const projectionRunners = projections.all.map(({ projection, stronglyConsistent }) => ({
      stronglyConsistent,
      runner: createProjectionRunner({ eventStore, projectionStore: projections.projectionStore, projection, logger }),
    }));
    const runners = projectionRunners.map((p) => p.runner);
    stops.push(async () => {
      await Promise.all(runners.map((r) => r.stop()));
    });
    if (runBackgroundWork) await Promise.all(runners.map((r) => r.start()));
    const readModelsGate = createProjectionConsistencyGate(projectionRunners.filter((p) => p.stronglyConsistent).map((p) => p.runner));

    const router = createCommandRouter();
    router.register(createAccountAggregate({ snapshot: { everyEvents: 100, stateVersion: 1 } }));
    router.register(createTellerAggregate({ snapshot: { everyEvents: 200, stateVersion: 1 } }));
    const dispatcher = createCommandDispatcher({
      eventStore,
      router,
      middleware: [createCommandLoggingMiddleware(logger)],
      consistencyGate: readModelsGate,
      snapshotStore: createPostgresSnapshotStore(database),
      logger,
    });
    stops.push(() => dispatcher.drain());
    await registerDefaultAtm(dispatcher, logger);

    const instanceStore = createProcessManagerInstanceStore(database.db as Kysely<ProcessManagerInstanceTables>);
    const processManagerRunners: ProcessManagerRunner[] = [
      createProcessManagerRunner({ eventStore, dispatcher, processManager: atmWithdrawalProcess, instanceStore, logger }),
      createProcessManagerRunner({ eventStore, dispatcher, processManager: atmDepositProcess, instanceStore, logger }),
    ];
    stops.push(async () => {
      await Promise.all(processManagerRunners.map((r) => r.stop()));
    });
    if (runBackgroundWork) await Promise.all(processManagerRunners.map((r) => r.start()));

    const tokenSecret = await tokenSecretOf(config, database, logger);
    const sessionTokens = createSessionTokens({ secret: tokenSecret, ttlSeconds: config.security.sessionTtlSeconds });
    const idempotency = createIdempotentRunner({ store: createPostgresIdempotencyStore(database), digestSecret: tokenSecret, logger });
    const idempotencyCleanup = startIdempotencyKeyCleanup({ runner: idempotency, logger });
    stops.push(() => idempotencyCleanup.stop());
    if (config.security.operatorToken === undefined) {
      logger.info('no operator token is set (ESBANK_OPERATOR_TOKEN): operator-only operations are refused to everyone');
    }

    const customerSignIn = createCustomerSignIn({ dispatcher });
    const atmService = createAtmService({ dispatcher, eventStore, consistencyGate: readModelsGate });
    const bankService = createBankService({ dispatcher, atmService, readModelsGate });
    const everyRunner = createProjectionConsistencyGate([...runners, ...processManagerRunners]);

    return {
      config,
      logger,
      database,
      eventStore,
      dispatcher,
      atmService,
      bankService,
      readModels: createBankReadModels(readModelDb),
      readModelsGate,
      authenticate: createAuthenticator({ sessionTokens, operatorToken: config.security.operatorToken }),
      sessionTokens,
      customerSignIn,
      idempotency,
      pinReplayCheck: createPinReplayCheck({ dispatcher, signIn: customerSignIn }),
      pinAttempts: createPinAttemptLimiter({ failuresPerWindow: config.security.pinFailuresPerAddress }),
      projectionRunners: runners,
      processManagerRunners,
      waitUntilProcessed: (position, timeoutMs = 30_000) => everyRunner.waitUntilProcessed(position, { timeoutMs }),
      readiness: () => readinessOf(eventStore, [...runners, ...processManagerRunners]),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The configured token secret, or (outside production, where config.ts requires one) one made once and kept in the database. */
async function tokenSecretOf(config: Config, database: DatabaseConnection, logger: Logger): Promise<string> {
  if (config.security.tokenSecret !== undefined) return config.security.tokenSecret;
  logger.info('no token secret is set (ESBANK_TOKEN_SECRET): using the one this database keeps for development; set one in production');
  return loadOrCreateServerSecret(database, 'token-secret');
}

/** Chooses the event store adapter (EventStoreDB when EVENTSTORE_URL is set, else the database's) behind upcasting. */
export function openEventStore(config: Config, database: Pick<DatabaseConnection, 'db' | 'listen'>, logger?: Logger): EventStore {
  const store =
    config.eventStore.kind === 'eventstoredb'
      ? createEventStoreDbEventStore({ connectionString: config.eventStore.url })
      : createPostgresEventStore(database, {
          onBackgroundError: (error) => logger?.warn('reading new events failed; retrying', { error: String(error) }),
        });
  return createUpcastingEventStore(store, eventUpcasterChain);
}

/** Ready when the event store answers and every runner has caught up with the head it saw. */
async function readinessOf(eventStore: EventStore, runners: readonly (ProjectionRunner | ProcessManagerRunner)[]): Promise<Readiness> {
  const head = await withTimeout(eventStore.headPosition(), READINESS_TIMEOUT_MS, `the event store did not answer within ${READINESS_TIMEOUT_MS} ms`);
  const problems: string[] = [];
  const behind: string[] = [];
  for (const runner of runners) {
    const status = runner.status();
    if (status.state === 'failing') problems.push(`${runner.name} is failing: ${status.error.message}`);
    else if (status.state === 'stopped') problems.push(`${runner.name} is stopped`);
    else if (runner.position() < head) {
      const lag = head - runner.position();
      (lag > READY_LAG_EVENTS ? problems : behind).push(`${runner.name} is at position ${runner.position()} of ${head}`);
    }
  }
  return { ready: problems.length === 0, caughtUp: problems.length === 0 && behind.length === 0, waitingFor: [...problems, ...behind] };
}

/**
 * How far a projection or saga may trail the head while the instance still counts as ready: under
 * steady load they always trail by a few events, and a load balancer must not drop the instance for it.
 */
const READY_LAG_EVENTS = 1_000;
const READINESS_TIMEOUT_MS = 2_000;

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
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
