/**
 * The ATM projection: keeps `atms` (cash in the machine, cash reserved by withdrawals in progress)
 * from the teller events. Cash is copied from the events (`newCash`); the reservation is copied when
 * the event carries it (`reservedAfter`) and otherwise released by the amount of the withdrawal that
 * ended. Every update only applies an event later than the row's `position`, so applying an event a
 * second time changes nothing. A batch is folded in memory first (atm-changes-plan.ts) and written in
 * two set-based statements, whatever its size. Rows carry the event's recording time as `updated_at` (teller events
 * have no business time except the registration), so a rebuild writes the same rows again.
 */
import { type Transaction, sql } from 'kysely';
import type { Projection } from '../../application/projection.ts';
import type { TellerEventType } from '../../domain/teller/teller-events.ts';
import type { RecordedEvent } from '../../event-store/event-store.ts';
import { planAtmChanges } from './atm-changes-plan.ts';
import type { AtmsTables } from './atms-table.ts';

export const ATMS_PROJECTION_NAME = 'atms';

const HANDLED: readonly TellerEventType[] = [
  'Tellers.AtmRegistered',
  'Tellers.AtmRefilled',
  'Tellers.WithdrawalInitiated',
  'Tellers.WithdrawalDeclined',
  'Tellers.MoneyWithdrawn',
  'Tellers.DispenseFaultReported',
  'Tellers.MoneyDeposited',
];

type Tx = Transaction<AtmsTables>;

/** One row of the `(values …) as v(…)` list the update joins to `atms`. */
interface AtmUpdateRow {
  id: string;
  cash: number | null;
  reserved_base: number | null;
  released: number;
  updated_at: Date;
  position: number;
}

/**
 * The events later than their ATM's row. Releases are relative ("reserved less the amount"), so an
 * event the row already reflects must not be folded in again; the "row older" guard of the update
 * alone could only skip the batch as a whole.
 */
async function eventsNotYetApplied(tx: Tx, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const atmOf = (event: RecordedEvent): string => String((event.data as { atmId?: unknown }).atmId);
  const atmIds = [...new Set(events.map(atmOf))];
  const rows = await tx.selectFrom('atms').select(['id', 'position']).where('id', 'in', atmIds).execute();
  const applied = new Map(rows.map((row) => [row.id, Number(row.position)]));
  return events.filter((event) => event.position > (applied.get(atmOf(event)) ?? 0));
}

export function createAtmsProjection<DB extends AtmsTables>(): Projection<Transaction<DB>> {
  return {
    name: ATMS_PROJECTION_NAME,
    eventTypes: HANDLED,
    async handle(transaction, events) {
      const tx = transaction as unknown as Tx;
      const { registrations, updates } = planAtmChanges(await eventsNotYetApplied(tx, events));
      if (registrations.length > 0) await tx.insertInto('atms').values(registrations).onConflict((oc) => oc.column('id').doNothing()).execute();
      if (updates.size === 0) return;
      const values = sql<AtmUpdateRow>`(values ${sql.join(
        [...updates.values()].map((u) => sql`(${u.id}::uuid, ${u.cash}::bigint, ${u.reservedBase}::bigint, ${u.released}::bigint, ${u.updatedAt}::timestamptz, ${u.position}::bigint)`),
      )})`;
      await tx
        .updateTable('atms')
        .from(values.as<'v'>(sql`v(id, cash, reserved_base, released, updated_at, position)`))
        .set((eb) => ({
          cash: eb.fn.coalesce('v.cash', 'atms.cash'),
          reserved: eb(eb.fn.coalesce('v.reserved_base', 'atms.reserved'), '-', eb.ref('v.released')),
          updated_at: eb.ref('v.updated_at'),
          position: eb.ref('v.position'),
        }))
        .whereRef('atms.id', '=', 'v.id')
        // Only an ATM whose row is older than the batch's last event for it: applying again changes nothing.
        .whereRef('atms.position', '<', 'v.position')
        .execute();
    },
  };
}
