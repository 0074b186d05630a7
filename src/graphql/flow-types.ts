/**
 * `flow(correlationId)`: the commands and events of one business flow as a tree (built by
 * application/flow-tree.ts from causation ids), listed depth-first with each node's parent and depth,
 * so a client can draw it without asking for a fixed nesting depth.
 */
import type { FlowNode, FlowTree } from '../application/flow-tree.ts';
import type { RecordedEvent } from '../event-store/event-store.ts';
import { builder } from './builder.ts';
import { DomainEventRef } from './domain-event-types.ts';

const FlowNodeKindEnum = builder.enumType('FlowNodeKind', {
  values: {
    COMMAND: { description: 'A command, known from the events it produced (or named by them as their cause).' },
    EVENT: { description: 'A recorded event.' },
  } as const,
});

const FlowNodeRef = builder.objectRef<FlowNode<RecordedEvent>>('FlowNode').implement({
  description: 'A command or an event of a flow.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The command id or the event id.' }),
    kind: t.field({ type: FlowNodeKindEnum, resolve: (node) => node.kind }),
    type: t.exposeString('type', { description: 'The command type or the event type.' }),
    parentId: t.exposeID('parentId', { nullable: true, description: 'The node that caused this one; null for a root.' }),
    depth: t.exposeInt('depth', { description: '0 for a root.' }),
    issuedBy: t.exposeString('issuedBy', { nullable: true, description: 'The process manager that issued this command, if one did.' }),
    event: t.field({ type: DomainEventRef, nullable: true, description: 'The event, for an EVENT node.', resolve: (node) => node.event }),
  }),
});

const FlowRef = builder.objectRef<FlowTree<RecordedEvent>>('Flow').implement({
  description: 'One business flow: what started it and everything that followed, command → event → command → event.',
  fields: (t) => ({
    correlationId: t.exposeID('correlationId'),
    rootIds: t.exposeIDList('rootIds'),
    nodes: t.field({ type: [FlowNodeRef], description: 'Depth-first: each node right after its parent, siblings in position order.', resolve: (flow) => flow.nodes }),
  }),
});

builder.queryField('flow', (t) =>
  t.field({
    type: FlowRef,
    nullable: true,
    description: 'The tree of one business flow (e.g. an ATM withdrawal: its id is the correlation id); null when no event carries that id. Operators only.',
    authScopes: { operator: true },
    args: { correlationId: t.arg.id({ required: true }) },
    resolve: (_root, { correlationId }, { eventLog }) => eventLog.flow(String(correlationId)),
  }),
);
