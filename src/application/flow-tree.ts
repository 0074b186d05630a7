/**
 * The tree of one business flow (one correlation id): which command produced which events, and which
 * event made a process manager issue which command. Pure: it takes the flow's recorded events and
 * nothing else, because commands are not stored; they are known from their events' metadata.
 *
 * How the ids link up (see command-dispatcher.ts and process-manager-event-handler.ts):
 * - every event carries `metadata.commandId` and `metadata.commandType`: the command that produced it,
 *   which becomes the event's parent;
 * - an event's `causationId` is what caused that command: the command itself (a command that started
 *   the flow: a root), an event of the flow (a process manager reacting to it: that event is the
 *   command's parent), or a command that produced no events of its own, such as the ATM service's
 *   initiating `Tellers.InitiateWithdrawal`, named by `metadata.causationCommandType`: it becomes a
 *   root command node of its own.
 *
 * Commands that were refused (or accepted without events) left no trace and do not appear. Children
 * are ordered by position; the result lists the nodes depth-first, each after its parent.
 */

export type FlowNodeKind = 'COMMAND' | 'EVENT';

/** What the tree needs of a recorded event. */
export interface FlowEventInput {
  readonly eventId: string;
  readonly eventType: string;
  readonly position: number;
  readonly causationId: string | null;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface FlowNode<Event extends FlowEventInput = FlowEventInput> {
  /** The command id or the event id. */
  readonly id: string;
  readonly kind: FlowNodeKind;
  /** The command type or the event type. */
  readonly type: string;
  readonly parentId: string | null;
  /** 0 for a root. */
  readonly depth: number;
  /** For a command issued by a process manager: its name (`atm-withdrawal`); else `null`. */
  readonly issuedBy: string | null;
  /** The event, for an event node. */
  readonly event: Event | null;
}

export interface FlowTree<Event extends FlowEventInput = FlowEventInput> {
  readonly correlationId: string;
  /** Depth-first: each node right after its parent, siblings in position order. */
  readonly nodes: readonly FlowNode<Event>[];
  readonly rootIds: readonly string[];
}

/** A command or event type the metadata did not name. */
export const UNKNOWN_COMMAND_TYPE = 'UnknownCommand';

interface DraftNode<Event> {
  readonly id: string;
  readonly kind: FlowNodeKind;
  type: string;
  parentId: string | null;
  issuedBy: string | null;
  readonly event: Event | null;
  /** The smallest position in its subtree: the sort key among siblings. */
  order: number;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function buildFlowTree<Event extends FlowEventInput>(correlationId: string, events: readonly Event[]): FlowTree<Event> {
  const sorted = [...events].sort((a, b) => a.position - b.position);
  const eventIds = new Set(sorted.map((e) => e.eventId));
  const drafts = new Map<string, DraftNode<Event>>();

  const commandNode = (id: string, type: string | null, order: number): DraftNode<Event> => {
    let node = drafts.get(id);
    if (!node) {
      node = { id, kind: 'COMMAND', type: type ?? UNKNOWN_COMMAND_TYPE, parentId: null, issuedBy: null, event: null, order };
      drafts.set(id, node);
    } else if (node.type === UNKNOWN_COMMAND_TYPE && type) {
      node.type = type;
    }
    return node;
  };

  /** The node `causationId` points at: an event of the flow, or a command (created when unseen). */
  const causeOf = (event: Event, selfId: string | null): string | null => {
    const cause = event.causationId;
    if (cause === null || cause === selfId) return null;
    if (!eventIds.has(cause)) commandNode(cause, text(event.metadata.causationCommandType), event.position);
    return cause;
  };

  for (const event of sorted) {
    const commandId = text(event.metadata.commandId);
    let parentId: string | null;
    if (commandId && !eventIds.has(commandId)) {
      const isNew = !drafts.has(commandId);
      const command = commandNode(commandId, text(event.metadata.commandType), event.position);
      if (isNew || command.parentId === null) command.parentId = causeOf(event, commandId);
      command.issuedBy ??= text(event.metadata.processManager);
      parentId = commandId;
    } else {
      parentId = causeOf(event, event.eventId);
    }
    drafts.set(event.eventId, { id: event.eventId, kind: 'EVENT', type: event.eventType, parentId, issuedBy: null, event, order: event.position });
  }
  return layOut(correlationId, drafts);
}

function layOut<Event extends FlowEventInput>(correlationId: string, drafts: ReadonlyMap<string, DraftNode<Event>>): FlowTree<Event> {
  const children = new Map<string | null, DraftNode<Event>[]>();
  for (const node of drafts.values()) {
    const parentId = node.parentId !== null && drafts.has(node.parentId) ? node.parentId : null;
    node.parentId = parentId;
    children.set(parentId, [...(children.get(parentId) ?? []), node]);
  }
  const subtreeOrder = (node: DraftNode<Event>, seen: Set<string>): number => {
    if (seen.has(node.id)) return node.order;
    seen.add(node.id);
    for (const child of children.get(node.id) ?? []) node.order = Math.min(node.order, subtreeOrder(child, seen));
    return node.order;
  };
  const roots = children.get(null) ?? [];
  const seen = new Set<string>();
  for (const root of roots) subtreeOrder(root, seen);

  const nodes: FlowNode<Event>[] = [];
  const visited = new Set<string>();
  const visit = (node: DraftNode<Event>, depth: number, parentId: string | null): void => {
    if (visited.has(node.id)) return;
    visited.add(node.id);
    nodes.push({ id: node.id, kind: node.kind, type: node.type, parentId, depth, issuedBy: node.issuedBy, event: node.event });
    for (const child of byOrder(children.get(node.id) ?? [])) visit(child, depth + 1, node.id);
  };
  const rootIds: string[] = [];
  for (const root of byOrder(roots)) {
    rootIds.push(root.id);
    visit(root, 0, null);
  }
  // Nodes caught in a causation cycle (corrupt ids) are reachable from no root: list them as roots.
  for (const node of byOrder([...drafts.values()].filter((n) => !visited.has(n.id)))) {
    if (visited.has(node.id)) continue;
    rootIds.push(node.id);
    visit(node, 0, null);
  }
  return { correlationId, nodes, rootIds };
}

function byOrder<Node extends { readonly order: number; readonly kind: FlowNodeKind }>(nodes: readonly Node[]): Node[] {
  return [...nodes].sort((a, b) => a.order - b.order || (a.kind === b.kind ? 0 : a.kind === 'COMMAND' ? -1 : 1));
}
