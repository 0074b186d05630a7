/**
 * A process manager (a saga) written as pure data and functions, in Commanded's vocabulary. It
 * follows one business process across aggregates: it reads their events and answers with the
 * commands that move the process on. It does no I/O; the process-manager runner in the application
 * layer reads the events, keeps each instance's state, dispatches the commands and stamps them with
 * a `commandId` derived from the id of the event that caused them (so a replayed event dispatches the
 * same command ids, which the dispatcher recognises) and an `issuedAt`.
 *
 * How the runner uses one:
 *
 * 1. an event whose type is not in `routes`, or for which `instanceId` returns `null`, is not for
 *    this process manager and is skipped;
 * 2. `start`: the event begins an instance (from `initialState`, or goes to the instance if it
 *    already exists, as a redelivered event would); `continue`: the event goes to the existing
 *    instance, or to a new one from `initialState` when there is none (Commanded's `:continue`, so a
 *    late event after a `stop` is still handled); `stop`: the event goes to the instance (a new one
 *    when there is none), which is then finished and its state forgotten;
 * 3. the state becomes `evolve(state, event)`, then `react(state after, event)` gives the commands to
 *    dispatch, in order. Every `react` here computes its commands from the event's own data, so it
 *    does not depend on an instance surviving a `stop`;
 * 4. when a dispatched command is refused, `onRejected(state, command, rejection)` gives the commands
 *    to dispatch instead (a compensation); without `onRejected`, a refusal is only logged.
 */

import type { CommandContext } from './command-context.ts';
import type { Message, Rejection } from './decider.ts';

export type ProcessRoute = 'start' | 'continue' | 'stop';

/** A command as a process manager emits it: the runner adds `commandId` and `issuedAt`. */
export type UnstampedCommand<Command extends Message> = Command extends Message<infer Type, infer Data>
  ? Message<Type, Omit<Data, keyof CommandContext>>
  : never;

export interface ProcessManager<Event extends Message, State, Command extends Message> {
  /** Unique among process managers: the runner keys its instances and checkpoint by it. */
  readonly name: string;
  /** What each event type does to an instance; event types not listed are skipped. */
  readonly routes: Readonly<Record<Event['type'], ProcessRoute>>;
  /** The instance an event belongs to, or `null` when this routed type's event is not for this process. */
  instanceId(event: Event): string | null;
  readonly initialState: State;
  /** Never throws. */
  evolve(state: State, event: Event): State;
  /** The commands to dispatch after `event`, given the state after it. */
  react(state: State, event: Event): readonly UnstampedCommand<Command>[];
  /** The commands to dispatch when the aggregate refused `command` (one `react` returned). */
  onRejected?(state: State, command: UnstampedCommand<Command>, rejection: Rejection): readonly UnstampedCommand<Command>[];
}
