/**
 * Turns the events a decider produced into the envelopes the event store appends: checks each against
 * its registered schema, and adds the schema version, a deterministic event id, the causation and
 * correlation ids, and the metadata. An event that is not registered or does not match its schema is a
 * bug in the decider, so it throws and nothing is appended.
 *
 * Event ids are `deterministicUuid(EVENT_ID_NAMESPACE, "<commandId>/<index>")`: dispatching the same
 * command id again (a client retrying after a timeout, a process manager resuming after a crash)
 * produces the same ids, and the event store answers with the original append instead of writing twice.
 */
import type { Message } from '../domain/decider.ts';
import type { JsonObject, NewEvent } from '../event-store/event-store.ts';
import type { RoutedAggregate } from './aggregate-definition.ts';
import { toValidationIssues } from './command-validation.ts';
import { deterministicUuid } from './deterministic-uuid.ts';
import type { ValidationIssue } from './dispatch-outcome.ts';
import type { CommandPipeline } from './middleware.ts';

/** The namespace of event ids derived from command ids. Never change it: old retries would then write twice. */
export const EVENT_ID_NAMESPACE = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

/** The id of the `index`-th (0-based) event produced by command `commandId`. */
export function eventIdFor(commandId: string, index: number): string {
  return deterministicUuid(EVENT_ID_NAMESPACE, `${commandId}/${index}`);
}

export class UnregisteredEventTypeError extends Error {
  override readonly name = 'UnregisteredEventTypeError';
  readonly eventType: string;

  constructor(aggregateName: string, eventType: string) {
    super(
      `The ${aggregateName} decider produced an event of type "${eventType}", which its aggregate definition ` +
        'does not register. Add the type to the definition\'s `events` with its schema and schema version.',
    );
    this.eventType = eventType;
  }
}

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  readonly eventType: string;
  readonly issues: readonly ValidationIssue[];

  constructor(aggregateName: string, eventType: string, issues: readonly ValidationIssue[]) {
    super(
      `The ${aggregateName} decider produced a "${eventType}" event that does not match its schema ` +
        `(${issues.map((i) => `${i.path || '(event)'}: ${i.message}`).join('; ')}). Nothing was appended; ` +
        'the decider or the schema needs fixing.',
    );
    this.eventType = eventType;
    this.issues = issues;
  }
}

/** Envelopes for the decided `events`, in order. Throws when one is unregistered or malformed. */
export async function buildEventEnvelopes(
  aggregate: RoutedAggregate,
  events: readonly Message[],
  pipeline: CommandPipeline,
): Promise<NewEvent[]> {
  const metadata: JsonObject = { ...pipeline.metadata, commandId: pipeline.commandId, commandType: pipeline.command.type };
  return Promise.all(
    events.map(async (event, index): Promise<NewEvent> => {
      const registration = Object.hasOwn(aggregate.events, event.type) ? aggregate.events[event.type] : undefined;
      if (!registration) throw new UnregisteredEventTypeError(aggregate.name, event.type);
      const checked = await registration.schema.safeParseAsync(event.data);
      if (!checked.success) throw new InvalidEventError(aggregate.name, event.type, toValidationIssues(checked.error.issues));
      return {
        eventId: eventIdFor(pipeline.commandId, index),
        eventType: event.type,
        schemaVersion: registration.schemaVersion,
        data: event.data as JsonObject,
        metadata,
        causationId: pipeline.causationId,
        correlationId: pipeline.correlationId,
      };
    }),
  );
}
