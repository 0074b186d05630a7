/**
 * A secret made once and kept in the database (table `server_secrets`), for a development server
 * without ESBANK_TOKEN_SECRET: the first start makes it, every later start (and every instance on the
 * same database) reads the same one.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

interface ServerSecretTables {
  server_secrets: { name: string; value: string; created_at: Date };
}

export async function loadOrCreateServerSecret(connection: { readonly db: Kysely<unknown> }, name: string): Promise<string> {
  const db = connection.db as Kysely<ServerSecretTables>;
  await db
    .insertInto('server_secrets')
    .values({ name, value: randomBytes(48).toString('base64url'), created_at: new Date() })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
