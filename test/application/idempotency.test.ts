/**
 * Idempotent mutations on real databases: the runner (src/application/idempotency.ts) over the
 * PostgreSQL key store. A retry replays, another input is refused, concurrent duplicates execute once,
 * released and expired keys execute again, a crashed request's lease is taken over with the same
 * execution id, and nothing stored for a key reveals a PIN. Time is a settable clock, so expiry and
 * leases are tested without waiting.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, computeInputDigest } from '../../src/application/idempotency-input-digest.ts';
import {
  createIdempotentRunner,
  type IdempotentRunner,
  isValidIdempotencyKey,
  startIdempotencyKeyCleanup,
} from '../../src/application/idempotency.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import { createPostgresIdempotencyStore, type PostgresIdempotencyStore } from '../../src/database/postgres-idempotency-store.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const SECRET = 'idempotency-test-secret-0123456789abcdef';
const HOUR = 60 * 60 * 1000;
const PIN = '739184265';

/** A clock that moves only when told. */
function settableClock(start = Date.now()) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

let keyCounter = 0;
const newKey = (): string => `key-${Date.now()}-${(keyCounter += 1)}`;

describe('idempotency keys and digests', () => {
  it('accepts 1 to 200 printable ASCII characters as a key', () => {
    expect(isValidIdempotencyKey('a')).toBe(true);
    expect(isValidIdempotencyKey('order 42/retry~!')).toBe(true);
    expect(isValidIdempotencyKey('x'.repeat(200))).toBe(true);
    for (const bad of ['', 'x'.repeat(201), 'tab\there', 'ünïcode', 'line\n', 42, undefined]) {
      expect(isValidIdempotencyKey(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('digests canonical JSON: key order does not matter, any other difference does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    const digest = computeInputDigest(SECRET, 'openAccount', { owner: 'Ann', pin: PIN });
    expect(computeInputDigest(SECRET, 'openAccount', { pin: PIN, owner: 'Ann' })).toBe(digest);
    expect(computeInputDigest(SECRET, 'openAccount', { owner: 'Ann', pin: '739184266' })).not.toBe(digest);
    expect(computeInputDigest(SECRET, 'deposit', { owner: 'Ann', pin: PIN })).not.toBe(digest);
    expect(computeInputDigest(`${SECRET}-other`, 'openAccount', { owner: 'Ann', pin: PIN })).not.toBe(digest);
    expect(() => computeInputDigest('short', 'openAccount', {})).toThrow(TypeError);
  });
});

describe.each(testDatabaseKinds())('idempotent runner on %s', (kind) => {
  let database: TestDatabase;
  let store: PostgresIdempotencyStore;

  function newRunner(options: { clock?: () => Date; waitMs?: number; leaseMs?: number } = {}): IdempotentRunner {
    return createIdempotentRunner({ store, digestSecret: SECRET, ...options });
  }

  /** An `execute` that counts its calls and answers after `ms`. */
  function countingWork<Result>(result: Result, { ms = 0, keep = true } = {}) {
    const work = {
      calls: 0,
      attempts: [] as string[],
      execute: async ({ idempotencyKey }: { idempotencyKey: string }) => {
        work.calls += 1;
        work.attempts.push(idempotencyKey);
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        return { result, keep };
      },
    };
    return work;
  }

  async function storedRow(scope: string, key: string) {
    const result = await sql<{ state: string; lease_until: Date; execution_id: string }>`
      select state, lease_until, execution_id from idempotency_keys where scope = ${scope} and key = ${key}`.execute(database.db);
    return result.rows[0];
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    store = createPostgresIdempotencyStore(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('executes once, then replays the stored result for the same key and input', async () => {
    const runner = newRunner();
    const key = newKey();
    const request = { scope: 'customer-1', key, operation: 'deposit', input: { accountId: 'a1', amount: 500 } };
    const work = countingWork({ kind: 'accepted', accountId: 'a1', position: 17, note: undefined });

    const first = await runner.run(request, work.execute);
    const again = await runner.run({ ...request, input: { amount: 500, accountId: 'a1' } }, work.execute);

    expect(first).toEqual({ kind: 'executed', result: { kind: 'accepted', accountId: 'a1', position: 17 } });
    expect(again).toEqual({ kind: 'replayed', result: first.kind === 'executed' ? first.result : null });
    expect(work.calls).toBe(1);
  });

  it('refuses the same key with another input or operation, and runs nothing', async () => {
    const runner = newRunner();
    const key = newKey();
    const work = countingWork({ ok: true });
    await runner.run({ scope: 's', key, operation: 'deposit', input: { amount: 500 } }, work.execute);

    expect(await runner.run({ scope: 's', key, operation: 'deposit', input: { amount: 501 } }, work.execute)).toEqual({ kind: 'keyReused' });
    expect(await runner.run({ scope: 's', key, operation: 'closeAccount', input: { amount: 500 } }, work.execute)).toEqual({ kind: 'keyReused' });
    expect(work.calls).toBe(1);
    const otherScope = await runner.run({ scope: 'someone-else', key, operation: 'deposit', input: { amount: 501 } }, work.execute);
    expect(otherScope.kind).toBe('executed');
  });

  it('executes 20 concurrent duplicates once, and gives them all the same result', async () => {
    const runner = newRunner();
    const key = newKey();
    const work = countingWork({ accountId: 'concurrent' }, { ms: 150 });
    const request = { scope: 's', key, operation: 'openAccount', input: { owner: 'Ann', pin: PIN } };

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => runner.run(request, work.execute)));

    expect(work.calls).toBe(1);
    expect(outcomes.filter((o) => o.kind === 'executed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'replayed')).toHaveLength(19);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ result: { accountId: 'concurrent' } });
  });

  it('answers inProgress when another request with the key runs past the wait', async () => {
    const runner = newRunner({ waitMs: 50 });
    const key = newKey();
    const request = { scope: 's', key, operation: 'deposit', input: { amount: 1 } };
    const slow = countingWork({ done: true }, { ms: 400 });
    const running = runner.run(request, slow.execute);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const impatient = countingWork({ done: false });
    expect(await runner.run(request, impatient.execute)).toEqual({ kind: 'inProgress' });
    expect(impatient.calls).toBe(0);
    expect(await running).toEqual({ kind: 'executed', result: { done: true } });
    expect(await runner.run(request, impatient.execute)).toEqual({ kind: 'replayed', result: { done: true } });
  });

  it('renews the lease while a request runs longer than it, so no duplicate takes the key over', async () => {
    const runner = newRunner({ leaseMs: 150, waitMs: 100 });
    const key = newKey();
    const request = { scope: 's', key, operation: 'deposit', input: { amount: 2 } };
    const slow = countingWork({ done: true }, { ms: 700 });
    const running = runner.run(request, slow.execute);
    await new Promise((resolve) => setTimeout(resolve, 400));

    const duplicate = countingWork({ done: false });
    expect(await runner.run(request, duplicate.execute)).toEqual({ kind: 'inProgress' });
    expect(duplicate.calls).toBe(0);
    expect(await running).toEqual({ kind: 'executed', result: { done: true } });
  });

  it('releases the key when execute says keep: false; the retry executes again with the same execution id', async () => {
    const runner = newRunner();
    const key = newKey();
    const request = { scope: 's', key, operation: 'deposit', input: { amount: 5 } };
    const timedOut = countingWork({ kind: 'timedOut' }, { keep: false });
    expect(await runner.run(request, timedOut.execute)).toEqual({ kind: 'executed', result: { kind: 'timedOut' } });
    expect((await storedRow('s', key))?.state).toBe('pending');

    const retry = countingWork({ kind: 'accepted' });
    expect(await runner.run(request, retry.execute)).toEqual({ kind: 'executed', result: { kind: 'accepted' } });
    expect(retry.attempts).toEqual(timedOut.attempts);
    expect(await runner.run({ ...request, input: { amount: 6 } }, retry.execute)).toEqual({ kind: 'keyReused' });
  });

  it('releases the key and re-throws when execute throws; a released key still refuses another input', async () => {
    const runner = newRunner();
    const key = newKey();
    const request = { scope: 's', key, operation: 'deposit', input: { amount: 7 } };
    const failure = new Error('database lost');
    await expect(runner.run(request, () => Promise.reject(failure))).rejects.toBe(failure);

    expect(await runner.run({ ...request, input: { amount: 8 } }, countingWork(1).execute)).toEqual({ kind: 'keyReused' });
    const retry = countingWork({ kind: 'accepted' });
    expect(await runner.run(request, retry.execute)).toEqual({ kind: 'executed', result: { kind: 'accepted' } });
    expect(retry.calls).toBe(1);
  });

  it('executes again, as a new request with a new execution id, once the key has expired; clean-up deletes expired keys', async () => {
    const clock = settableClock();
    const runner = newRunner({ clock: clock.now });
    const key = newKey();
    const request = { scope: 's', key, operation: 'deposit', input: { amount: 9 } };
    const work = countingWork({ n: 1 });
    await runner.run(request, work.execute);

    clock.advance(23 * HOUR);
    expect((await runner.run(request, work.execute)).kind).toBe('replayed');
    expect(await runner.run({ ...request, input: { amount: 10 } }, work.execute)).toEqual({ kind: 'keyReused' });

    clock.advance(1 * HOUR);
    expect((await runner.run({ ...request, input: { amount: 10 } }, work.execute)).kind).toBe('executed');
    expect(work.calls).toBe(2);
    expect(work.attempts[1]).not.toBe(work.attempts[0]);

    const stale = newKey();
    await runner.run({ ...request, key: stale }, work.execute);
    clock.advance(24 * HOUR);
    await runner.run({ ...request, key: newKey() }, work.execute);
    expect(await runner.deleteExpired()).toBeGreaterThanOrEqual(2);
    expect(await storedRow('s', stale)).toBeUndefined();
    expect(await runner.deleteExpired()).toBe(0);
  });

  it('takes over the lease of a request that crashed while executing, with its execution id', async () => {
    const clock = settableClock();
    const key = newKey();
    const request = { scope: 's', key, operation: 'openAccount', input: { owner: 'Ann', pin: PIN } };
    // The crashed process: it claimed the key and began executing, then died before storing a result.
    const crashed = countingWork({});
    const never = newRunner({ clock: clock.now }).run(request, async (attempt) => {
      await crashed.execute(attempt);
      return new Promise<never>(() => {});
    });
    void never;
    await expect.poll(() => crashed.calls).toBe(1);

    const runner = newRunner({ clock: clock.now, waitMs: 30 });
    const retry = countingWork({ accountId: 'same' });
    expect(await runner.run(request, retry.execute)).toEqual({ kind: 'inProgress' });

    clock.advance(30_000);
    expect(await runner.run(request, retry.execute)).toEqual({ kind: 'executed', result: { accountId: 'same' } });
    expect(retry.attempts).toEqual(crashed.attempts);
    expect((await storedRow('s', key))?.state).toBe('completed');
  });

  it('stores no PIN, only a digest that depends on the PIN', async () => {
    const runner = newRunner();
    const [first, second] = [newKey(), newKey()];
    const work = countingWork({ kind: 'accepted' });
    await runner.run({ scope: 'pin-owner', key: first, operation: 'initiateWithdrawal', input: { accountId: 'a', pin: PIN, amount: 100 } }, work.execute);
    await runner.run({ scope: 'pin-owner', key: second, operation: 'initiateWithdrawal', input: { accountId: 'a', pin: '739184266', amount: 100 } }, work.execute);

    const rows = await sql<{ key: string; row: string; input_digest: string }>`
      select key, row_to_json(k)::text as row, input_digest from idempotency_keys k where scope = 'pin-owner'`.execute(database.db);
    expect(rows.rows).toHaveLength(2);
    for (const { row } of rows.rows) expect(row).not.toContain(PIN);
    const digests = new Map(rows.rows.map((r) => [r.key, r.input_digest]));
    expect(digests.get(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(digests.get(first)).not.toBe(digests.get(second));
  });

  it('runs the clean-up on a timer until stopped', async () => {
    const clock = settableClock();
    const runner = newRunner({ clock: clock.now });
    await runner.run({ scope: 'cleanup', key: newKey(), operation: 'x', input: {} }, countingWork(1).execute);
    clock.advance(25 * HOUR);
    const lines: string[] = [];
    const logger = createJsonLinesLogger({ stdout: { write: (t: string) => lines.push(t) }, stderr: { write: (t: string) => lines.push(t) } });
    const cleanup = startIdempotencyKeyCleanup({ runner, logger, everyMs: 20 });
    await expect.poll(() => lines.join('')).toContain('expired idempotency keys deleted');
    await cleanup.stop();
    const left = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys where scope = 'cleanup'`.execute(database.db);
    expect(left.rows[0]?.n).toBe(0);
  });
});
