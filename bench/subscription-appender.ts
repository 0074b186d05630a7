/**
 * The writer of the subscription benchmark: real account events, decided by the account decider and
 * appended through EsBank's PostgreSQL event store in the benchmark process, on the server's database.
 * The server learns of them as it learns of any append (NOTIFY, then its shared live tail), so what is
 * timed is the subscription path alone: no GraphQL mutation, no command dispatch in the server.
 *
 * A few accounts are opened first; then each append is one `Accounts.MoneyDeposited` on the next
 * account in turn, checked against its registered schema and stamped as the dispatcher stamps events
 * (schema version, causation, correlation, command metadata). Appends to one account wait for each
 * other (each expects the version the last one left); appends to different accounts overlap.
 *
 * `appendAtRate` is open-loop: the n-th append is due at start + n / rate, whatever the earlier ones
 * took, so a slow append does not lower the rate the subscribers see.
 */
import { randomUUID } from 'node:crypto';
import { eventIdFor } from '../src/application/event-envelope-builder.ts';
import type { AccountCommand, DepositMoney, OpenAccount } from '../src/domain/account/account-commands.ts';
import { accountDecider, type AccountState } from '../src/domain/account/account-decider.ts';
import type { AccountEvent } from '../src/domain/account/account-events.ts';
import { hashPin } from '../src/domain/account/account-pin.ts';
import { accountEventSchemas } from '../src/domain/account/account-schemas.ts';
import { accountStreamId } from '../src/domain/ids.ts';
import { centsOrThrow } from '../src/domain/money.ts';
import type { EventStore, JsonObject, NewEvent } from '../src/event-store/event-store.ts';

/** One acknowledged append: its position, and when it was sent and acknowledged (performance.now()). */
export interface AppendTiming {
  readonly position: number;
  readonly sentAt: number;
  readonly acknowledgedAt: number;
}

interface BenchAccount {
  readonly accountId: string;
  state: AccountState;
  version: number;
  /** The last append to this account: the next one waits for it. */
  previous: Promise<unknown>;
}

export interface DepositAppender {
  /** Appends one deposit to the next account in turn; resolves once the store acknowledged it. */
  appendOne(): Promise<AppendTiming>;
  /** Appends `count` deposits at `perSecond`, calling `onAcknowledged` for each; resolves when all are acknowledged. */
  appendAtRate(count: number, perSecond: number, onAcknowledged: (timing: AppendTiming) => void): Promise<void>;
}

/** Opens `accounts` accounts through the decider and returns an appender of deposits to them. */
export async function createDepositAppender(store: EventStore, accounts: number): Promise<DepositAppender> {
  const pinHash = await hashPin('2468');
  const opened: BenchAccount[] = [];
  for (let i = 0; i < accounts; i++) {
    const accountId = randomUUID();
    const account: BenchAccount = { accountId, state: accountDecider.initialState, version: 0, previous: Promise.resolve() };
    const context = commandContext();
    const open: OpenAccount = { type: 'Accounts.OpenAccount', data: { ...context, accountId, owner: `Subscription bench ${i + 1}`, pinHash, openedAt: context.issuedAt } };
    await decideAndAppend(store, account, open);
    opened.push(account);
  }

  let next = 0;
  const appendOne = (): Promise<AppendTiming> => {
    const account = opened[next++ % opened.length];
    if (!account) throw new Error('The appender has no accounts.');
    const deposit: DepositMoney = { type: 'Accounts.DepositMoney', data: { ...commandContext(), accountId: account.accountId, amount: centsOrThrow(1_000 + (next % 9_000)) } };
    const result = account.previous.then(async () => {
      const sentAt = performance.now();
      const position = await decideAndAppend(store, account, deposit);
      return { position, sentAt, acknowledgedAt: performance.now() };
    });
    account.previous = result.catch(() => undefined);
    return result;
  };

  return {
    appendOne,
    async appendAtRate(count, perSecond, onAcknowledged) {
      const started = performance.now();
      const appends: Promise<void>[] = [];
      for (let n = 0; n < count; n++) {
        const wait = started + (n * 1000) / perSecond - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        appends.push(appendOne().then(onAcknowledged));
      }
      await Promise.all(appends);
    },
  };
}

function commandContext(): { readonly commandId: string; readonly issuedAt: string } {
  return { commandId: randomUUID(), issuedAt: new Date().toISOString() };
}

/** Decides `command` on the account's state, appends the events at its version; returns the last position. */
async function decideAndAppend(store: EventStore, account: BenchAccount, command: AccountCommand): Promise<number> {
  const decision = accountDecider.decide(command, account.state);
  if (decision.kind === 'rejected') throw new Error(`The account decider refused ${command.type}: ${decision.rejection.message}`);
  const { commandId } = command.data;
  const envelopes = decision.events.map((event, index): NewEvent => envelopeOf(event, commandId, command.type, index));
  const result = await store.append(accountStreamId(account.accountId), envelopes, account.version);
  for (const event of decision.events) account.state = accountDecider.evolve(account.state, event);
  account.version = result.streamVersion;
  return result.position;
}

/** The event as the dispatcher would append it (see event-envelope-builder.ts), after the same schema check. */
function envelopeOf(event: AccountEvent, commandId: string, commandType: string, index: number): NewEvent {
  const registration = accountEventSchemas[event.type];
  const checked = registration.schema.safeParse(event.data);
  if (!checked.success) throw new Error(`The decided ${event.type} does not match its schema: ${checked.error.message}`);
  return {
    eventId: eventIdFor(commandId, index),
    eventType: event.type,
    schemaVersion: registration.schemaVersion,
    data: event.data as unknown as JsonObject,
    metadata: { commandId, commandType, userAgent: 'esbank-subscription-bench' },
    causationId: commandId,
    correlationId: commandId,
  };
}
