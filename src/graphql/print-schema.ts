/**
 * `npm run schema`: writes the sorted SDL to schema/schema.graphql (test/graphql/schema-file.test.ts
 * fails while the committed file differs from what the code builds).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSortedSchema } from './schema.ts';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
mkdirSync(fileURLToPath(new URL('../../schema/', import.meta.url)), { recursive: true });
writeFileSync(target, printSortedSchema());
process.stdout.write(`Wrote ${target}\n`);
