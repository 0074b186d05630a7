/**
 * The subscriptions, fed from the event store through the application's event feed (catch up after a
 * position, then live), never from publish calls in resolvers. Served over SSE (`Accept:
 * text/event-stream`) and over graphql-ws on the same path.
 *
 * Resuming: every event carries its `position`. A client that loses its connection subscribes again
 * with `afterPosition` set to the last position it received and gets exactly the events it missed,
 * then live ones. SSE itself carries no event ids, so this is how resuming works here.
 *
 * Arguments are checked before anything starts, so a bad one fails the subscription at once with
 * BAD_USER_INPUT. Each source stream ends its store subscription when the client leaves (see
 * subscription-stream.ts).
 */
import { accountStreamId, parseUuid } from '../domain/ids.ts';
import { WithdrawalRef } from './atm-operation-types.ts';
import { builder } from './builder.ts';
import { DomainEventRef } from './domain-event-types.ts';
import type { GraphQLContext } from './graphql-context.ts';
import { badUserInput, positionOrBadInput } from './page-types.ts';
import { abortableStream } from './subscription-stream.ts';

const MAX_TYPES = 50;
const MAX_STREAM_ID_LENGTH = 200;

builder.subscriptionType({
  description:
    'Live streams, fed from the event log: first what was stored after `afterPosition`, then new events as they are stored. Over SSE (POST with `Accept: text/event-stream`) or graphql-ws on the same URL.',
});

const afterPositionOf = (value: string | null | undefined): number | undefined =>
  value === null || value === undefined ? undefined : positionOrBadInput(value, 'afterPosition');

function uuidOrBadInput(value: string | number, argument: string): string {
  const id = parseUuid(String(value));
  if (id === null) throw badUserInput(`"${argument}" must be a UUID, such as "3f0c9a4e-8a1b-4c2d-9e3f-1a2b3c4d5e6f".`);
  return id;
}

/** Each event is resolved with the subscription's one context: drop what its loaders cached for earlier events. */
const fresh = <T>(value: T, context: GraphQLContext): T => {
  context.loaders.clearAll();
  return value;
};

const AFTER_POSITION_DESCRIPTION =
  'Start after this position (a decimal string): the last `position` you received, to resume without missing anything. When omitted, only events stored from now on.';

builder.subscriptionFields((t) => ({
  events: t.field({
    type: DomainEventRef,
    description: 'Recorded events as they are stored (upcast, without secrets), in position order, optionally of one stream and of some types. Operators only.',
    authScopes: { operator: true },
    args: {
      afterPosition: t.arg.string({ required: false, description: AFTER_POSITION_DESCRIPTION }),
      streamId: t.arg.string({ required: false, description: 'Only this stream, e.g. `account-<id>`.' }),
      types: t.arg.stringList({ required: false, description: 'Only these event types, e.g. ["Accounts.MoneyDeposited"].' }),
    },
    subscribe: (_root, args, { eventFeed, signal }) => {
      if (args.types && args.types.length > MAX_TYPES) throw badUserInput(`"types" lists at most ${MAX_TYPES} event types.`);
      if (args.streamId && args.streamId.length > MAX_STREAM_ID_LENGTH) throw badUserInput(`"streamId" is at most ${MAX_STREAM_ID_LENGTH} characters.`);
      const query = { afterPosition: afterPositionOf(args.afterPosition), streamId: args.streamId ?? undefined, types: args.types ?? undefined };
      return abortableStream(signal, (ended) => eventFeed.events(query, ended));
    },
    resolve: (event, _args, context) => fresh(event, context),
  }),
  accountEvents: t.field({
    type: DomainEventRef,
    description: 'The events of one account\'s stream as they are stored, in order. The account\'s customer or an operator.',
    authScopes: (_root, args) => ({ $any: { operator: true, accountOwner: String(args.accountId) } }),
    args: {
      accountId: t.arg.id({ required: true }),
      afterPosition: t.arg.string({ required: false, description: AFTER_POSITION_DESCRIPTION }),
    },
    subscribe: (_root, args, { eventFeed, signal }) => {
      const query = { afterPosition: afterPositionOf(args.afterPosition), streamId: accountStreamId(uuidOrBadInput(args.accountId, 'accountId')) };
      return abortableStream(signal, (ended) => eventFeed.events(query, ended));
    },
    resolve: (event, _args, context) => fresh(event, context),
  }),
  withdrawal: t.field({
    type: WithdrawalRef,
    description:
      'An ATM withdrawal as it moves on: where it stands now (once it exists), then each change of its status, read from the read model. Completes once it is COMPLETED, DECLINED or REFUNDED.',
    authScopes: (_root, args) => ({ $any: { operator: true, withdrawalOwner: String(args.id) } }),
    args: { id: t.arg.id({ required: true, description: 'The withdrawalId that initiateWithdrawal returned.' }) },
    subscribe: (_root, args, { eventFeed, signal }) => {
      const withdrawalId = uuidOrBadInput(args.id, 'id');
      return abortableStream(signal, (ended) => eventFeed.withdrawal(withdrawalId, ended));
    },
    resolve: (withdrawal, _args, context) => fresh(withdrawal, context),
  }),
}));
