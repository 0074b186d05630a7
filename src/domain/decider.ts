/**
 * A decider is an aggregate written as three pure functions (Emmett's and Jérémie Chassaing's shape):
 *
 * - `initialState`: the state of a stream that has no events yet;
 * - `decide(command, state)`: the events the command produces, or a rejection value when the command
 *   is refused for a reason only the caller cares about (the outcome rule in DESIGN.md). It never does
 *   I/O and never reads the clock: time and ids arrive on the command;
 * - `evolve(state, event)`: the state after one event. It never throws.
 *
 * Commands, events and rejections are plain data with a `type` discriminant.
 */

export interface Message<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** A refusal returned as a value: never appended, carried up to the caller. */
export interface Rejection<Code extends string = string, Details = unknown> {
  readonly code: Code;
  readonly message: string;
  readonly details?: Details;
}

/** What `decide` returns: events to append, or a rejection. An empty event list means "nothing to do". */
export type Decision<Event, Rej> =
  | { readonly kind: 'accepted'; readonly events: readonly Event[] }
  | { readonly kind: 'rejected'; readonly rejection: Rej };

export interface Decider<Command, Event, State, Rej> {
  readonly initialState: State;
  decide(command: Command, state: State): Decision<Event, Rej>;
  evolve(state: State, event: Event): State;
}

export function accept<Event>(...events: Event[]): Decision<Event, never> {
  return { kind: 'accepted', events };
}

export function reject<Rej>(rejection: Rej): Decision<never, Rej> {
  return { kind: 'rejected', rejection };
}

/** Folds events into a state: what loading an aggregate does once the events are read and upcast. */
export function evolveAll<Event, State>(
  decider: Pick<Decider<unknown, Event, State, unknown>, 'evolve'>,
  state: State,
  events: Iterable<Event>,
): State {
  let current = state;
  for (const event of events) current = decider.evolve(current, event);
  return current;
}
