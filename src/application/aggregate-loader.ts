/**
 * Loads aggregates for the dispatcher and keeps what it learns: from the cache if present, else from
 * the latest usable snapshot, else from nothing; then, in every case, the stream's events after that
 * version (`readStream(stream, { from: version + 1 })`), read through the EventStore it was given (the
 * application wraps it with upcasting). Reading the tail even on a cache hit is what keeps the cache
 * correct when another process appended.
 *
 * Snapshots are saved in the background and never fail a command (a failed save is logged): after an
 * append crosses a multiple of `everyEvents`, and after a load that had to read `everyEvents` or more
 * events past the usable snapshot (which also replaces snapshots of an older `stateVersion`).
 */
import { evolveAll, type Message } from '../domain/decider.ts';
import { type AppendResult, type EventStore, type RecordedEvent, START } from '../event-store/event-store.ts';
import { type AggregateCache, type CommandEvents, type HydratedAggregate, MAX_TRACKED_COMMANDS } from './aggregate-cache.ts';
import type { RoutedAggregate } from './aggregate-definition.ts';
import { describeError, type Logger } from './logger.ts';
import type { SnapshotStore } from './snapshot-store.ts';

export interface AggregateLoaderOptions {
  readonly eventStore: EventStore;
  readonly cache: AggregateCache;
  readonly snapshotStore?: SnapshotStore;
  readonly logger: Logger;
  readonly clock: () => Date;
}

/** Events read per query while loading, so a long stream is folded a page at a time. */
const READ_PAGE_SIZE = 1_000;

export class AggregateLoader {
  readonly #options: AggregateLoaderOptions;
  readonly #pendingSaves = new Set<Promise<void>>();

  constructor(options: AggregateLoaderOptions) {
    this.#options = options;
  }

  async load(aggregate: RoutedAggregate, streamId: string): Promise<HydratedAggregate> {
    const { cache, eventStore } = this.#options;
    const cached = cache.get(streamId, aggregate.cacheLifespan);
    const base = cached ?? (await this.#loadSnapshot(aggregate, streamId)) ?? emptyAggregate(aggregate, streamId);
    let loaded = base;
    for (;;) {
      const events = await eventStore.readStream(streamId, { from: loaded.version + 1, limit: READ_PAGE_SIZE });
      loaded = applyRecordedEvents(aggregate, loaded, events);
      if (events.length < READ_PAGE_SIZE) break;
    }
    if (!cached) loaded = { ...loaded, eventsSinceLoad: 0 };
    cache.put(loaded, aggregate.cacheLifespan);
    const every = aggregate.snapshot?.everyEvents;
    if (!cached && every !== undefined && loaded.version - base.version >= every) this.#saveSnapshot(aggregate, loaded);
    return loaded;
  }

  /**
   * The aggregate after the command's own `events` were appended with `result`. When the store
   * answered with an earlier append of the same event ids (a replay), the stream did not change and
   * `before` is returned as it is.
   */
  recordAppend(
    aggregate: RoutedAggregate,
    before: HydratedAggregate,
    events: readonly Message[],
    result: AppendResult,
    commandId: string,
  ): HydratedAggregate {
    if (result.streamVersion <= before.version) return before;
    const after: HydratedAggregate = {
      streamId: before.streamId,
      state: evolveAll(aggregate.decider, before.state, events),
      version: result.streamVersion,
      position: result.position,
      commands: trackCommands(before.commands, [[commandId, before.version + 1, result.streamVersion]]),
      eventsSinceLoad: before.eventsSinceLoad + events.length,
    };
    this.#options.cache.put(after, aggregate.cacheLifespan);
    const every = aggregate.snapshot?.everyEvents;
    if (every !== undefined && Math.floor(after.version / every) > Math.floor(before.version / every)) {
      this.#saveSnapshot(aggregate, after);
    }
    return after;
  }

  /** Resolves once every snapshot save started so far has finished (saved or failed and logged). */
  async drain(): Promise<void> {
    while (this.#pendingSaves.size > 0) await Promise.all([...this.#pendingSaves]);
  }

  async #loadSnapshot(aggregate: RoutedAggregate, streamId: string): Promise<HydratedAggregate | undefined> {
    const { snapshotStore, logger } = this.#options;
    const settings = aggregate.snapshot;
    if (!snapshotStore || !settings) return undefined;
    try {
      const snapshot = await snapshotStore.load(streamId);
      if (!snapshot || snapshot.stateVersion !== settings.stateVersion) return undefined;
      const { version, position } = snapshot;
      const state = settings.fromSnapshot(snapshot.state);
      // The snapshot holds state, not history: read back the events just before it, so the commands
      // they record are recognised if they are retried (see the dispatcher's idempotency).
      const recent = await this.#options.eventStore.readStream(streamId, { from: version, direction: 'backwards', limit: MAX_TRACKED_COMMANDS });
      const commands = trackCommands(new Map(), commandRunsOf(recent.toReversed()));
      return { streamId, state, version, position, commands, eventsSinceLoad: 0 };
    } catch (error) {
      logger.warn('snapshot ignored: it could not be loaded, the stream is read from its start', {
        aggregate: aggregate.name,
        streamId,
        error: describeError(error),
      });
      return undefined;
    }
  }

  #saveSnapshot(aggregate: RoutedAggregate, hydrated: HydratedAggregate): void {
    const { snapshotStore, logger, clock } = this.#options;
    const settings = aggregate.snapshot;
    if (!snapshotStore || !settings || hydrated.version === 0) return;
    const { streamId, version, position } = hydrated;
    const save = (async () => {
      const state = settings.toSnapshot(hydrated.state);
      await snapshotStore.save({ streamId, version, position, stateVersion: settings.stateVersion, state, takenAt: clock() });
    })().catch((error: unknown) => {
      logger.warn('snapshot not saved; commands are unaffected', { aggregate: aggregate.name, streamId, version, error: describeError(error) });
    });
    this.#pendingSaves.add(save);
    void save.finally(() => this.#pendingSaves.delete(save));
  }
}

function emptyAggregate(aggregate: RoutedAggregate, streamId: string): HydratedAggregate {
  return { streamId, state: aggregate.decider.initialState, version: 0, position: START, commands: new Map(), eventsSinceLoad: 0 };
}

function applyRecordedEvents(
  aggregate: RoutedAggregate,
  base: HydratedAggregate,
  events: readonly RecordedEvent[],
): HydratedAggregate {
  const last = events.at(-1);
  if (!last) return base;
  const messages = events.map((event): Message => ({ type: event.eventType, data: event.data }));
  const commands = commandRunsOf(events);
  return {
    streamId: base.streamId,
    state: evolveAll(aggregate.decider, base.state, messages),
    version: last.streamVersion,
    position: last.position,
    commands: trackCommands(base.commands, commands),
    eventsSinceLoad: base.eventsSinceLoad + events.length,
  };
}

/** The command that appended each event, from its metadata, as `[commandId, version, version]`. */
function commandRunsOf(events: readonly RecordedEvent[]): [string, number, number][] {
  return events.flatMap((event): [string, number, number][] => {
    const commandId = event.metadata.commandId;
    return typeof commandId === 'string' ? [[commandId, event.streamVersion, event.streamVersion]] : [];
  });
}

/** Adds `[commandId, firstVersion, lastVersion]` entries, merging runs of one command, keeping the newest. */
function trackCommands(
  known: ReadonlyMap<string, CommandEvents>,
  added: readonly (readonly [string, number, number])[],
): ReadonlyMap<string, CommandEvents> {
  if (added.length === 0) return known;
  const commands = new Map(known);
  for (const [commandId, firstVersion, lastVersion] of added) {
    const existing = commands.get(commandId);
    commands.delete(commandId);
    commands.set(commandId, { firstVersion: existing?.firstVersion ?? firstVersion, lastVersion });
    if (commands.size > MAX_TRACKED_COMMANDS) commands.delete(commands.keys().next().value as string);
  }
  return commands;
}
