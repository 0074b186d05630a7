/**
 * The ATM projection: keeps `atms` (cash in the machine, cash reserved by withdrawals in progress)
 * from the teller events. Cash is copied from the events (`newCash`); the reservation is copied when
 * the event carries it (`reservedAfter`) and otherwise released by the amount of the withdrawal that
 * ended. Every update only applies an event later than the row's `position`, so applying an event a
 * second time changes nothing. Rows carry the event's recording time as `updated_at` (teller events
 * have no business time except the registration), so a rebuild writes the same rows again.
 */
import type { Transaction, UpdateObject } from 'kysely';
import type { Projection } from '../../application/projection.ts';
import type {
  AtmRefilledData,
  AtmRegisteredData,
  DispenseFaultReportedData,
  TellerEventType,
  TellerMoneyDepositedData,
  TellerMoneyWithdrawnData,
  WithdrawalDeclinedData,
  WithdrawalInitiatedData,
} from '../../domain/teller/teller-events.ts';
import type { RecordedEvent } from '../../event-store/event-store.ts';
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

const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;

export function createAtmsProjection<DB extends AtmsTables>(): Projection<Transaction<DB>> {
  return {
    name: ATMS_PROJECTION_NAME,
    eventTypes: HANDLED,
    async handle(tx, events) {
      for (const event of events) await applyTellerEvent(tx as unknown as Tx, event);
    },
  };
}

async function applyTellerEvent(tx: Tx, event: RecordedEvent): Promise<void> {
  switch (event.eventType as TellerEventType) {
    case 'Tellers.AtmRegistered': {
      const data = dataOf<AtmRegisteredData>(event);
      await tx
        .insertInto('atms')
        .values({
          id: data.atmId,
          cash: data.initialCash,
          reserved: 0,
          registered_at: data.registeredAt,
          updated_at: data.registeredAt,
          position: event.position,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return;
    }
    case 'Tellers.AtmRefilled': {
      const data = dataOf<AtmRefilledData>(event);
      return updateAtm(tx, event, data.atmId, { cash: data.newCash });
    }
    case 'Tellers.WithdrawalInitiated': {
      const data = dataOf<WithdrawalInitiatedData>(event);
      return updateAtm(tx, event, data.atmId, { reserved: data.reservedAfter });
    }
    case 'Tellers.WithdrawalDeclined': {
      const data = dataOf<WithdrawalDeclinedData>(event);
      // Out of cash: declined before anything was reserved, so there is nothing to release.
      if (data.reason === 'ATM_OUT_OF_CASH') return;
      return updateAtm(tx, event, data.atmId, { reserved: (eb) => eb('reserved', '-', data.amount) });
    }
    case 'Tellers.MoneyWithdrawn': {
      const data = dataOf<TellerMoneyWithdrawnData>(event);
      return updateAtm(tx, event, data.atmId, { cash: data.newCash, reserved: (eb) => eb('reserved', '-', data.amount) });
    }
    case 'Tellers.DispenseFaultReported': {
      const data = dataOf<DispenseFaultReportedData>(event);
      return updateAtm(tx, event, data.atmId, { cash: data.newCash });
    }
    case 'Tellers.MoneyDeposited': {
      const data = dataOf<TellerMoneyDepositedData>(event);
      return updateAtm(tx, event, data.atmId, { cash: data.newCash });
    }
  }
}

async function updateAtm(tx: Tx, event: RecordedEvent, atmId: string, changes: UpdateObject<AtmsTables, 'atms'>): Promise<void> {
  await tx
    .updateTable('atms')
    .set({ ...changes, updated_at: event.createdAt, position: event.position })
    .where('id', '=', atmId)
    .where('position', '<', event.position)
    .execute();
}
