/**
 * The committed schema/schema.graphql matches what the code builds (run `npm run schema` after a
 * change), and the result unions are safe to query together: fields with one name have one type in
 * every member, so a client can select them in several fragments without aliases.
 */
import { readFileSync } from 'node:fs';
import { isObjectType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSortedSchema, schema } from '../../src/graphql/schema.ts';

describe('schema', () => {
  it('matches schema/schema.graphql (run `npm run schema` to update it)', () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed === printSortedSchema(), 'schema/schema.graphql is stale: run `npm run schema` and commit it').toBe(true);
  });

  it('gives fields of the same name the same type across the members of each result union', () => {
    const conflicts: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isUnionType(type)) continue;
      const seen = new Map<string, string>();
      for (const member of type.getTypes()) {
        if (!isObjectType(member)) continue;
        for (const field of Object.values(member.getFields())) {
          const known = seen.get(field.name);
          if (known !== undefined && known !== String(field.type)) conflicts.push(`${type.name}.${field.name}: ${known} vs ${String(field.type)} (${member.name})`);
          seen.set(field.name, known ?? String(field.type));
        }
      }
    }
    expect(conflicts).toEqual([]);
  });

  it('never exposes a PIN or its hash', () => {
    expect(printSortedSchema()).not.toMatch(/pinHash/i);
    const opened = schema.getType('AccountsAccountOpened');
    expect(isObjectType(opened) && Object.keys(opened.getFields())).toEqual(expect.arrayContaining(['accountId', 'owner', 'openedAt']));
  });
});
