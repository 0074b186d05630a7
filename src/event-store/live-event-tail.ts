/**
 * The newest events of the store, read once and shared by every live subscription of this process.
 *
 * A thousand subscribers following the head would otherwise each query the database after every
 * append. The tail reads new events once per wake-up (a NOTIFY, or a safety poll that covers lost
 * notifications) into a bounded in-memory buffer; subscriptions that have caught up read from the
 * buffer, and only subscriptions that fall behind the buffer read the database themselves.
 *
 * The buffer is complete between two checkpoints: it holds every event after `bufferFrom` up to and
 * including `fetchedUpTo`, in position order.
 */
import type { GlobalPosition, RecordedEvent } from './event-store.ts';

export interface LiveEventTailSource {
  /**
   * Starts the notifications that call {@link LiveEventTail.headMoved}; resolves once they are
   * active, so no append that lands after the tail read the head can go unnoticed.
   */
  startNotifications(): Promise<void>;
  /** Every event after `position`, in position order, at most `limit` of them, unfiltered. */
  readAfter(position: GlobalPosition, limit: number): Promise<RecordedEvent[]>;
  headPosition(): Promise<GlobalPosition>;
}

export interface LiveEventTailOptions {
  /** How many recent events to keep in memory. */
  readonly capacity?: number;
  /** How often to look for new events when no notification came (lost notifications, reconnects). */
  readonly pollIntervalMs?: number;
  /** Called when a read fails; the tail retries on the next wake-up or poll. */
  readonly onError?: (error: unknown) => void;
}

const PAGE_SIZE = 1_000;

export class LiveEventTail {
  readonly #source: LiveEventTailSource;
  readonly #capacity: number;
  readonly #pollIntervalMs: number;
  readonly #onError: (error: unknown) => void;
  #buffer: RecordedEvent[] = [];
  #bufferFrom: GlobalPosition = 0;
  #fetchedUpTo: GlobalPosition = 0;
  #knownHead: GlobalPosition = 0;
  #waiters = new Set<() => void>();
  #fetching: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(source: LiveEventTailSource, options: LiveEventTailOptions = {}) {
    this.#source = source;
    this.#capacity = options.capacity ?? 10_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Starts following the head (once; later calls return the same promise). */
  start(): Promise<void> {
    if (this.#stopped) return Promise.reject(new LiveEventTailStoppedError());
    this.#started ??= this.#source
      .startNotifications()
      .then(() => this.#source.headPosition())
      .then((head) => {
        this.#bufferFrom = this.#fetchedUpTo = this.#knownHead = head;
        this.#pollTimer = setInterval(() => void this.#poll(), this.#pollIntervalMs);
        this.#pollTimer.unref();
      })
      .catch((error: unknown) => {
        // Not cached: the next subscriber (or a runner's retry) tries again.
        this.#started = undefined;
        throw error;
      });
    return this.#started;
  }

  /** True once {@link stop} was called: subscriptions following the tail must end. */
  get isStopped(): boolean {
    return this.#stopped;
  }

  /** Tells the tail the head moved (to `position` when known); it reads what is new. */
  headMoved(position?: GlobalPosition): void {
    if (position !== undefined && Number.isFinite(position)) this.#knownHead = Math.max(this.#knownHead, position);
    else this.#knownHead = Number.MAX_SAFE_INTEGER;
    this.#fetch();
  }

  /**
   * The buffered events after `position` (at most `limit`), `[]` when there is nothing newer yet,
   * or `undefined` when `position` is older than the buffer and the caller must read the store.
   */
  eventsAfter(position: GlobalPosition, limit: number): RecordedEvent[] | undefined {
    if (position >= this.#fetchedUpTo) return [];
    if (position < this.#bufferFrom) return undefined;
    const start = firstIndexAfter(this.#buffer, position);
    return this.#buffer.slice(start, start + limit);
  }

  /** Resolves once the tail holds events after `position`, or when `signal` aborts. */
  waitForEventsAfter(position: GlobalPosition, signal: AbortSignal): Promise<void> {
    if (position < this.#fetchedUpTo || signal.aborted || this.#stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        if (position < this.#fetchedUpTo || signal.aborted || this.#stopped) {
          this.#waiters.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        }
      };
      this.#waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#pollTimer);
    this.#wakeAll();
  }

  async #poll(): Promise<void> {
    try {
      this.headMoved(await this.#source.headPosition());
    } catch (error) {
      this.#onError(error);
    }
  }

  #fetch(): void {
    if (this.#fetching || this.#started === undefined || this.#stopped) return;
    let failed = false;
    this.#fetching = this.#started
      .then(() => this.#fetchUntilHead())
      .catch((error: unknown) => {
        failed = true;
        this.#onError(error);
      })
      .finally(() => {
        this.#fetching = undefined;
        // After a failure, wait for the next notification or poll rather than retrying at once.
        if (!failed && this.#knownHead > this.#fetchedUpTo && this.#knownHead !== Number.MAX_SAFE_INTEGER) this.#fetch();
      });
  }

  async #fetchUntilHead(): Promise<void> {
    while (!this.#stopped && this.#knownHead > this.#fetchedUpTo) {
      const page = await this.#source.readAfter(this.#fetchedUpTo, PAGE_SIZE);
      const last = page.at(-1);
      if (!last) {
        if (this.#knownHead === Number.MAX_SAFE_INTEGER) this.#knownHead = this.#fetchedUpTo;
        return;
      }
      this.#buffer.push(...page);
      this.#fetchedUpTo = last.position;
      this.#trim();
      this.#wakeAll();
    }
  }

  #trim(): void {
    const excess = this.#buffer.length - this.#capacity;
    if (excess <= 0) return;
    const dropped = this.#buffer.splice(0, excess);
    this.#bufferFrom = dropped.at(-1)?.position ?? this.#bufferFrom;
  }

  #wakeAll(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}

function firstIndexAfter(events: readonly RecordedEvent[], position: GlobalPosition): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((events[mid]?.position ?? Infinity) <= position) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class LiveEventTailStoppedError extends Error {
  override readonly name = 'LiveEventTailStoppedError';

  constructor() {
    super('The event store was closed: it takes no new subscriptions.');
  }
}
