/**
 * The vocabulary of the bank invariants (bank-invariants.ts and its -money and -sagas parts): the
 * stored event as they read it, what the load clients were told (acknowledged successes, mutations
 * sent, ATM operations, subscribers), and the result of one check with the collector that builds it
 * (the first few failures in words: a report must stay readable when thousands fail).
 */
import type { Kysely } from 'kysely';

/** The database, typed loosely: every query here is raw SQL. */
export type BankDatabase = Kysely<unknown>;

export interface StoredEvent {
  readonly position: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly correlationId: string | null;
}

/** A success a client was told about; the event at `position` must be in `streamId`, of one of `eventTypes`. */
export interface AcknowledgedSuccess {
  readonly operation: string;
  readonly position: number;
  readonly streamId: string;
  readonly eventTypes: readonly string[];
  /** The event's correlation id (the operation id of an ATM withdrawal or deposit). */
  readonly correlationId?: string;
  /** The event's `data.amount`. */
  readonly amount?: number;
  /** Milliseconds after the run started. */
  readonly at: number;
}

export type IntentKind = 'open' | 'deposit' | 'withdrawal' | 'atmDeposit' | 'refill';

/** The `streamId` of an intent that names no stream: a new account is known by its owner name alone. */
export const ANY_STREAM = '*';

/**
 * A mutation a client sent, named by what makes it unique in the store: the owner name of a new
 * account (`streamId` {@link ANY_STREAM}: the server picks the id, so an unanswered open can only be
 * found by its owner), the amount of a money movement on one account or ATM (unique per stream).
 * `expected`: `one` when its answer said it was stored, `none` when it was refused before anything was
 * stored, `atMostOne` when no answer came.
 */
export interface MutationIntent {
  readonly kind: IntentKind;
  readonly streamId: string;
  readonly match: string;
  readonly expected: 'one' | 'none' | 'atMostOne';
}

/** An ATM operation a client was told about, and how it must have ended. */
export interface AtmOperationExpectation {
  readonly kind: 'withdrawal' | 'deposit';
  readonly operationId: string;
  readonly end: 'completed' | 'declined' | 'any';
}

/** What one subscriber received. */
export interface SubscriberRecord {
  readonly name: string;
  readonly transport: string;
  /** The stream it follows, or null for the whole log. */
  readonly streamId: string | null;
  readonly afterPosition: number;
  readonly positions: readonly number[];
  readonly orderViolations: readonly string[];
  /** GraphQL or HTTP refusals of the subscription. */
  readonly errors: readonly string[];
  readonly lagMs: readonly number[];
}

export interface BankExpectations {
  readonly acknowledged: readonly AcknowledgedSuccess[];
  readonly intents: readonly MutationIntent[];
  readonly atmOperations: readonly AtmOperationExpectation[];
  readonly subscribers: readonly SubscriberRecord[];
}

export interface CheckResult {
  readonly name: string;
  /** How many things were checked (accounts, sagas, …). */
  readonly checked: number;
  readonly failureCount: number;
  /** The first failures, in words. */
  readonly failures: readonly string[];
}

const KEPT_FAILURES = 15;

/** Collects the failures of one check, keeping the first few in words. */
export class CheckCollector {
  readonly name: string;
  checked = 0;
  #failureCount = 0;
  readonly #failures: string[] = [];

  constructor(name: string) {
    this.name = name;
  }

  fail(message: string): void {
    this.#failureCount += 1;
    if (this.#failures.length < KEPT_FAILURES) this.#failures.push(message);
  }

  expect(condition: boolean, message: () => string): void {
    if (!condition) this.fail(message());
  }

  result(): CheckResult {
    return { name: this.name, checked: this.checked, failureCount: this.#failureCount, failures: [...this.#failures] };
  }
}

