/**
 * The event log in the schema: the `DomainEvent` interface (every field of the stored row plus stream,
 * version and position), one object type per current event type with its payload as typed fields,
 * and the `events` query.
 *
 * The payload types are generated from the zod schemas of event-type-catalog.ts, so a new event type
 * or field appears here by itself: `Accounts.MoneyDeposited` becomes `AccountsMoneyDeposited`, a
 * nested object (`purpose`) its own type, strings ending in `Id` are IDs, ISO timestamps DateTimes,
 * enums Strings (listing their values), and a custom zod check must be a cents check (it becomes
 * Money): anything else fails at start-up, naming the field. Secret fields (`pinHash`) are left out
 * here and stripped from `data` by the event log service. Events of a type not in the catalog (none
 * are written today) show as `UnknownEvent`.
 */
import type { FieldMap } from '@pothos/core';
import { z } from 'zod';
import { SECRET_EVENT_FIELDS } from '../application/event-log.ts';
import { currentEventTypes } from '../domain/event-type-catalog.ts';
import type { RecordedEvent } from '../event-store/event-store.ts';
import { builder, type GraphQLSchemaTypes } from './builder.ts';
import { badUserInput, pageOrBadInput, positionOrBadInput } from './page-types.ts';

type Source = Readonly<Record<string, unknown>>;
type FieldBuilder<Parent> = PothosSchemaTypes.ObjectFieldBuilder<GraphQLSchemaTypes, Parent>;
type PayloadObjectRef = PothosSchemaTypes.ObjectRef<GraphQLSchemaTypes, Source>;

const EVENT_FIELDS = ['eventId', 'eventType', 'schemaVersion', 'streamId', 'version', 'position', 'causationId', 'correlationId', 'data', 'metadata', 'createdAt'];

/** `Accounts.MoneyDeposited` → `AccountsMoneyDeposited`. */
export function eventTypeName(eventType: string): string {
  return eventType.split(/[^A-Za-z0-9]+/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

export const DomainEventRef = builder.interfaceRef<RecordedEvent>('DomainEvent').implement({
  description: 'A recorded event: the stored row (upcast to the current shape of its type) plus its stream, version and position.',
  resolveType: (event) => (KNOWN_TYPES.has(event.eventType) ? eventTypeName(event.eventType) : 'UnknownEvent'),
  fields: (t) => ({
    eventId: t.exposeID('eventId'),
    eventType: t.exposeString('eventType', { description: 'The stored type string, e.g. `Accounts.MoneyDeposited`.' }),
    schemaVersion: t.exposeInt('schemaVersion', { description: 'The version of the type\'s shape the data follows (after upcasting: the current one).' }),
    streamId: t.exposeString('streamId'),
    version: t.int({ description: 'The event\'s 1-based version in its stream.', resolve: (event) => event.streamVersion }),
    position: t.string({ description: 'The global position (a decimal string: positions may pass 2^31).', resolve: (event) => String(event.position) }),
    causationId: t.exposeID('causationId', { nullable: true, description: 'The command or event that caused it.' }),
    correlationId: t.exposeID('correlationId', { nullable: true, description: 'The business flow it belongs to (see `flow`).' }),
    data: t.field({ type: 'JSON', description: 'The payload as stored (upcast), without secrets.', resolve: (event) => event.data }),
    metadata: t.field({ type: 'JSON', description: 'commandId, commandType and other context.', resolve: (event) => event.metadata }),
    createdAt: t.field({ type: 'DateTime', description: 'When the store recorded it.', resolve: (event) => event.createdAt }),
  }),
});

const KNOWN_TYPES = new Set(currentEventTypes.map((type) => type.type));

/** A zod custom check that behaves as the cents checks do: whole, non-negative, safe numbers only. */
function isCentsCheck(schema: z.ZodType): boolean {
  const accepts = (value: unknown) => schema.safeParse(value).success;
  return accepts(1) && !accepts(1.5) && !accepts(-1) && !accepts('1') && !accepts(Number.MAX_SAFE_INTEGER + 2);
}

const enumValues = (schema: z.ZodEnum): string => `One of: ${schema.options.join(', ')}.`;

/** One payload field, read from `dataOf(parent)[key]`. */
function payloadField<Parent>(t: FieldBuilder<Parent>, owner: string, key: string, declared: z.ZodType, dataOf: (parent: Parent) => Source): FieldMap[string] {
  const optional = declared instanceof z.ZodOptional;
  const schema = optional ? (declared.unwrap() as z.ZodType) : declared;
  const nullable = optional ? (true as const) : (false as const);
  const value = (parent: Parent): unknown => dataOf(parent)[key] ?? null;
  const where = `${owner}.${key}`;
  if (schema instanceof z.ZodObject) {
    const nested: PayloadObjectRef = payloadObject(`${owner}${key.charAt(0).toUpperCase()}${key.slice(1)}`, schema.shape);
    return t.field({ type: nested, nullable, resolve: (parent) => value(parent) as Source });
  }
  if (schema instanceof z.ZodISODateTime) {
    return t.field({ type: 'DateTime', nullable, resolve: (parent) => (value(parent) === null ? null : new Date(String(value(parent)))) as Date });
  }
  if (schema instanceof z.ZodEnum) return t.string({ nullable, description: enumValues(schema), resolve: (parent) => value(parent) as string });
  if (schema instanceof z.ZodString) {
    return key.endsWith('Id') ? t.id({ nullable, resolve: (parent) => value(parent) as string }) : t.string({ nullable, resolve: (parent) => value(parent) as string });
  }
  if (schema instanceof z.ZodNumber) {
    return schema.isInt ? t.int({ nullable, resolve: (parent) => value(parent) as number }) : t.float({ nullable, resolve: (parent) => value(parent) as number });
  }
  if (schema instanceof z.ZodBoolean) return t.boolean({ nullable, resolve: (parent) => value(parent) as boolean });
  if (schema instanceof z.ZodCustom && isCentsCheck(schema)) return t.field({ type: 'Money', nullable, resolve: (parent) => value(parent) as number });
  throw new Error(`The event payload field ${where} has a zod type GraphQL cannot show (${schema.def.type}). Teach domain-event-types.ts how to map it.`);
}

function payloadFields<Parent>(t: FieldBuilder<Parent>, owner: string, shape: Readonly<Record<string, z.ZodType>>, dataOf: (parent: Parent) => Source): FieldMap {
  const entries = Object.entries(shape).filter(([key]) => !SECRET_EVENT_FIELDS.includes(key));
  return Object.fromEntries(entries.map(([key, schema]) => [key, payloadField(t, owner, key, schema, dataOf)]));
}

function payloadObject(name: string, shape: Readonly<Record<string, z.ZodType>>): PayloadObjectRef {
  return builder.objectRef<Source>(name).implement({ fields: (t) => payloadFields(t, name, shape, (parent) => parent) });
}

for (const { type, schemaVersion, schema } of currentEventTypes) {
  if (!(schema instanceof z.ZodObject)) throw new Error(`The data schema of ${type} is not an object schema; domain-event-types.ts cannot show it.`);
  const name = eventTypeName(type);
  const clash = Object.keys(schema.shape).find((key) => EVENT_FIELDS.includes(key));
  if (clash) throw new Error(`The payload field ${type}.${clash} has the name of a DomainEvent field; rename it or map it here.`);
  builder.objectRef<RecordedEvent>(name).implement({
    description: `The \`${type}\` event (schema version ${schemaVersion}); its payload fields follow the common ones.`,
    interfaces: [DomainEventRef],
    isTypeOf: (event) => (event as RecordedEvent).eventType === type,
    fields: (t) => payloadFields(t, name, schema.shape as Record<string, z.ZodType>, (event) => event.data),
  });
}

builder.objectRef<RecordedEvent>('UnknownEvent').implement({
  description: 'An event of a type this server does not know; see `eventType` and `data`.',
  interfaces: [DomainEventRef],
  isTypeOf: (event) => !KNOWN_TYPES.has((event as RecordedEvent).eventType),
  fields: () => ({}),
});

interface EventPageShape {
  readonly events: readonly RecordedEvent[];
  readonly hasNextPage: boolean;
  readonly endPosition: number | null;
}

const EventPageRef = builder.objectRef<EventPageShape>('EventPage').implement({
  description: 'A page of the event log, in position order.',
  fields: (t) => ({
    nodes: t.field({ type: [DomainEventRef], resolve: (page) => page.events }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endPosition: t.string({
      nullable: true,
      description: 'The position of the last event: pass it as `afterPosition` for the next page. Null for an empty page.',
      resolve: (page) => (page.endPosition === null ? null : String(page.endPosition)),
    }),
  }),
});

builder.queryField('events', (t) =>
  t.field({
    type: EventPageRef,
    description: 'The recorded events, oldest first, optionally of one stream, of one business flow (correlation id) and of some types. Operators only.',
    authScopes: { operator: true },
    args: {
      streamId: t.arg.string({ required: false, description: 'Only this stream, e.g. `account-<id>`.' }),
      correlationId: t.arg.id({ required: false, description: 'Only this business flow.' }),
      afterPosition: t.arg.string({ required: false, description: 'Only events after this position (a decimal string).' }),
      types: t.arg.stringList({ required: false, description: 'Only these event types, e.g. ["Accounts.MoneyDeposited"].' }),
      first: t.arg.int({ required: false, description: 'How many, from 1 to 500; 50 when omitted.' }),
    },
    resolve: (_root, args, { eventLog }) => {
      if (args.types && args.types.length > 50) throw badUserInput('"types" lists at most 50 event types.');
      return pageOrBadInput(
        eventLog.list({
          streamId: args.streamId ?? undefined,
          correlationId: args.correlationId === null || args.correlationId === undefined ? undefined : String(args.correlationId),
          afterPosition: args.afterPosition === null || args.afterPosition === undefined ? undefined : positionOrBadInput(args.afterPosition, 'afterPosition'),
          types: args.types ?? undefined,
          first: args.first ?? undefined,
        }),
      );
    },
  }),
);
