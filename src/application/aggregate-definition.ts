/**
 * What the command router and dispatcher need to know about one kind of aggregate: its name, how an
 * aggregate id names its stream, its decider, the commands it handles (each with a zod schema that
 * guards the boundary and the field holding the aggregate id), the events it emits (each with its
 * schema and current schema version), and optional preparation, snapshot and cache settings.
 *
 * Every command's data is validated together with the `commandId` and `issuedAt` the dispatcher stamps
 * on it (see command-dispatcher.ts), so command schemas must accept those two fields.
 */
import type { z } from 'zod';
import type { Decider, Message, Rejection } from '../domain/decider.ts';
import type { JsonObject } from '../event-store/event-store.ts';

/** One command type an aggregate handles. */
export interface CommandRegistration<Data> {
  /** Validates the command's data, including the dispatcher's `commandId` and `issuedAt`. */
  readonly schema: z.ZodType<Data>;
  /** The field of the data that holds the id of the aggregate the command is for. */
  readonly identity: Extract<keyof Data, string>;
}

/** One event type an aggregate emits, as it is written today. */
export interface EventRegistration<Data> {
  readonly schema: z.ZodType<Data>;
  /** The schema version new events of this type are written with. */
  readonly schemaVersion: number;
}

/**
 * Snapshots: a copy of the state saved every `everyEvents` events, so loading reads only the events
 * after it. `stateVersion` names the shape of `toSnapshot`'s output: change it whenever that shape or
 * the meaning of the state changes, and snapshots written with another version are ignored.
 */
export interface SnapshotSettings<State> {
  readonly everyEvents: number;
  readonly stateVersion: number;
  toSnapshot(state: State): JsonObject;
  fromSnapshot(snapshot: JsonObject): State;
}

/**
 * How long a hydrated aggregate stays in the dispatcher's in-memory cache. Both limits are optional;
 * the cache's own size bound (least recently used first) always applies.
 */
export interface CacheLifespan {
  /** Evicted when unused for this long. 0 disables caching for the aggregate. */
  readonly timeToLiveMs?: number;
  /** Evicted once this many events were applied to it since it was loaded from the store. */
  readonly maxEvents?: number;
}

type CommandRegistrations<Input extends Message> = {
  readonly [Type in Input['type']]: CommandRegistration<Extract<Input, { type: Type }>['data']>;
};

type EventRegistrations<Event extends Message> = {
  readonly [Type in Event['type']]: EventRegistration<Extract<Event, { type: Type }>['data']>;
};

interface AggregateDefinitionBase<Command extends Message, Event extends Message, State, Rej extends Rejection, Input extends Message> {
  /** A short name for logs and errors, e.g. `account`. */
  readonly name: string;
  /** The stream of one aggregate, e.g. `account-<id>`. */
  streamIdOf(aggregateId: string): string;
  readonly decider: Decider<Command, Event, State, Rej>;
  readonly commands: CommandRegistrations<Input>;
  readonly events: EventRegistrations<Event>;
  readonly snapshot?: SnapshotSettings<State>;
  readonly cacheLifespan?: CacheLifespan;
}

/**
 * Asynchronous work between loading and deciding, so `decide` stays pure and synchronous: hashing a
 * PIN, or checking a typed PIN against the state's hash. It runs again on every retry, with the
 * freshly loaded state. It may turn a dispatched command (`Input`) into the decider's command; when
 * the two types differ, `prepare` is required.
 */
type Preparation<Command, State, Input> = [Input] extends [Command]
  ? { prepare?(command: Input, state: State): Promise<Command> }
  : { prepare(command: Input, state: State): Promise<Command> };

export type AggregateDefinition<
  Command extends Message,
  Event extends Message,
  State,
  Rej extends Rejection,
  Input extends Message = Command,
> = AggregateDefinitionBase<Command, Event, State, Rej, Input> & Preparation<Command, State, Input>;

/**
 * An aggregate definition with its types erased, as the router keeps it. The dispatcher validates
 * each command with the registered schema before it reaches `prepare` or the decider, which is what
 * makes the erasure safe.
 */
export interface RoutedAggregate {
  readonly name: string;
  streamIdOf(aggregateId: string): string;
  readonly decider: Decider<Message, Message, unknown, Rejection>;
  readonly commands: Readonly<Record<string, { readonly schema: z.ZodType; readonly identity: string }>>;
  readonly events: Readonly<Record<string, EventRegistration<unknown>>>;
  prepare?(command: Message, state: unknown): Promise<Message>;
  readonly snapshot?: SnapshotSettings<unknown>;
  readonly cacheLifespan?: CacheLifespan;
}
