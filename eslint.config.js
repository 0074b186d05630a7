/**
 * Lint setup: ESLint's and typescript-eslint's recommended rules (syntax only, no type information,
 * so it stays fast), no `any`, no console output from src/, and the layering of DESIGN.md:
 * dependencies point down only, enforced per folder with `no-restricted-imports`.
 *
 * Imports between our files are relative, so a pattern must recognise a target folder however many
 * `../` lead to it. Files in src/domain are checked by depth: a file N folders below src/domain may
 * not climb N+1 levels, which keeps it inside src/domain whatever the target is called. The other
 * folders forbid named targets (`…/graphql/…`), whatever the number of `../` before the name.
 * test/lint/layering-rules.test.ts proves each rule fires.
 */
import { defineConfig, globalIgnores } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

/**
 * `eslint:recommended` is the set of core rules marked recommended; it is published as `@eslint/js`,
 * which this project does not install, so it is derived from the same marks here.
 */
const eslintRecommendedRules = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended === true).map(([name]) => [name, 'error']),
);

const DATABASE_PACKAGES = {
  regex: '^(kysely|pg|@electric-sql/pglite|@kurrent/[^/]+)(/|$)',
  message: 'Only the adapters, src/database and src/read-models talk to a database (DESIGN.md, layering).',
};

/** A relative import that reaches `src/<folder>`, whatever number of `../` lead there. */
function srcFolder(folder, message) {
  return { regex: `^\\.\\.?/(\\.\\./)*${folder}(/|$)`, message };
}

/** A concrete event-store adapter, also when reached from inside src/event-store (`./postgres/…`). */
const CONCRETE_ADAPTERS = {
  regex: '^\\.\\.?/(\\.\\./)*(event-store/)?(postgres|eventstoredb)(/|$)',
  message:
    'Only src/app.ts (the composition root), src/cli, test and bench pick a concrete event-store adapter: depend on the port src/event-store/event-store.ts.',
};

/** Which imports each part of src/ may not use, besides the concrete adapters (forbidden everywhere but the roots). */
const LAYERS = {
  application: [
    DATABASE_PACKAGES,
    srcFolder('graphql', 'The application layer does not know GraphQL: GraphQL calls the application, not the reverse.'),
  ],
  graphql: [
    DATABASE_PACKAGES,
    srcFolder('database', 'GraphQL reads through the application and the read-model queries, never the database itself.'),
  ],
  'event-store': [
    srcFolder('application', 'The event store is below the application: it must not import it.'),
    srcFolder('graphql', 'The event store is below GraphQL: it must not import it.'),
    srcFolder('read-models', 'The event store does not know the read models that consume it.'),
  ],
  'read-models': [srcFolder('graphql', 'Read models are below GraphQL: they must not import it.')],
  database: [
    srcFolder('application', 'src/database is infrastructure: it must not import the application.'),
    srcFolder('graphql', 'src/database is infrastructure: it must not import GraphQL.'),
  ],
};

/** src/domain is pure data and functions: nothing but itself, zod and node:crypto. */
const DOMAIN_PACKAGES = {
  regex: '^(?!\\.|zod(/|$)|node:crypto$)',
  message: 'src/domain is pure (no I/O): it may import only src/domain, zod and node:crypto.',
};
const DOMAIN_MAX_DEPTH = 4;

function restrictImports(patterns) {
  return {
    'no-restricted-imports': [
      'error',
      { patterns: patterns.map((pattern) => ({ ...pattern, caseSensitive: true })) },
    ],
  };
}

function domainBlocks() {
  const blocks = [
    {
      // Catch-all for files nested deeper than the blocks below: every import is reported, so the
      // gap is loud (raise DOMAIN_MAX_DEPTH) instead of silently unchecked.
      files: ['src/domain/**/*.ts'],
      rules: restrictImports([
        { regex: '', message: `src/domain nests at most ${DOMAIN_MAX_DEPTH} folders deep; raise DOMAIN_MAX_DEPTH in eslint.config.js.` },
      ]),
    },
  ];
  for (let depth = 0; depth <= DOMAIN_MAX_DEPTH; depth += 1) {
    blocks.push({
      files: [`src/domain/${'*/'.repeat(depth)}*.ts`],
      rules: restrictImports([
        DOMAIN_PACKAGES,
        { regex: `^(\\.\\./){${depth + 1}}`, message: DOMAIN_PACKAGES.message },
      ]),
    });
  }
  return blocks;
}

export default defineConfig(
  globalIgnores(['node_modules/', '.tools/', 'data/', 'coverage/', 'client/generated/']),
  {
    files: ['**/*.{js,ts}'],
    rules: eslintRecommendedRules,
  },
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,ts}'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error', ...restrictImports([CONCRETE_ADAPTERS]) },
  },
  ...Object.entries(LAYERS).map(([folder, patterns]) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: restrictImports([...patterns, CONCRETE_ADAPTERS]),
  })),
  ...domainBlocks(),
  {
    // The composition root and the operator commands are where concrete adapters are chosen.
    files: ['src/app.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
