/**
 * Upcasters turn a stored event of an old shape into the current one, so that no decider, projection
 * or subscriber ever sees a historical shape. Stored events are never rewritten: the store keeps what
 * was written, and every read path passes through an {@link UpcasterChain}.
 *
 * An upcaster is registered for one `(eventType, fromSchemaVersion)` and declares what it produces:
 * the same type one version up (a field renamed in place), or another type altogether (a historical
 * type replaced by a new one). The chain applies upcasters repeatedly until none matches, so
 * v1 → v2 → v3 and `AccountCredited@1` → `MoneyDeposited@1` → `MoneyDeposited@2` compose.
 *
 * Upcasters are pure functions of the event: no clock, no I/O. The declarations let the chain refuse,
 * when it is built, duplicates, upcasters that do not raise the version of their type, and loops; and
 * they tell a filtered reader which historical types end up as a type it asked for.
 */

/** A JSON value, as event data is stored (the same shape as the event-store port's `JsonValue`). */
export type EventPayloadValue = string | number | boolean | null | EventPayloadValue[] | { [key: string]: EventPayloadValue };
export type EventPayload = { [key: string]: EventPayloadValue };

/** An event type at one schema version. */
export interface EventShape {
  readonly eventType: string;
  readonly schemaVersion: number;
}

/** What an upcaster sees of a stored event. */
export interface UpcastableEvent extends EventShape {
  readonly data: EventPayload;
  readonly metadata: EventPayload;
  /** When the store recorded the event (ISO-8601 UTC), for a field the old shape did not carry. */
  readonly recordedAt: string;
}

/** What an upcaster returns: the event's type, version and data in the next shape. */
export interface UpcastEvent extends EventShape {
  readonly data: EventPayload;
}

export interface EventUpcaster {
  readonly eventType: string;
  readonly fromSchemaVersion: number;
  /** The type this upcaster produces; defaults to `eventType` (the type is kept). */
  readonly toEventType?: string;
  /** The version this upcaster produces; defaults to `fromSchemaVersion + 1`. */
  readonly toSchemaVersion?: number;
  /** Must return exactly the declared `toEventType` and `toSchemaVersion`. */
  upcast(event: UpcastableEvent): UpcastEvent;
}

export interface UpcasterChain {
  /** The event in its current shape; the same object when no upcaster applies. */
  upcast<E extends UpcastableEvent>(event: E): E;
  /** True when an upcaster is registered for this type and version. */
  hasUpcasterFrom(eventType: string, schemaVersion: number): boolean;
  /** The type and version an event of this type and version ends up as after every upcaster. */
  currentShapeOf(eventType: string, schemaVersion: number): EventShape;
  /**
   * Every historical type with an upcaster whose chain ends in a type accepted by `isWanted`: what a
   * reader filtering on current types must also read from the store (and re-filter after upcasting).
   */
  historicalTypesEndingIn(isWanted: (eventType: string) => boolean): string[];
  readonly upcasters: readonly EventUpcaster[];
}

export type UpcasterRegistrationProblem = 'invalid-version' | 'duplicate' | 'version-not-raised' | 'loop';

/** A set of upcasters that cannot work together; thrown when the chain is built, at start-up. */
export class UpcasterRegistrationError extends Error {
  override readonly name = 'UpcasterRegistrationError';
  readonly problem: UpcasterRegistrationProblem;
  readonly eventType: string;
  readonly fromSchemaVersion: number;

  constructor(problem: UpcasterRegistrationProblem, upcaster: Pick<EventUpcaster, 'eventType' | 'fromSchemaVersion'>, detail: string) {
    super(`Cannot register the upcaster of ${upcaster.eventType} version ${upcaster.fromSchemaVersion}: ${detail}`);
    this.problem = problem;
    this.eventType = upcaster.eventType;
    this.fromSchemaVersion = upcaster.fromSchemaVersion;
  }
}

/** A stored event does not have the shape its historical schema describes, so it cannot be upcast. */
export class UnreadableHistoricalEventError extends Error {
  override readonly name = 'UnreadableHistoricalEventError';
  readonly eventType: string;
  readonly schemaVersion: number;

  constructor(event: EventShape, detail: string) {
    super(
      `Cannot upcast a stored ${event.eventType} event of schema version ${event.schemaVersion}: ${detail} ` +
        'Either the stored event is damaged or the historical schema in its upcaster is wrong.',
    );
    this.eventType = event.eventType;
    this.schemaVersion = event.schemaVersion;
  }
}

/** An upcaster returned another type or version than it declared: a bug in that upcaster. */
export class UpcastResultMismatchError extends Error {
  override readonly name = 'UpcastResultMismatchError';
  readonly eventType: string;
  readonly fromSchemaVersion: number;
  readonly expected: EventShape;
  readonly actual: EventShape;

  constructor(upcaster: EventUpcaster, expected: EventShape, actual: EventShape) {
    super(
      `The upcaster of ${upcaster.eventType} version ${upcaster.fromSchemaVersion} declares that it produces ` +
        `${expected.eventType} version ${expected.schemaVersion}, but it returned ${actual.eventType} version ` +
        `${actual.schemaVersion}. Fix the upcaster or its declaration.`,
    );
    this.eventType = upcaster.eventType;
    this.fromSchemaVersion = upcaster.fromSchemaVersion;
    this.expected = expected;
    this.actual = actual;
  }
}

const keyOf = (eventType: string, schemaVersion: number): string => `${eventType}@${schemaVersion}`;

/** The type and version an upcaster declares that it produces, defaults applied. */
export function upcastTargetOf(upcaster: EventUpcaster): EventShape {
  return {
    eventType: upcaster.toEventType ?? upcaster.eventType,
    schemaVersion: upcaster.toSchemaVersion ?? upcaster.fromSchemaVersion + 1,
  };
}

/**
 * Builds the chain, refusing (with {@link UpcasterRegistrationError}) versions that are not positive
 * integers, two upcasters for one type and version, an upcaster that keeps its type without raising
 * the version, and upcasters that lead back to a shape they started from.
 */
export function createUpcasterChain(upcasters: readonly EventUpcaster[]): UpcasterChain {
  const byShape = new Map<string, EventUpcaster>();
  for (const upcaster of upcasters) {
    const target = upcastTargetOf(upcaster);
    if (![upcaster.fromSchemaVersion, target.schemaVersion].every((v) => Number.isSafeInteger(v) && v >= 1)) {
      throw new UpcasterRegistrationError('invalid-version', upcaster, 'schema versions are whole numbers from 1 up.');
    }
    if (byShape.has(keyOf(upcaster.eventType, upcaster.fromSchemaVersion))) {
      throw new UpcasterRegistrationError('duplicate', upcaster, 'another upcaster is registered for the same type and version.');
    }
    if (target.eventType === upcaster.eventType && target.schemaVersion <= upcaster.fromSchemaVersion) {
      throw new UpcasterRegistrationError(
        'version-not-raised',
        upcaster,
        `it keeps the type and produces version ${target.schemaVersion}; an upcaster must raise the version.`,
      );
    }
    byShape.set(keyOf(upcaster.eventType, upcaster.fromSchemaVersion), upcaster);
  }

  for (const upcaster of upcasters) {
    const seen = new Set<string>([keyOf(upcaster.eventType, upcaster.fromSchemaVersion)]);
    for (let next: EventUpcaster | undefined = upcaster; next; ) {
      const target = upcastTargetOf(next);
      const key = keyOf(target.eventType, target.schemaVersion);
      if (seen.has(key)) {
        throw new UpcasterRegistrationError('loop', upcaster, `following the upcasters from it comes back to ${key}.`);
      }
      seen.add(key);
      next = byShape.get(key);
    }
  }

  const currentShapeOf = (eventType: string, schemaVersion: number): EventShape => {
    let shape: EventShape = { eventType, schemaVersion };
    for (let next = byShape.get(keyOf(eventType, schemaVersion)); next; ) {
      shape = upcastTargetOf(next);
      next = byShape.get(keyOf(shape.eventType, shape.schemaVersion));
    }
    return shape;
  };

  return {
    upcasters: [...upcasters],
    hasUpcasterFrom: (eventType, schemaVersion) => byShape.has(keyOf(eventType, schemaVersion)),
    currentShapeOf,
    historicalTypesEndingIn(isWanted) {
      const types = upcasters
        .filter((u) => isWanted(currentShapeOf(u.eventType, u.fromSchemaVersion).eventType))
        .map((u) => u.eventType);
      return [...new Set(types)];
    },
    upcast<E extends UpcastableEvent>(event: E): E {
      let current = event;
      for (let upcaster = byShape.get(keyOf(event.eventType, event.schemaVersion)); upcaster; ) {
        const expected = upcastTargetOf(upcaster);
        const next = upcaster.upcast(current);
        if (next.eventType !== expected.eventType || next.schemaVersion !== expected.schemaVersion) {
          throw new UpcastResultMismatchError(upcaster, expected, { eventType: next.eventType, schemaVersion: next.schemaVersion });
        }
        current = { ...current, eventType: next.eventType, schemaVersion: next.schemaVersion, data: next.data };
        upcaster = byShape.get(keyOf(current.eventType, current.schemaVersion));
      }
      return current;
    },
  };
}
