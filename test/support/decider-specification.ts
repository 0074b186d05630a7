/**
 * Given/when/then specifications for deciders: `given(events).when(command).then(events)` or
 * `.thenRejects(rejection)`. The state is built by folding the given events with the decider's own
 * `evolve`, the decision is compared by value, and every `when` is decided twice to check that the
 * decider is deterministic (a retried command must decide the same way). Rejections are compared by
 * `code` and `details`; their `message` only has to be a non-empty sentence, never a fixed string.
 */

import { expect } from 'vitest';
import { type Decider, type Decision, evolveAll, type Rejection } from '../../src/domain/decider.ts';

/** A rejection as a test states it: everything but the message. */
export type ExpectedRejection<Rej> = Rej extends unknown ? Omit<Rej, 'message'> : never;

export interface DeciderThen<Event, Rej> {
  /** The command is accepted and produces exactly these events (`[]`: accepted, nothing to do). */
  then(expected: readonly Event[]): void;
  /** The command is refused with this rejection and nothing is appended. */
  thenRejects(expected: ExpectedRejection<Rej>): void;
}

export interface DeciderWhen<Command, Event, Rej> {
  when(command: Command): DeciderThen<Event, Rej>;
}

export interface DeciderSpecification<Command, Event, Rej> {
  given(events: readonly Event[]): DeciderWhen<Command, Event, Rej>;
}

export function createDeciderSpecification<Command, Event, State, Rej extends Rejection>(
  decider: Decider<Command, Event, State, Rej>,
): DeciderSpecification<Command, Event, Rej> {
  return {
    given: (events) => ({
      when: (command) => {
        const decideTwice = (): Decision<Event, Rej> => {
          const state = evolveAll(decider, decider.initialState, events);
          const decision = decider.decide(command, state);
          expect(decider.decide(command, evolveAll(decider, decider.initialState, events))).toEqual(decision);
          return decision;
        };
        return {
          then: (expected) => {
            expect(decideTwice()).toEqual({ kind: 'accepted', events: expected });
          },
          thenRejects: (expected) => {
            const decision = decideTwice();
            if (decision.kind === 'accepted') {
              expect(decision, 'expected a rejection').toEqual({ kind: 'rejected', rejection: expected });
              return;
            }
            const { message, ...rest } = decision.rejection;
            expect(rest).toEqual(expected);
            expect(typeof message).toBe('string');
            expect(message.trim().length).toBeGreaterThan(0);
          },
        };
      },
    }),
  };
}
