/**
 * What a batch of teller events changes in the `atms` read model, folded in memory in event order (the
 * ATM projection writes it in two set-based statements):
 * - `registrations`: a row per ATM registered;
 * - `updates`: per ATM touched after its registration, the cash after the batch's last event that set
 *   it, and the reservation as "the last `reservedAfter` of the batch (or the stored one), less what
 *   was released after it", with the batch's last event position for the "row older" guard.
 */
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

export interface AtmRegistration {
  readonly id: string;
  readonly cash: number;
  readonly reserved: number;
  readonly registered_at: string;
  readonly updated_at: string;
  readonly position: number;
}

export interface AtmUpdate {
  readonly id: string;
  /** `null`: no event of the batch set the cash. */
  cash: number | null;
  /** The last reservation an event of the batch set outright; `null`: none, the stored one stands. */
  reservedBase: number | null;
  /** Released (withdrawals ended) after `reservedBase`, or after the stored reservation. */
  released: number;
  updatedAt: Date;
  position: number;
}

export interface AtmChangesPlan {
  readonly registrations: AtmRegistration[];
  readonly updates: Map<string, AtmUpdate>;
}

const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;

export function planAtmChanges(events: readonly RecordedEvent[]): AtmChangesPlan {
  const plan: AtmChangesPlan = { registrations: [], updates: new Map() };
  const touch = (event: RecordedEvent, atmId: string, changes: { cash?: number; reservedAfter?: number; release?: number }): void => {
    const update = plan.updates.get(atmId) ?? { id: atmId, cash: null, reservedBase: null, released: 0, updatedAt: event.createdAt, position: 0 };
    if (changes.cash !== undefined) update.cash = changes.cash;
    if (changes.reservedAfter !== undefined) {
      update.reservedBase = changes.reservedAfter;
      update.released = 0;
    }
    if (changes.release !== undefined) update.released += changes.release;
    update.updatedAt = event.createdAt;
    update.position = event.position;
    plan.updates.set(atmId, update);
  };

  for (const event of events) {
    switch (event.eventType as TellerEventType) {
      case 'Tellers.AtmRegistered': {
        const data = dataOf<AtmRegisteredData>(event);
        plan.registrations.push({ id: data.atmId, cash: data.initialCash, reserved: 0, registered_at: data.registeredAt, updated_at: data.registeredAt, position: event.position });
        break;
      }
      case 'Tellers.AtmRefilled': {
        const data = dataOf<AtmRefilledData>(event);
        touch(event, data.atmId, { cash: data.newCash });
        break;
      }
      case 'Tellers.WithdrawalInitiated': {
        const data = dataOf<WithdrawalInitiatedData>(event);
        touch(event, data.atmId, { reservedAfter: data.reservedAfter });
        break;
      }
      case 'Tellers.WithdrawalDeclined': {
        const data = dataOf<WithdrawalDeclinedData>(event);
        // Out of cash: declined before anything was reserved, so there is nothing to release (nor any row change).
        if (data.reason !== 'ATM_OUT_OF_CASH') touch(event, data.atmId, { release: data.amount });
        break;
      }
      case 'Tellers.MoneyWithdrawn': {
        const data = dataOf<TellerMoneyWithdrawnData>(event);
        touch(event, data.atmId, { cash: data.newCash, release: data.amount });
        break;
      }
      case 'Tellers.DispenseFaultReported': {
        const data = dataOf<DispenseFaultReportedData>(event);
        touch(event, data.atmId, { cash: data.newCash });
        break;
      }
      case 'Tellers.MoneyDeposited': {
        const data = dataOf<TellerMoneyDepositedData>(event);
        touch(event, data.atmId, { cash: data.newCash });
        break;
      }
    }
  }
  return plan;
}
