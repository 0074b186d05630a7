/**
 * A bounded in-memory cache of hydrated aggregates, keyed by stream id, so a busy aggregate is not
 * rebuilt from its events for every command. It never has to be told about other writers: whoever
 * takes an aggregate from it reads the stream from the cached version + 1 before deciding (see
 * aggregate-loader.ts), so a cached aggregate is always brought up to date, even when another process
 * appended in between.
 *
 * Bounds: at most `maxEntries` aggregates (the least recently used goes first), and each aggregate's
 * CacheLifespan: evicted after `timeToLiveMs` without use, or once `maxEvents` events were applied
 * since it was loaded from the store. Entries are immutable and a newer version is never replaced by
 * an older one, so concurrent dispatches can share the cache safely.
 */
import type { GlobalPosition } from '../event-store/event-store.ts';
import type { CacheLifespan } from './aggregate-definition.ts';

/** The stream versions of the events one command appended. */
export interface CommandEvents {
  readonly firstVersion: number;
  readonly lastVersion: number;
}

/** An aggregate's state as of a stream version. */
export interface HydratedAggregate {
  readonly streamId: string;
  readonly state: unknown;
  /** The stream version folded into `state` (0: no events). */
  readonly version: number;
  /** The position of the event at `version` ({@link START} when there is none). */
  readonly position: GlobalPosition;
  /**
   * The most recent commands whose events are folded into `state` (by the `commandId` in each event's
   * metadata), oldest first, at most {@link MAX_TRACKED_COMMANDS}: how a retried command is recognised.
   */
  readonly commands: ReadonlyMap<string, CommandEvents>;
  /** Events applied since the aggregate was loaded from the store or a snapshot. */
  readonly eventsSinceLoad: number;
}

/**
 * Commands remembered per aggregate. A retry of an older command is decided again; only when that
 * decision equals the original does the store's event-id idempotency return the original events.
 */
export const MAX_TRACKED_COMMANDS = 256;

export interface AggregateCacheOptions {
  /** Aggregates kept at most (default 10 000). */
  readonly maxEntries?: number;
  /** Milliseconds since some epoch; `Date.now` by default. */
  readonly now?: () => number;
}

interface CacheEntry {
  readonly aggregate: HydratedAggregate;
  readonly lastUsedAt: number;
}

export class AggregateCache {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: AggregateCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached aggregate, or `undefined` when absent or past its lifespan (it is then evicted). */
  get(streamId: string, lifespan: CacheLifespan = {}): HydratedAggregate | undefined {
    const entry = this.#entries.get(streamId);
    if (!entry) return undefined;
    this.#entries.delete(streamId);
    const now = this.#now();
    if (lifespan.timeToLiveMs !== undefined && now - entry.lastUsedAt >= lifespan.timeToLiveMs) return undefined;
    this.#entries.set(streamId, { aggregate: entry.aggregate, lastUsedAt: now });
    return entry.aggregate;
  }

  /** Caches `aggregate` unless its lifespan says not to, or a newer version is already cached. */
  put(aggregate: HydratedAggregate, lifespan: CacheLifespan = {}): void {
    const { streamId } = aggregate;
    if (lifespan.timeToLiveMs === 0) return;
    if (lifespan.maxEvents !== undefined && aggregate.eventsSinceLoad >= lifespan.maxEvents) {
      this.#entries.delete(streamId);
      return;
    }
    const existing = this.#entries.get(streamId);
    if (existing && existing.aggregate.version > aggregate.version) return;
    this.#entries.delete(streamId);
    this.#entries.set(streamId, { aggregate, lastUsedAt: this.#now() });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  delete(streamId: string): void {
    this.#entries.delete(streamId);
  }
}
