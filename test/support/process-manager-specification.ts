/**
 * Given/when/then for process managers, by value: `handleEvent(pm, history, event)` does what the
 * runner does with one event for one instance (route, instance id, evolve, react) after folding the
 * instance's earlier events, and returns all of it for one `toEqual`. `handleRejection` does the same
 * for a refused command. Each is computed twice to check that the process manager is deterministic.
 */

import { expect } from 'vitest';
import type { Message, Rejection } from '../../src/domain/decider.ts';
import type { ProcessManager, ProcessRoute, UnstampedCommand } from '../../src/domain/process-manager.ts';

export interface HandledEvent<State, Command extends Message> {
  /** `undefined` when the event type is not routed; the runner then skips the event. */
  readonly route: ProcessRoute | undefined;
  /** `null` when the event is not for this process manager; the runner then skips it. */
  readonly instanceId: string | null;
  readonly state: State;
  readonly commands: readonly UnstampedCommand<Command>[];
}

function foldState<Event extends Message, State, Command extends Message>(
  pm: ProcessManager<Event, State, Command>,
  history: readonly Event[],
): State {
  return history.reduce((state, event) => pm.evolve(state, event), pm.initialState);
}

export function handleEvent<Event extends Message, State, Command extends Message>(
  pm: ProcessManager<Event, State, Command>,
  history: readonly Event[],
  event: Event,
): HandledEvent<State, Command> {
  const handle = (): HandledEvent<State, Command> => {
    const routes: Readonly<Record<string, ProcessRoute>> = pm.routes;
    const state = pm.evolve(foldState(pm, history), event);
    return { route: routes[event.type], instanceId: pm.instanceId(event), state, commands: pm.react(state, event) };
  };
  const handled = handle();
  expect(handle()).toEqual(handled);
  return handled;
}

export function handleRejection<Event extends Message, State, Command extends Message>(
  pm: ProcessManager<Event, State, Command>,
  history: readonly Event[],
  command: UnstampedCommand<Command>,
  rejection: Omit<Rejection, 'message'>,
): readonly UnstampedCommand<Command>[] {
  const handle = () => pm.onRejected?.(foldState(pm, history), command, { ...rejection, message: 'Refused in a test.' }) ?? [];
  const commands = handle();
  expect(handle()).toEqual(commands);
  return commands;
}
