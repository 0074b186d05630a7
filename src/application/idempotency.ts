/**
 * Idempotent mutations: a client may send an idempotency key with a mutation, so that a retry (after a
 * lost answer, a timeout, a crash) returns the original result instead of doing it again.
 *
 * `run(request, execute)` claims the key, in its scope (who sent it), in the {@link IdempotencyKeyStore}:
 * - a new key (or one whose row expired) is claimed with a lease: `execute` runs, and its result is
 *   stored as JSON (`keep: true`) and returned (`executed`);
 * - a key whose result is stored, for the same operation and input, returns that result (`replayed`)
 *   and runs nothing;
 * - a key stored for another operation or input is refused (`keyReused`) and runs nothing;
 * - a key another request is executing (its lease is alive) is polled until that request stores its
 *   result (`replayed`) or `waitMs` passes (`inProgress`); a lease left behind by a crashed process
 *   expires after `leaseMs` and the next request takes it over.
 *
 * What is stored for a key is an HMAC of the operation and its input under a server secret, never the
 * input (idempotency-input-digest.ts).
 *
 * Crash safety: `execute` receives an `idempotencyKey` to pass on to the bank service
 * (BankCommandOptions.idempotencyKey), which derives the command id and every new id from it. It is
 * the key's execution id, kept with the key: the same for every re-execution of this key (after a
 * crash, a release, a lease takeover), so a re-execution is recognised by the dispatcher and appends
 * nothing; and new when the key expired, so a key reused after its lifetime is a new request.
 *
 * `keep: false` (a conflict, a timeout: the client should retry) and a thrown error release the key:
 * its lease ends, its input digest and execution id stay. The next request with the same key and input
 * executes again, with the same ids; one with another input is still refused (the first may have
 * happened).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from '../event-store/event-store.ts';
import { inputDigestKey, inputDigestWithKey } from './idempotency-input-digest.ts';
import { describeError, type Logger } from './logger.ts';

/** A key as clients send it: 1 to 200 printable ASCII characters (space to `~`). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,200}$/, { error: 'Expected an idempotency key of 1 to 200 printable ASCII characters.' });

export function isValidIdempotencyKey(key: unknown): key is string {
  return idempotencyKeySchema.safeParse(key).success;
}

export interface IdempotencyKeyRef {
  /** Who the key belongs to (a customer, an operator): the same key in two scopes is two keys. */
  readonly scope: string;
  readonly key: string;
}

export interface IdempotencyClaimRequest extends IdempotencyKeyRef {
  readonly operation: string;
  readonly inputDigest: string;
  /** The execution id a new row gets (a row taken over after a crash keeps its own). */
  readonly executionId: string;
  /** Names the claimer's lease, so that only it can release it. */
  readonly leaseToken: string;
  readonly now: Date;
  readonly leaseUntil: Date;
  readonly expiresAt: Date;
}

export type IdempotencyClaim =
  | { readonly kind: 'claimed'; readonly executionId: string }
  | { readonly kind: 'completed'; readonly result: JsonValue }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'busy' };

/**
 * Where keys are kept; the PostgreSQL implementation is src/database/postgres-idempotency-store.ts.
 * Every time comes from the caller (the runner's clock), never from the store's own clock.
 */
export interface IdempotencyKeyStore {
  /**
   * Atomically: inserts a pending row when there is none, or replaces a row whose `expiresAt` is not
   * after `now`, or takes over a pending row for the same operation and digest whose lease is not
   * after `now` (keeping its execution id): each is `claimed`. Otherwise reports the row as it is: a
   * stored result for the same operation and digest (`completed`), another operation or digest
   * (`mismatch`), or a live lease (`busy`).
   */
  claim(request: IdempotencyClaimRequest): Promise<IdempotencyClaim>;
  /** Stores the result of a pending row with this execution id; false when there is none any more. */
  complete(ref: IdempotencyKeyRef & { readonly executionId: string }, result: JsonValue): Promise<boolean>;
  /** Ends the lease `leaseToken` holds on a pending row (sets it to `now`); the row stays. */
  release(ref: IdempotencyKeyRef & { readonly leaseToken: string }, now: Date): Promise<void>;
  /** Moves the lease `leaseToken` holds on a pending row to `leaseUntil`; false when it holds none any more. */
  renew(ref: IdempotencyKeyRef & { readonly leaseToken: string }, leaseUntil: Date): Promise<boolean>;
  /** Deletes the rows whose `expiresAt` is not after `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export interface IdempotentRequest extends IdempotencyKeyRef {
  /** The mutation's name; the same key for another operation is refused. */
  readonly operation: string;
  /** The mutation's input, without the key. Only its digest is stored: it may hold a PIN. */
  readonly input: unknown;
}

export interface IdempotentAttempt {
  /** Pass to the bank service as `BankCommandOptions.idempotencyKey` (see the module comment). */
  readonly idempotencyKey: string;
}

export interface IdempotentExecution<Result> {
  /** Must be JSON data: it is stored as JSON, and a replay returns what JSON kept of it. */
  readonly result: Result;
  /** False when the client should be able to retry with the same key: the key is released. */
  readonly keep: boolean;
}

export type IdempotentOutcome<Result> =
  | { readonly kind: 'executed'; readonly result: Result }
  | { readonly kind: 'replayed'; readonly result: Result }
  | { readonly kind: 'keyReused' }
  | { readonly kind: 'inProgress' };

export interface IdempotentRunner {
  /**
   * Runs `execute` at most once per key (see the module comment). A kept result is returned as stored,
   * so the first answer and its replays are equal.
   * @throws {TypeError} the key is not valid ({@link isValidIdempotencyKey}): check it first.
   * Whatever `execute` throws is re-thrown, after releasing the key.
   */
  run<Result>(request: IdempotentRequest, execute: (attempt: IdempotentAttempt) => Promise<IdempotentExecution<Result>>): Promise<IdempotentOutcome<Result>>;
  /** Deletes the expired keys; returns how many. */
  deleteExpired(): Promise<number>;
}

export interface IdempotentRunnerOptions {
  readonly store: IdempotencyKeyStore;
  /** A server secret (at least 16 bytes), the same in every process and across restarts. */
  readonly digestSecret: string | Uint8Array;
  /** How long a key lives (default 24 hours). */
  readonly ttlMs?: number;
  /**
   * How long a claim holds a key before another request may take it over (default 6 s). The runner
   * renews it every third of that while `execute` runs, so a long request keeps its key, and a
   * process that died frees its keys within one lease.
   */
  readonly leaseMs?: number;
  /** How long a request waits for another one running with the same key (default 10 s). */
  readonly waitMs?: number;
  /** The time stored with keys and compared with leases and expiry (default: the system clock). */
  readonly clock?: () => Date;
  /** Where a result that could not be stored is reported. */
  readonly logger?: Logger;
}

export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_LEASE_MS = 6_000;
const DEFAULT_WAIT_MS = 10_000;
const FIRST_POLL_MS = 20;
const LONGEST_POLL_MS = 250;

export function createIdempotentRunner(options: IdempotentRunnerOptions): IdempotentRunner {
  const { store, logger } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const clock = options.clock ?? (() => new Date());
  const digestKey = inputDigestKey(options.digestSecret);

  async function claimOrWait(request: IdempotentRequest, inputDigest: string, leaseToken: string): Promise<IdempotencyClaim> {
    const executionId = randomUUID();
    const deadline = performance.now() + waitMs;
    for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, LONGEST_POLL_MS)) {
      const now = clock();
      const claim = await store.claim({
        scope: request.scope,
        key: request.key,
        operation: request.operation,
        inputDigest,
        executionId,
        leaseToken,
        now,
        leaseUntil: new Date(now.getTime() + leaseMs),
        expiresAt: new Date(now.getTime() + ttlMs),
      });
      const left = deadline - performance.now();
      if (claim.kind !== 'busy' || left <= 0) return claim;
      await delay(Math.min(pause, left));
    }
  }

  async function run<Result>(
    request: IdempotentRequest,
    execute: (attempt: IdempotentAttempt) => Promise<IdempotentExecution<Result>>,
  ): Promise<IdempotentOutcome<Result>> {
    if (!isValidIdempotencyKey(request.key)) throw new TypeError('run() was given an idempotency key that is not 1 to 200 printable ASCII characters.');
    const ref = { scope: request.scope, key: request.key };
    const leaseToken = randomUUID();
    const claim = await claimOrWait(request, inputDigestWithKey(digestKey, request.operation, request.input), leaseToken);
    if (claim.kind === 'mismatch') return { kind: 'keyReused' };
    if (claim.kind === 'busy') return { kind: 'inProgress' };
    if (claim.kind === 'completed') return { kind: 'replayed', result: claim.result as Result };

    let execution: IdempotentExecution<Result>;
    const renewal = keepLease(ref, leaseToken);
    try {
      execution = await execute({ idempotencyKey: claim.executionId });
    } catch (error) {
      await renewal.stop();
      await releaseOrLog(ref, leaseToken);
      throw error;
    }
    await renewal.stop();
    if (!execution.keep) {
      await releaseOrLog(ref, leaseToken);
      return { kind: 'executed', result: execution.result };
    }
    const stored = asJson(execution.result);
    try {
      await store.complete({ ...ref, executionId: claim.executionId }, stored);
    } catch (error) {
      // The work is done and its answer is right; the key's lease will expire and a retry will
      // re-execute with the same ids, which appends nothing and answers the same.
      logger?.error('idempotency key result not stored; a retry will re-execute with the same ids', { operation: request.operation, error: describeError(error) });
    }
    return { kind: 'executed', result: stored as Result };
  }

  /** Renews the lease every third of `leaseMs` until stopped. */
  function keepLease(ref: IdempotencyKeyRef, leaseToken: string): { stop(): Promise<void> } {
    let renewing: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = store.renew({ ...ref, leaseToken }, new Date(clock().getTime() + leaseMs)).catch((error: unknown) => {
        logger?.warn('idempotency key lease not renewed; another request may take the key over', { error: describeError(error) });
      });
    }, Math.max(1, Math.floor(leaseMs / 3)));
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await renewing;
      },
    };
  }

  async function releaseOrLog(ref: IdempotencyKeyRef, leaseToken: string): Promise<void> {
    try {
      await store.release({ ...ref, leaseToken }, clock());
    } catch (error) {
      logger?.error('idempotency key not released; it is free again when its lease ends', { leaseMs, error: describeError(error) });
    }
  }

  return {
    run,
    deleteExpired: () => store.deleteExpired(clock()),
  };
}

function asJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

export interface IdempotencyKeyCleanup {
  /** Stops the timer and waits for a clean-up under way. */
  stop(): Promise<void>;
}

/** Deletes expired keys every `everyMs` (default 10 minutes) on a timer that does not keep the process alive. */
export function startIdempotencyKeyCleanup(options: {
  readonly runner: Pick<IdempotentRunner, 'deleteExpired'>;
  readonly logger: Logger;
  readonly everyMs?: number;
}): IdempotencyKeyCleanup {
  const { runner, logger } = options;
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= runner
      .deleteExpired()
      .then(
        (deleted) => {
          if (deleted > 0) logger.info('expired idempotency keys deleted', { deleted });
        },
        (error: unknown) => logger.warn('expired idempotency keys not deleted; trying again later', { error: describeError(error) }),
      )
      .finally(() => {
        running = undefined;
      });
  }, options.everyMs ?? 10 * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
