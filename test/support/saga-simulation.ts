/**
 * A whole ATM flow in memory, for domain tests: commands go to the real deciders (one stream per
 * aggregate id), every appended event goes, in order, to the process managers as the runner would
 * route it, and their commands are dispatched in turn, with `onRejected` on refusals. It stands in
 * for the dispatcher and the process-manager runner only to show that the pure pieces fit together;
 * those components have their own tests.
 */

import { evolveAll, type Decider, type Decision, type Message, type Rejection } from '../../src/domain/decider.ts';
import type { ProcessManager, ProcessRoute } from '../../src/domain/process-manager.ts';
import { commandId, issuedAt } from './account-fixtures.ts';

type AnyDecider = Decider<Message, Message, unknown, Rejection>;
type AnyProcessManager = ProcessManager<Message, unknown, Message>;

export interface SimulatedAggregate {
  /** Command types starting with this prefix (`Accounts.`) go to this decider. */
  readonly prefix: string;
  readonly decider: AnyDecider;
  /** The field of a command's data naming the aggregate instance (`accountId`). */
  readonly identity: string;
}

/** Erases a decider's types: the simulation only passes it commands of its own prefix. */
export function simulatedAggregate<Command extends Message, Event extends Message, State, Rej extends Rejection>(
  prefix: string,
  decider: Decider<Command, Event, State, Rej>,
  identity: string,
): SimulatedAggregate {
  return { prefix, decider: decider as unknown as AnyDecider, identity };
}

export interface SagaSimulation {
  /** Dispatches a command and everything the process managers do after it; returns the first decision. */
  dispatch(command: Message): Decision<Message, Rejection>;
  /** Every appended event, in order. */
  readonly events: readonly Message[];
  /** Every command dispatched, with the rejections, in order. */
  readonly log: readonly { readonly command: Message; readonly rejection?: string }[];
  /** The state of the process manager instance, or `undefined` when it never started or was stopped. */
  instanceState(pmName: string, instanceId: string): unknown;
}

export function createSagaSimulation(
  aggregates: readonly SimulatedAggregate[],
  processManagers: readonly ProcessManager<never, unknown, never>[],
): SagaSimulation {
  const streams = new Map<string, Message[]>();
  const events: Message[] = [];
  const log: { command: Message; rejection?: string }[] = [];
  const instances = new Map<string, unknown>();
  const pms = processManagers as unknown as readonly AnyProcessManager[];

  function decideOne(command: Message): Decision<Message, Rejection> {
    const aggregate = aggregates.find((a) => command.type.startsWith(a.prefix));
    if (aggregate === undefined) throw new Error(`No simulated aggregate handles ${command.type}.`);
    const { decider } = aggregate;
    const data = command.data as Record<string, unknown>;
    const streamId = `${aggregate.prefix}${String(data[aggregate.identity])}`;
    const stream = streams.get(streamId) ?? [];
    const stamped = { type: command.type, data: { ...data, commandId, issuedAt } };
    const decision = decider.decide(stamped, evolveAll(decider, decider.initialState, stream));
    log.push(decision.kind === 'rejected' ? { command, rejection: decision.rejection.code } : { command });
    if (decision.kind === 'accepted') {
      streams.set(streamId, [...stream, ...decision.events]);
      events.push(...decision.events);
    }
    return decision;
  }

  /** Appended events wait here, so they reach the process managers in the order they were appended. */
  const pending: Message[] = [];

  function dispatchFor(command: Message, process?: AnyProcessManager, instanceKey?: string): Decision<Message, Rejection> {
    const decision = decideOne(command);
    if (decision.kind === 'accepted') {
      pending.push(...decision.events);
    } else if (process?.onRejected && instanceKey !== undefined) {
      const state = instances.has(instanceKey) ? instances.get(instanceKey) : process.initialState;
      for (const next of process.onRejected(state, command as never, decision.rejection)) dispatchFor(next, process, instanceKey);
    }
    return decision;
  }

  function handleEvent(event: Message): void {
    for (const process of pms) {
      const route: ProcessRoute | undefined = (process.routes as Record<string, ProcessRoute>)[event.type];
      const id = route === undefined ? null : process.instanceId(event);
      if (id === null) continue;
      const key = `${process.name}/${id}`;
      const state = process.evolve(instances.has(key) ? instances.get(key) : process.initialState, event);
      if (route === 'stop') instances.delete(key);
      else instances.set(key, state);
      for (const command of process.react(state, event)) dispatchFor(command, process, key);
    }
  }

  return {
    dispatch(command) {
      const decision = dispatchFor(command);
      for (let event = pending.shift(); event !== undefined; event = pending.shift()) handleEvent(event);
      return decision;
    },
    events,
    log,
    instanceState: (pmName, instanceId) => instances.get(`${pmName}/${instanceId}`),
  };
}
