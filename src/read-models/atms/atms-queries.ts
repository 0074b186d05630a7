/**
 * Reads of the ATM read model, mapped to the shapes the API serves. ATMs are listed by id.
 */
import type { AtmView } from '../../application/bank-read-models.ts';
import type { Kysely, Selectable } from 'kysely';
import { parseUuid } from '../../domain/ids.ts';
import type { Cents } from '../../domain/money.ts';
import { type Connection, decodeCursorOrThrow, type PageRequest, pageSizeOrThrow, toConnection } from '../read-model-pagination.ts';
import type { AtmsTable, AtmsTables } from './atms-table.ts';

export interface AtmsQueries {
  /** The ATM, or `null` when none is registered with this id (or the id is not a UUID). */
  findAtm(id: string): Promise<AtmView | null>;
  listAtms(page?: PageRequest): Promise<Connection<AtmView>>;
  countRows(): Promise<{ readonly atms: number }>;
}

type AtmCursor = [id: string];

const isAtmCursor = (key: unknown): key is AtmCursor => Array.isArray(key) && key.length === 1 && parseUuid(String(key[0])) !== null;

export function createAtmsQueries<DB extends AtmsTables>(database: Kysely<DB>): AtmsQueries {
  const db = database as unknown as Kysely<AtmsTables>;
  return {
    async findAtm(id) {
      const atmId = parseUuid(id);
      if (atmId === null) return null;
      const row = await db.selectFrom('atms').selectAll().where('id', '=', atmId).executeTakeFirst();
      return row === undefined ? null : toAtmView(row);
    },

    async listAtms(page = {}) {
      const size = pageSizeOrThrow(page.first);
      const after = decodeCursorOrThrow(page.after, isAtmCursor);
      let query = db.selectFrom('atms').selectAll().orderBy('id').limit(size + 1);
      if (after) query = query.where('id', '>', after[0].toLowerCase());
      const rows = await query.execute();
      return toConnection(rows, size, toAtmView, (row) => [row.id]);
    },

    async countRows() {
      const row = await db.selectFrom('atms').select((eb) => eb.fn.countAll().as('rows')).executeTakeFirstOrThrow();
      return { atms: Number(row.rows) };
    },
  };
}

function toAtmView(row: Selectable<AtmsTable>): AtmView {
  const cash = Number(row.cash);
  const reserved = Number(row.reserved);
  return {
    id: row.id,
    cash: cash as Cents,
    reserved: reserved as Cents,
    available: (cash - reserved) as Cents,
    registeredAt: row.registered_at,
    updatedAt: row.updated_at,
  };
}
