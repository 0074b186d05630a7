/**
 * A fingerprint of an event's payload schema, so a test can notice that a stored shape changed
 * without a new schema version (test/domain/event-schema-versions.test.ts, against the committed
 * test/event-schemas.lock.json).
 *
 * The schema is rendered with zod's `z.toJSONSchema` and written as canonical JSON: object keys
 * sorted, `required` lists sorted (they are sets), `$schema` and descriptions left out. Reordering
 * fields or editing a description therefore keeps the fingerprint; renaming, adding or removing a
 * field, changing its type, optionality, bounds, pattern, enum or strictness changes it.
 *
 * JSON Schema cannot express zod's `custom` types and refinements (they render as `{}` and as the
 * plain base type). They are recorded by the name of their check function (`isCents`,
 * `isValidAmount`, `isUuid`), so swapping one check for another changes the fingerprint; a change
 * inside a check function does not, so such a change needs a reviewer's eye (or a renamed function).
 */

import { createHash } from 'node:crypto';
import { z } from 'zod';

interface ZodDefView {
  readonly type?: string;
  readonly fn?: unknown;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check?: string; readonly fn?: unknown } } }[];
}

const functionName = (fn: unknown): string => (typeof fn === 'function' && fn.name ? fn.name : 'anonymous');

/** The schema as canonical JSON: the text the fingerprint hashes, readable when one differs. */
export function canonicalEventSchemaJson(schema: z.ZodType): string {
  const jsonSchema = z.toJSONSchema(schema, {
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'ref',
    // An empty registry: descriptions and other metadata are documentation, not shape.
    metadata: z.registry<Record<string, unknown>>(),
    override: ({ zodSchema, jsonSchema: rendered }) => {
      const def = zodSchema._zod.def as ZodDefView;
      const target = rendered as Record<string, unknown>;
      if (def.type === 'custom') target['x-zod-custom'] = functionName(def.fn);
      const refinements = (def.checks ?? []).filter((c) => c._zod.def.check === 'custom').map((c) => functionName(c._zod.def.fn));
      if (refinements.length > 0) target['x-zod-refinements'] = refinements;
    },
  });
  const { $schema: _dialect, ...rest } = jsonSchema as Record<string, unknown>;
  return JSON.stringify(canonical(rest));
}

/** `sha256:` and the hex SHA-256 of {@link canonicalEventSchemaJson}. */
export function eventSchemaFingerprint(schema: z.ZodType): string {
  return `sha256:${createHash('sha256').update(canonicalEventSchemaJson(schema)).digest('hex')}`;
}

function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    return key === 'required' ? items.toSorted() : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v, k)]));
  }
  return value;
}
