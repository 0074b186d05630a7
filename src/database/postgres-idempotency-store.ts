/**
 * Idempotency keys in PostgreSQL (a server or PGlite), one row per scope and key in `idempotency_keys`
 * (migrations/…-create-idempotency-keys.ts). It implements the application's IdempotencyKeyStore port
 * (src/application/idempotency.ts) structurally: src/database sits below the application and does not
 * import it, and the composition root's type check proves the shapes match.
 *
 * A claim is one `insert … on conflict do update … where`, so two requests with the same key cannot
 * both claim it: on a server the second waits for the first's row and then sees it. Every time is
 * passed in by the caller (its clock, which tests can set), never taken from the database's `now()`.
 */
import { type Kysely, sql } from 'kysely';
import type { JsonValue } from '../event-store/event-store.ts';

interface IdempotencyKeysTable {
  scope: string;
  key: string;
  operation: string;
  input_digest: string;
  state: 'pending' | 'completed';
  result: JsonValue | null;
  execution_id: string;
  lease_token: string;
  created_at: Date;
  lease_until: Date;
  expires_at: Date;
}

interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
}

interface KeyRef {
  readonly scope: string;
  readonly key: string;
}

export interface PostgresIdempotencyClaimRequest extends KeyRef {
  readonly operation: string;
  readonly inputDigest: string;
  readonly executionId: string;
  readonly leaseToken: string;
  readonly now: Date;
  readonly leaseUntil: Date;
  readonly expiresAt: Date;
}

export type PostgresIdempotencyClaim =
  | { readonly kind: 'claimed'; readonly executionId: string }
  | { readonly kind: 'completed'; readonly result: JsonValue }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'busy' };

export interface PostgresIdempotencyStore {
  claim(request: PostgresIdempotencyClaimRequest): Promise<PostgresIdempotencyClaim>;
  complete(ref: KeyRef & { readonly executionId: string }, result: JsonValue): Promise<boolean>;
  release(ref: KeyRef & { readonly leaseToken: string }, now: Date): Promise<void>;
  renew(ref: KeyRef & { readonly leaseToken: string }, leaseUntil: Date): Promise<boolean>;
  deleteExpired(now: Date): Promise<number>;
}

/** jsonb from a JSON text: both drivers then hand the value back parsed, arrays and strings included. */
const jsonb = (value: JsonValue) => sql<JsonValue>`${JSON.stringify(value)}::jsonb`;

/** A row can change between the claim and the look that follows it (released, deleted): claim again. */
const CLAIM_ATTEMPTS = 3;

export function createPostgresIdempotencyStore(connection: { readonly db: Kysely<unknown> }): PostgresIdempotencyStore {
  const db = connection.db as Kysely<IdempotencyTables>;

  /** Inserts, replaces an expired row, or takes over a dead lease; undefined when the row is someone else's. */
  async function tryClaim(request: PostgresIdempotencyClaimRequest): Promise<string | undefined> {
    const { now } = request;
    const expired = sql<boolean>`idempotency_keys.expires_at <= ${now}`;
    const row = await db
      .insertInto('idempotency_keys')
      .values({
        scope: request.scope,
        key: request.key,
        operation: request.operation,
        input_digest: request.inputDigest,
        state: 'pending',
        result: null,
        execution_id: request.executionId,
        lease_token: request.leaseToken,
        created_at: now,
        lease_until: request.leaseUntil,
        expires_at: request.expiresAt,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'key'])
          .doUpdateSet((eb) => ({
            operation: eb.ref('excluded.operation'),
            input_digest: eb.ref('excluded.input_digest'),
            state: 'pending',
            result: null,
            lease_token: eb.ref('excluded.lease_token'),
            lease_until: eb.ref('excluded.lease_until'),
            // A takeover after a crash keeps the execution id (so the ids), the birth and the expiry.
            execution_id: sql<string>`case when ${expired} then excluded.execution_id else idempotency_keys.execution_id end`,
            created_at: sql<Date>`case when ${expired} then excluded.created_at else idempotency_keys.created_at end`,
            expires_at: sql<Date>`case when ${expired} then excluded.expires_at else idempotency_keys.expires_at end`,
          }))
          .where((eb) =>
            eb.or([
              eb('idempotency_keys.expires_at', '<=', now),
              eb.and([
                eb('idempotency_keys.state', '=', 'pending'),
                eb('idempotency_keys.lease_until', '<=', now),
                eb('idempotency_keys.operation', '=', eb.ref('excluded.operation')),
                eb('idempotency_keys.input_digest', '=', eb.ref('excluded.input_digest')),
              ]),
            ]),
          ),
      )
      .returning('execution_id')
      .executeTakeFirst();
    return row?.execution_id;
  }

  /** What a row that could not be claimed means for this request; undefined when it is claimable after all. */
  async function describeHeldRow(request: PostgresIdempotencyClaimRequest): Promise<PostgresIdempotencyClaim | undefined> {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['operation', 'input_digest', 'state', 'result', 'lease_until', 'expires_at'])
      .where('scope', '=', request.scope)
      .where('key', '=', request.key)
      .executeTakeFirst();
    if (!row || new Date(row.expires_at) <= request.now) return undefined;
    if (row.operation !== request.operation || row.input_digest !== request.inputDigest) return { kind: 'mismatch' };
    if (row.state === 'completed') return { kind: 'completed', result: row.result };
    return new Date(row.lease_until) <= request.now ? undefined : { kind: 'busy' };
  }

  return {
    async claim(request) {
      for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt += 1) {
        const executionId = await tryClaim(request);
        if (executionId !== undefined) return { kind: 'claimed', executionId };
        const held = await describeHeldRow(request);
        if (held) return held;
      }
      return { kind: 'busy' };
    },

    async complete({ scope, key, executionId }, result) {
      const updated = await db
        .updateTable('idempotency_keys')
        .set({ state: 'completed', result: jsonb(result) })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('execution_id', '=', executionId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    },

    async release({ scope, key, leaseToken }, now) {
      await db
        .updateTable('idempotency_keys')
        .set({ lease_until: now })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('lease_token', '=', leaseToken)
        .where('state', '=', 'pending')
        .execute();
    },

    async renew({ scope, key, leaseToken }, leaseUntil) {
      const renewed = await db
        .updateTable('idempotency_keys')
        .set({ lease_until: leaseUntil })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('lease_token', '=', leaseToken)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(renewed.numUpdatedRows) > 0;
    },

    async deleteExpired(now) {
      const deleted = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    },
  };
}
