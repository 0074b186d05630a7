/**
 * The command router, after Commanded's: it maps each command type to the one aggregate that handles
 * it and to the field of the command that identifies the aggregate instance. A command type is
 * registered once; a second registration, or a second aggregate with the same name, is refused when
 * the router is built. Routing a command type nobody registered is a bug in the caller and throws.
 */
import type { Message, Rejection } from '../domain/decider.ts';
import type { AggregateDefinition, RoutedAggregate } from './aggregate-definition.ts';

/** Where a command goes: the aggregate that handles it, its schema and the field holding the aggregate id. */
export interface CommandRoute {
  readonly commandType: string;
  readonly aggregate: RoutedAggregate;
  readonly schema: RoutedAggregate['commands'][string]['schema'];
  readonly identity: string;
}

export interface CommandRouter {
  /**
   * Registers every command type of `definition`. Returns the router, so registrations chain.
   * @throws {DuplicateRegistrationError} when a command type or the aggregate name is already taken.
   */
  register<Command extends Message, Event extends Message, State, Rej extends Rejection, Input extends Message>(
    definition: AggregateDefinition<Command, Event, State, Rej, Input>,
  ): CommandRouter;
  /** @throws {UnknownCommandTypeError} when no aggregate handles `commandType`. */
  route(commandType: string): CommandRoute;
  /** The registered command types, in registration order. */
  commandTypes(): readonly string[];
}

export class DuplicateRegistrationError extends Error {
  override readonly name = 'DuplicateRegistrationError';
  readonly registration: string;

  constructor(registration: string, message: string) {
    super(message);
    this.registration = registration;
  }
}

export class UnknownCommandTypeError extends Error {
  override readonly name = 'UnknownCommandTypeError';
  readonly commandType: string;

  constructor(commandType: string, known: readonly string[]) {
    super(
      `No aggregate handles commands of type "${commandType}". Register the aggregate that decides it with ` +
        `the command router; the known command types are: ${known.join(', ') || '(none)'}.`,
    );
    this.commandType = commandType;
  }
}

export function createCommandRouter(): CommandRouter {
  const routes = new Map<string, CommandRoute>();
  const aggregateNames = new Set<string>();

  const router: CommandRouter = {
    register(definition) {
      // The one place types are erased: see RoutedAggregate for why that is safe.
      const aggregate = definition as unknown as RoutedAggregate;
      if (aggregateNames.has(aggregate.name)) {
        throw new DuplicateRegistrationError(
          aggregate.name,
          `An aggregate named "${aggregate.name}" is already registered with the command router; each name is registered once.`,
        );
      }
      for (const commandType of Object.keys(aggregate.commands)) {
        const existing = routes.get(commandType);
        if (existing) {
          throw new DuplicateRegistrationError(
            commandType,
            `Command type "${commandType}" of aggregate "${aggregate.name}" is already routed to aggregate ` +
              `"${existing.aggregate.name}"; a command type is handled by exactly one aggregate.`,
          );
        }
      }
      aggregateNames.add(aggregate.name);
      for (const [commandType, registration] of Object.entries(aggregate.commands)) {
        routes.set(commandType, { commandType, aggregate, schema: registration.schema, identity: registration.identity });
      }
      return router;
    },

    route(commandType) {
      const route = routes.get(commandType);
      if (!route) throw new UnknownCommandTypeError(commandType, [...routes.keys()]);
      return route;
    },

    commandTypes: () => [...routes.keys()],
  };
  return router;
}
