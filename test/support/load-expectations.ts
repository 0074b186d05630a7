/**
 * What the load clients were told, kept for bank-invariants.ts: the acknowledged successes (with the
 * position their answer gave), every mutation sent and what its answer implies about the store
 * (stored once, never, or at most once when no answer came), and the ATM operations clients know of.
 *
 * Amounts make money movements recognisable in the store: each stream (an account, an ATM) hands out
 * tags 1, 2, 3, … and an amount is `tag + 10 000 × k`, so two movements on one stream never share an
 * amount (until a stream has used 9 999 tags, after which the check counts them together).
 */
import type { AcknowledgedSuccess, AtmOperationExpectation, BankExpectations, IntentKind, MutationIntent, SubscriberRecord } from './bank-invariant-types.ts';

export const TAG_SPACE = 10_000;

/** What an answer says about the store: stored once, nothing stored, or unknown (no answer). */
export type StoredVerdict = MutationIntent['expected'];

export class LoadExpectations {
  readonly #startedAt: number;
  readonly #acknowledged: AcknowledgedSuccess[] = [];
  readonly #intents: MutationIntent[] = [];
  readonly #atmOperations: AtmOperationExpectation[] = [];
  readonly #tags = new Map<string, number>();
  #unanswered = 0;

  constructor(startedAt = Date.now()) {
    this.#startedAt = startedAt;
  }

  /** A new amount for a movement on `streamId`: unique on that stream, about `k × 100.00`. */
  amountFor(streamId: string, k: number): number {
    const tag = ((this.#tags.get(streamId) ?? 0) % (TAG_SPACE - 1)) + 1;
    this.#tags.set(streamId, tag);
    return tag + TAG_SPACE * k;
  }

  acknowledge(ack: Omit<AcknowledgedSuccess, 'at'>): void {
    this.#acknowledged.push({ ...ack, at: Date.now() - this.#startedAt });
  }

  intent(kind: IntentKind, streamId: string, match: string | number, expected: StoredVerdict): void {
    this.#intents.push({ kind, streamId, match: String(match), expected });
    if (expected === 'atMostOne') this.#unanswered += 1;
  }

  atmOperation(operation: AtmOperationExpectation): void {
    this.#atmOperations.push(operation);
  }

  get acknowledgedCount(): number {
    return this.#acknowledged.length;
  }

  /** Mutations whose effect is unknown: no answer came (and none was retried to an answer). */
  get unansweredCount(): number {
    return this.#unanswered;
  }

  /** Acknowledgements received before `msAfterStart` (e.g. before the last kill). */
  acknowledgedBefore(msAfterStart: number): number {
    return this.#acknowledged.filter((a) => a.at < msAfterStart).length;
  }

  expectations(subscribers: readonly SubscriberRecord[]): BankExpectations {
    return { acknowledged: this.#acknowledged, intents: this.#intents, atmOperations: this.#atmOperations, subscribers };
  }
}
