/**
 * N virtual bank clients over real HTTP, for the load and crash suites. Each client opens an account,
 * then, until stopped, picks its next operation at random (seeded, so a run can be repeated): counter
 * deposits, ATM withdrawals and deposits with the PIN, now and then a new account or an ATM refill,
 * and reads (accounts with their ledger, ATMs, ATM operations, the event log), half with STRONG and
 * half with EVENTUAL consistency. Most money moves on the client's own accounts, some on a few shared
 * accounts that every client uses, so writes to one stream race each other.
 *
 * Every `subscriberEvery`-th client also holds a subscription (load-subscribers.ts), alternating
 * `events` and `accountEvents`, SSE and graphql-ws.
 *
 * Every request sends the operator's `authorization`. See load-operations.ts for what is recorded
 * and for what happens when the server dies mid-request. A mutation retried with its idempotency key
 * after a crash goes on in the background while its client moves on (at most 5 per client).
 */
import type { Consistency } from '../../client/generated/graphql.ts';
import type { LoadExpectations } from './load-expectations.ts';
import { createGraphQLCaller } from './load-http.ts';
import type { LoadMetrics } from './load-metrics.ts';
import {
  atmOperation,
  counterDeposit,
  type LoadAccount,
  type LoadProblems,
  openAccount,
  type OperationContext,
  readAccount,
  readAtm,
  readAtmOperation,
  readEventLog,
  refillAtm,
  registerAtm,
} from './load-operations.ts';
import { startSubscriber, type Subscriber } from './load-subscribers.ts';

export interface LoadTarget {
  /** The GraphQL endpoint, `http://host:port/graphql`. */
  readonly url: () => string;
  /** Answers 200 while the server is up (`/health`). */
  readonly healthUrl: () => string;
  readonly authorization: string;
}

export interface LoadRecorders {
  readonly metrics: LoadMetrics;
  readonly expectations: LoadExpectations;
  readonly problems: LoadProblems;
}

export interface LoadBehaviour {
  readonly idempotencyKeys: boolean;
  readonly retryUnanswered: boolean;
  readonly serverMayDie: boolean;
  readonly alsoExpected?: readonly string[];
}

export interface LoadClientsOptions {
  readonly clients: number;
  readonly seed: number;
  readonly atmIds: readonly string[];
  readonly sharedAccounts: readonly LoadAccount[];
  /** Every n-th client holds a subscription; 0 for none. */
  readonly subscriberEvery: number;
  /** A random pause of up to this many ms between a client's requests (default 0: as fast as answers come). */
  readonly thinkMs?: number;
}

export interface LoadRun {
  /** The subscribers started so far. */
  readonly subscribers: readonly Subscriber[];
  /** Mutations and reads finished so far. */
  readonly operations: number;
  /** Stops the clients after their current operation (and its retries). */
  stop(): Promise<void>;
  /** Waits until every subscriber has received `position` (or its stream's last event up to it); returns those that did not. */
  waitForSubscribers(lastPositionOf: (subscriber: Subscriber) => number, timeoutMs: number): Promise<Subscriber[]>;
  stopSubscribers(): Promise<void>;
}

/** The operation context every client and the set-up share. */
export function createOperationContext(target: LoadTarget, recorders: LoadRecorders, behaviour: LoadBehaviour): OperationContext {
  return {
    caller: createGraphQLCaller(target.url, target.authorization),
    ...recorders,
    idempotencyKeys: behaviour.idempotencyKeys,
    retryUnanswered: behaviour.retryUnanswered,
    serverMayDie: behaviour.serverMayDie,
    alsoExpected: new Set(behaviour.alsoExpected ?? []),
    waitUntilUp: sharedHealthWait(target.healthUrl),
  };
}

/** One poller of `/health` for every client waiting for the server to come back. */
function sharedHealthWait(healthUrl: () => string): () => Promise<void> {
  let waiting: Promise<void> | undefined;
  const poll = async (): Promise<void> => {
    for (;;) {
      const status = await fetch(healthUrl(), { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0);
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return () => (waiting ??= poll().finally(() => (waiting = undefined)));
}

export interface LoadBank {
  readonly atmIds: readonly string[];
  readonly sharedAccounts: readonly LoadAccount[];
}

/**
 * The bank the clients use, besides what they open themselves: the default ATM and one more with
 * 200,000.00, and `sharedAccounts` accounts with 5,000.00 each that every client moves money on.
 */
export async function prepareLoadBank(ctx: OperationContext, defaultAtmId: string, sharedAccounts: number): Promise<LoadBank> {
  const atmIds = [defaultAtmId, await registerAtm(ctx, 20_000_000)];
  const accounts: LoadAccount[] = [];
  for (let i = 0; i < sharedAccounts; i += 1) {
    const account = await openAccount(ctx, `shared account ${i + 1}`, String(5000 + i), 'STRONG');
    if (!account) throw new Error('Opening a shared account failed: see the problems reported.');
    await counterDeposit(ctx, account, 50, 'STRONG');
    accounts.push(account);
  }
  return { atmIds, sharedAccounts: accounts };
}

type ClientOperation = 'open' | 'deposit' | 'withdraw' | 'atmDeposit' | 'refill' | 'readAccount' | 'readAtm' | 'readOperation' | 'readEvents';

const WEIGHTS: readonly (readonly [ClientOperation, number])[] = [
  ['open', 3],
  ['deposit', 20],
  ['withdraw', 14],
  ['atmDeposit', 9],
  ['refill', 0.5],
  ['readAccount', 22],
  ['readAtm', 8],
  ['readOperation', 8],
  ['readEvents', 5],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
const MAX_RETRYING = 5;

/** A small seeded generator (mulberry32): the same seed gives each client the same choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function startLoadClients(target: LoadTarget, ctx: OperationContext, options: LoadClientsOptions): LoadRun {
  const subscribers: Subscriber[] = [];
  let stopping = false;
  let operations = 0;

  async function runClient(index: number): Promise<void> {
    const random = seededRandom(options.seed * 7919 + index);
    const client: ClientState = { index, random, pin: String(1000 + Math.floor(random() * 9000)), own: [], started: [], opened: 0 };
    // An operation that lost its answer to a crash and is being retried with its key goes on in the
    // background (up to MAX_RETRYING per client), as an impatient client would, so the load goes on.
    const retrying = new Set<Promise<void>>();
    for (let first = true; !stopping; first = false) {
      const operation = first ? 'open' : chooseOperation(random());
      let detach = (): void => {};
      const detached = new Promise<void>((resolve) => (detach = resolve));
      const task = performOperation(client, operation, { ...ctx, onRetrying: detach }, options).catch((error: unknown) =>
        ctx.problems.report(`${operation} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      );
      retrying.add(task);
      void task.finally(() => retrying.delete(task));
      await Promise.race([task, detached]);
      while (retrying.size > MAX_RETRYING) await Promise.race(retrying);
      if (first) {
        const subscriber = subscriberFor(client, target, options);
        if (subscriber) subscribers.push(subscriber);
      }
      operations += 1;
      if (options.thinkMs) await new Promise((resolve) => setTimeout(resolve, random() * (options.thinkMs ?? 0)));
    }
    await Promise.all(retrying);
  }

  const clients = Array.from({ length: options.clients }, (_, index) => runClient(index));
  const all = Promise.all(clients);

  return {
    subscribers,
    get operations() {
      return operations;
    },
    async stop() {
      stopping = true;
      await all;
    },
    async waitForSubscribers(lastPositionOf, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const results = await Promise.all(subscribers.map(async (s) => ({ s, ok: await s.waitUntilSeen(lastPositionOf(s), Math.max(0, deadline - Date.now())) })));
      return results.filter((r) => !r.ok).map((r) => r.s);
    },
    async stopSubscribers() {
      await Promise.all(subscribers.map((s) => s.stop()));
    },
  };
}

/** One client's own state: its random choices, its PIN, its accounts and the ATM operations it started. */
interface ClientState {
  readonly index: number;
  readonly random: () => number;
  readonly pin: string;
  readonly own: LoadAccount[];
  readonly started: { readonly kind: 'withdrawal' | 'deposit'; readonly id: string }[];
  opened: number;
}

function pick<T>(client: ClientState, items: readonly T[]): T {
  return items[Math.floor(client.random() * items.length)] as T;
}

const consistencyOf = (client: ClientState): Consistency => (client.random() < 0.5 ? 'STRONG' : 'EVENTUAL');

async function performOperation(client: ClientState, operation: ClientOperation, ctx: OperationContext, options: LoadClientsOptions): Promise<void> {
  const { own, started, random } = client;
  const account = own.length === 0 || random() < 0.2 ? pick(client, options.sharedAccounts) : pick(client, own);
  switch (operation) {
    case 'open': {
      if (own.length >= 5) break;
      client.opened += 1;
      const opened = await openAccount(ctx, `load client ${client.index} account ${client.opened}`, client.pin, consistencyOf(client));
      if (opened) own.push(opened);
      break;
    }
    case 'deposit':
      await counterDeposit(ctx, account, 1 + Math.floor(random() * 4), consistencyOf(client));
      break;
    case 'withdraw':
    case 'atmDeposit': {
      const kind = operation === 'withdraw' ? 'withdrawal' : 'deposit';
      const id = await atmOperation(ctx, kind, account, pick(client, options.atmIds), 1 + Math.floor(random() * 3), consistencyOf(client));
      if (id !== undefined) started.push({ kind, id });
      if (started.length > 20) started.shift();
      break;
    }
    case 'refill':
      await refillAtm(ctx, pick(client, options.atmIds), consistencyOf(client));
      break;
    case 'readAccount':
      await readAccount(ctx, account.id);
      break;
    case 'readAtm':
      await readAtm(ctx, pick(client, options.atmIds));
      break;
    case 'readOperation': {
      const known = started.length > 0 ? pick(client, started) : undefined;
      if (known) await readAtmOperation(ctx, known.kind, known.id);
      else await readAccount(ctx, account.id);
      break;
    }
    case 'readEvents':
      await readEventLog(ctx, account.id);
      break;
  }
}

/** The subscription of every `subscriberEvery`-th client: `events` or `accountEvents`, over SSE or graphql-ws in turn. */
function subscriberFor(client: ClientState, target: LoadTarget, options: LoadClientsOptions): Subscriber | undefined {
  if (options.subscriberEvery === 0 || client.index % options.subscriberEvery !== 0) return undefined;
  const number = client.index / options.subscriberEvery;
  // Its own account, or a shared one when its first open got no answer (a kill, say).
  const accountId = number % 4 >= 2 ? (client.own[0] ?? pick(client, options.sharedAccounts)).id : undefined;
  return startSubscriber({
    name: `subscriber ${number} (client ${client.index})`,
    transport: number % 2 === 0 ? 'sse' : 'ws',
    ...(accountId === undefined ? {} : { accountId }),
    afterPosition: 0,
    url: target.url,
    authorization: target.authorization,
  });
}

function chooseOperation(roll: number): ClientOperation {
  let left = roll * TOTAL_WEIGHT;
  for (const [operation, weight] of WEIGHTS) {
    left -= weight;
    if (left < 0) return operation;
  }
  return 'readAccount';
}
