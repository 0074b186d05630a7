/**
 * The stored shape of an event type never changes under the same schema version. Each shape in the
 * catalog (src/domain/event-type-catalog.ts), current or historical, is fingerprinted and compared with
 * the committed test/event-schemas.lock.json, and the upcasters are checked to lead every historical
 * shape to a current one.
 *
 * New type or version: `UPDATE_EVENT_SCHEMA_LOCK=1 npx vitest run test/domain/event-schema-versions.test.ts`
 * adds its entry. That mode only adds: an entry that differs is never rewritten, because a stored shape
 * must not change. (After a zod upgrade that renders JSON Schema differently, every entry differs at
 * once: review that, then delete the lock and regenerate it.)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { accountEventSchemas, type EventTypeSchema, moneyDepositedSchema } from '../../src/domain/account/account-schemas.ts';
import { eventSchemaFingerprint } from '../../src/domain/event-schema-fingerprint.ts';
import { currentEventTypes, eventUpcasters, historicalEventTypes } from '../../src/domain/event-type-catalog.ts';
import { createUpcasterChain, type EventUpcaster, upcastTargetOf } from '../../src/domain/event-upcaster.ts';

const LOCK_PATH = fileURLToPath(new URL('../event-schemas.lock.json', import.meta.url));
const UPDATE_COMMAND = 'UPDATE_EVENT_SCHEMA_LOCK=1 npx vitest run test/domain/event-schema-versions.test.ts';

type SchemaLock = Readonly<Record<string, string>>;
type ProblemKind =
  | 'changed'
  | 'missing-from-lock'
  | 'current-and-historical'
  | 'no-upcaster-into-version'
  | 'upcaster-from-current'
  | 'upcaster-without-historical-schema'
  | 'upcaster-not-ending-in-current'
  | 'historical-without-upcaster';

interface Problem {
  readonly kind: ProblemKind;
  readonly key: string;
  readonly message: string;
}

interface Catalog {
  readonly current: readonly EventTypeSchema[];
  readonly historical: readonly EventTypeSchema[];
  readonly upcasters: readonly EventUpcaster[];
}

const keyOf = (type: string, version: number): string => `${type}@${version}`;

function findEventSchemaProblems({ current, historical, upcasters }: Catalog, lock: SchemaLock): Problem[] {
  const problems: Problem[] = [];
  const add = (kind: ProblemKind, key: string, message: string): void => void problems.push({ kind, key, message });
  const currentKeys = new Set(current.map((e) => keyOf(e.type, e.schemaVersion)));
  const historicalKeys = new Set(historical.map((e) => keyOf(e.type, e.schemaVersion)));
  const chain = createUpcasterChain(upcasters);

  for (const [entries, isCurrent] of [[current, true], [historical, false]] as const) {
    for (const { type, schemaVersion: version, schema } of entries) {
      const key = keyOf(type, version);
      if (isCurrent && historicalKeys.has(key)) {
        add('current-and-historical', key, `${key} is both written today and listed as historical: raise ${type}'s schema version to ${version + 1}.`);
        continue;
      }
      const locked = lock[key];
      if (locked === undefined) {
        add('missing-from-lock', key, `${key} is not in test/event-schemas.lock.json: run ${UPDATE_COMMAND} and commit the lock.`);
      } else if (locked !== eventSchemaFingerprint(schema)) {
        add('changed', key, isCurrent
          ? `The payload schema of ${type} changed without a new schema version: add version ${version + 1} and an upcaster from ${version} (keeping version ${version}'s schema among the historical types).`
          : `The historical schema ${key} changed: it describes events already stored and must stay as it was.`);
      }
    }
  }
  for (const { type, schemaVersion: version } of current) {
    const produced = upcasters.some((u) => keyOf(upcastTargetOf(u).eventType, upcastTargetOf(u).schemaVersion) === keyOf(type, version));
    if (version > 1 && !produced) {
      add('no-upcaster-into-version', keyOf(type, version), `${type} is at schema version ${version}, but no upcaster produces it: add one from version ${version - 1} (or from the historical type it replaces).`);
    }
  }
  for (const upcaster of upcasters) {
    const key = keyOf(upcaster.eventType, upcaster.fromSchemaVersion);
    const end = chain.currentShapeOf(upcaster.eventType, upcaster.fromSchemaVersion);
    if (currentKeys.has(key)) {
      add('upcaster-from-current', key, `An upcaster reads ${key}, the version written today, so new events would be upcast again: raise ${upcaster.eventType}'s schema version to ${upcastTargetOf(upcaster).schemaVersion}.`);
    } else if (!historicalKeys.has(key)) {
      add('upcaster-without-historical-schema', key, `An upcaster reads ${key}, but no historical schema describes it: add it to the historical event types.`);
    }
    if (!currentKeys.has(keyOf(end.eventType, end.schemaVersion))) {
      add('upcaster-not-ending-in-current', key, `The upcasters from ${key} end at ${keyOf(end.eventType, end.schemaVersion)}, which is not a current event type and version.`);
    }
  }
  for (const { type, schemaVersion: version } of historical) {
    if (!chain.hasUpcasterFrom(type, version) && !currentKeys.has(keyOf(type, version))) {
      add('historical-without-upcaster', keyOf(type, version), `${keyOf(type, version)} is historical but no upcaster reads it: stored events would reach consumers in their old shape.`);
    }
  }
  return problems;
}

function readLock(): SchemaLock {
  return existsSync(LOCK_PATH) ? (JSON.parse(readFileSync(LOCK_PATH, 'utf8')) as SchemaLock) : {};
}

/** Adds the missing entries (never changes one) and writes the lock sorted by key. */
function addMissingToLock(catalog: Catalog, lock: SchemaLock, missing: ReadonlySet<string>): void {
  const added = Object.fromEntries(
    [...catalog.current, ...catalog.historical]
      .filter((e) => missing.has(keyOf(e.type, e.schemaVersion)))
      .map((e) => [keyOf(e.type, e.schemaVersion), eventSchemaFingerprint(e.schema)]),
  );
  const merged = { ...added, ...lock };
  const sorted = Object.fromEntries(Object.keys(merged).toSorted().map((key) => [key, merged[key]]));
  writeFileSync(LOCK_PATH, `${JSON.stringify(sorted, null, 2)}\n`);
}

const catalog: Catalog = { current: currentEventTypes, historical: historicalEventTypes, upcasters: eventUpcasters };
const messagesOf = (problems: readonly Problem[], kinds: readonly ProblemKind[]): string[] =>
  problems.filter((p) => kinds.includes(p.kind)).map((p) => p.message);

describe('event schema versions', () => {
  it('has every current and historical type@version in the lock', () => {
    const lock = readLock();
    const missing = findEventSchemaProblems(catalog, lock).filter((p) => p.kind === 'missing-from-lock');
    if (process.env.UPDATE_EVENT_SCHEMA_LOCK === '1' && missing.length > 0) {
      addMissingToLock(catalog, lock, new Set(missing.map((p) => p.key)));
      return;
    }
    expect(missing.map((p) => p.message)).toEqual([]);
  });

  it('never changes the payload schema of a type@version in the lock', () => {
    expect(messagesOf(findEventSchemaProblems(catalog, readLock()), ['changed', 'current-and-historical'])).toEqual([]);
  });

  it('leads every historical shape through upcasters to a current one, and every version above 1 has one', () => {
    const kinds: ProblemKind[] = [
      'no-upcaster-into-version',
      'upcaster-from-current',
      'upcaster-without-historical-schema',
      'upcaster-not-ending-in-current',
      'historical-without-upcaster',
    ];
    expect(messagesOf(findEventSchemaProblems(catalog, readLock()), kinds)).toEqual([]);
  });
});

describe('the event schema check itself', () => {
  const deposited = accountEventSchemas['Accounts.MoneyDeposited'];
  const withChangedDeposit = (schema: z.ZodType, schemaVersion = deposited.schemaVersion): Catalog => ({
    ...catalog,
    current: catalog.current.map((e) => (e.type === deposited.type ? { ...e, schema, schemaVersion } : e)),
  });
  const lockOfCatalog = (): SchemaLock =>
    Object.fromEntries([...catalog.current, ...catalog.historical].map((e) => [keyOf(e.type, e.schemaVersion), eventSchemaFingerprint(e.schema)]));
  /** The problems a change adds, so these tests hold whatever state the real catalog is in. */
  const problemsAddedBy = (changed: Catalog, lock: SchemaLock): [ProblemKind, string][] => {
    const before = new Set(findEventSchemaProblems(catalog, lockOfCatalog()).map((p) => `${p.kind} ${p.key}`));
    return findEventSchemaProblems(changed, lock).filter((p) => !before.has(`${p.kind} ${p.key}`)).map((p) => [p.kind, p.key]);
  };
  const renamedField = moneyDepositedSchema.omit({ depositedAt: true }).extend({ creditedAt: z.iso.datetime() });

  it('fingerprints a changed copy of a schema differently from its lock entry', () => {
    const locked = readLock()[keyOf(deposited.type, deposited.schemaVersion)];
    expect(locked).toBe(eventSchemaFingerprint(deposited.schema));
    for (const changed of [renamedField, moneyDepositedSchema.extend({ note: z.string().optional() }), moneyDepositedSchema.partial()]) {
      expect(eventSchemaFingerprint(changed)).not.toBe(locked);
    }
  });

  it('reports a changed schema under an existing version, and a version raised without an upcaster', () => {
    const key = keyOf(deposited.type, deposited.schemaVersion);
    expect(problemsAddedBy(withChangedDeposit(renamedField), lockOfCatalog())).toEqual([['changed', key]]);
    expect(problemsAddedBy(withChangedDeposit(renamedField, deposited.schemaVersion + 1), lockOfCatalog())).toEqual([
      ['missing-from-lock', keyOf(deposited.type, deposited.schemaVersion + 1)],
      ['no-upcaster-into-version', keyOf(deposited.type, deposited.schemaVersion + 1)],
      // The replaced AccountCredited still ends at the old MoneyDeposited version, now no longer current.
      ['upcaster-not-ending-in-current', 'Accounts.AccountCredited@1'],
    ]);
  });

  it('reports a type@version missing from the lock', () => {
    const { [keyOf(deposited.type, deposited.schemaVersion)]: _removed, ...lock } = lockOfCatalog();
    expect(problemsAddedBy(catalog, lock)).toEqual([
      ['missing-from-lock', keyOf(deposited.type, deposited.schemaVersion)],
    ]);
  });

  it('keeps the fingerprint when only field order or descriptions change', () => {
    const shape = moneyDepositedSchema.shape;
    const reordered = z.strictObject({
      depositedAt: shape.depositedAt,
      newBalance: shape.newBalance,
      oldBalance: shape.oldBalance,
      amount: shape.amount,
      accountId: shape.accountId.describe('the account'),
      atmId: shape.atmId,
      depositId: shape.depositId,
    });
    expect(eventSchemaFingerprint(reordered)).toBe(eventSchemaFingerprint(deposited.schema));
  });
});
