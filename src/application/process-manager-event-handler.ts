/**
 * One event through one process manager, as process-manager.ts prescribes: route it, load the
 * instance, evolve, dispatch what `react` returns (and what `onRejected` returns for each refusal),
 * then save or remove the instance together with the checkpoint in one transaction. The runner
 * (process-manager-runner.ts) feeds it events in order and retries it when it throws.
 *
 * Ids of the dispatched commands are derived from the event, so processing the same event again
 * dispatches the same command ids: `deterministicUuid(eventId, '<name>:<i>')` for the i-th command of
 * `react`, and `deterministicUuid(eventId, '<name>:<i>:rejected:<j>')` for the j-th compensation of
 * its refusal. Every command carries the event's id as causation id, the event's correlation id (or
 * its id) as correlation id, and `{ processManager: <name> }` as metadata.
 */
import { UnknownCommandTypeError } from './command-router.ts';
import type { CommandDispatcher } from './command-dispatcher.ts';
import { InvalidDispatchOptionsError } from './command-validation.ts';
import { deterministicUuid } from './deterministic-uuid.ts';
import type { Logger } from './logger.ts';
import type { ProcessManagerInstanceStore } from './process-manager-instance-store.ts';
import { ProcessManagerCommandConflictError, ProcessManagerCommandInvalidError } from './process-manager-runner-errors.ts';
import type { Message, Rejection } from '../domain/decider.ts';
import type { ProcessManager, ProcessRoute, UnstampedCommand } from '../domain/process-manager.ts';
import type { JsonValue, RecordedEvent } from '../event-store/event-store.ts';

export interface ProcessManagerEventHandlerOptions<Event extends Message, State, Command extends Message, Tx> {
  readonly processManager: ProcessManager<Event, State, Command>;
  readonly instanceStore: ProcessManagerInstanceStore<Tx>;
  readonly dispatcher: Pick<CommandDispatcher, 'dispatch'>;
  readonly logger: Logger;
}

/** `skipped`: not routed to this process manager; `processed`: commands dispatched and instance saved. */
export type EventHandling = 'skipped' | 'processed';

export interface ProcessManagerEventHandler {
  /**
   * Processes one event. Throws when the event must be tried again (an infrastructure failure, a
   * write conflict that outlasted the dispatcher's retries) or when it cannot succeed at all (see
   * {@link isProcessManagerBug}); nothing is saved then, but commands may already be dispatched.
   */
  handle(event: RecordedEvent): Promise<EventHandling>;
}

/** Errors no retry can cure: the runner halts on them instead of retrying. */
export function isProcessManagerBug(error: unknown): boolean {
  return (
    error instanceof ProcessManagerCommandInvalidError ||
    error instanceof UnknownCommandTypeError ||
    error instanceof InvalidDispatchOptionsError
  );
}

export function createProcessManagerEventHandler<Event extends Message, State, Command extends Message, Tx>(
  options: ProcessManagerEventHandlerOptions<Event, State, Command, Tx>,
): ProcessManagerEventHandler {
  const { processManager: pm, instanceStore, dispatcher, logger } = options;
  const { name } = pm;
  // Refusals are not stored anywhere, so a command dispatched again is decided again, maybe
  // differently. While this process retries one event it reuses the refusals it already saw.
  let refusals = { eventId: '', byCommandId: new Map<string, Rejection>() };

  const routeOf = (eventType: string): ProcessRoute | undefined =>
    Object.hasOwn(pm.routes, eventType) ? pm.routes[eventType as Event['type']] : undefined;

  /** Dispatches one command; resolves with its refusal, or `undefined` when it was accepted. */
  const dispatchOne = async (event: RecordedEvent, command: UnstampedCommand<Command>, commandId: string): Promise<Rejection | undefined> => {
    const known = refusals.byCommandId.get(commandId);
    if (known) return known;
    const outcome = await dispatcher.dispatch(command, {
      commandId,
      causationId: event.eventId,
      correlationId: event.correlationId ?? event.eventId,
      metadata: { processManager: name },
      consistency: 'eventual',
    });
    switch (outcome.kind) {
      case 'accepted':
        return undefined;
      case 'rejected':
        refusals.byCommandId.set(commandId, outcome.rejection);
        return outcome.rejection;
      case 'invalid': {
        const fields = { processManager: name, eventId: event.eventId, eventType: event.eventType, position: event.position };
        const issues = outcome.issues.map(({ path, message }) => ({ path, message }));
        logger.error('A process manager emitted a command that is not valid; it stops at this event.', {
          ...fields,
          commandType: command.type,
          commandId,
          issues,
        });
        throw new ProcessManagerCommandInvalidError(name, command.type, commandId, outcome.issues);
      }
      case 'conflict':
        throw new ProcessManagerCommandConflictError(command.type, outcome.streamId, outcome.attempts);
    }
  };

  const logRefusal = (event: RecordedEvent, command: UnstampedCommand<Command>, commandId: string, rejection: Rejection, compensations: number): void => {
    logger.warn('A command of a process manager was refused.', {
      processManager: name,
      eventId: event.eventId,
      commandType: command.type,
      commandId,
      rejection: rejection.code,
      compensations,
    });
  };

  const dispatchAll = async (event: RecordedEvent, state: State, commands: readonly UnstampedCommand<Command>[]): Promise<void> => {
    for (const [i, command] of commands.entries()) {
      const commandId = deterministicUuid(event.eventId, `${name}:${i}`);
      const rejection = await dispatchOne(event, command, commandId);
      if (!rejection) continue;
      const compensations = pm.onRejected?.(state, command, rejection) ?? [];
      logRefusal(event, command, commandId, rejection, compensations.length);
      for (const [j, compensation] of compensations.entries()) {
        const compensationId = deterministicUuid(event.eventId, `${name}:${i}:rejected:${j}`);
        const refused = await dispatchOne(event, compensation, compensationId);
        if (refused) logRefusal(event, compensation, compensationId, refused, 0);
      }
    }
  };

  return {
    async handle(recorded) {
      const route = routeOf(recorded.eventType);
      if (route === undefined) return 'skipped';
      // Stored events were validated against their schema when appended (and upcast when read).
      const event = { type: recorded.eventType, data: recorded.data } as unknown as Event;
      const instanceId = pm.instanceId(event);
      if (instanceId === null) return 'skipped';
      if (refusals.eventId !== recorded.eventId) refusals = { eventId: recorded.eventId, byCommandId: new Map() };

      const stored = await instanceStore.load(name, instanceId);
      const state = pm.evolve(stored === undefined ? pm.initialState : (stored as State), event);
      await dispatchAll(recorded, state, pm.react(state, event));

      await instanceStore.transaction(async (tx) => {
        // Another runner of this process manager committed this event already: its save stands.
        if ((await instanceStore.readCheckpointForUpdate(tx, name)) >= recorded.position) return;
        if (route === 'stop') await instanceStore.remove(tx, name, instanceId);
        else await instanceStore.save(tx, name, instanceId, state as JsonValue);
        await instanceStore.writeCheckpoint(tx, name, recorded.position);
      });
      return 'processed';
    },
  };
}
