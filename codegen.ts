/**
 * `npm run codegen`: typed documents for the frontend clients, from the operations in
 * client/operations against the printed schema (schema/schema.graphql), into client/generated/.
 * test/client/generated-client-code.test.ts fails when the committed output is stale.
 *
 * The output runs under Node's type stripping: `.ts` import extensions, type-only imports, and
 * string unions instead of enums. ESBANK_CODEGEN_OUTPUT writes elsewhere (the staleness test does).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const output = process.env.ESBANK_CODEGEN_OUTPUT ?? 'client/generated/';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['client/operations/*.graphql'],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    [output.endsWith('/') ? output : `${output}/`]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        importExtension: '.ts',
        strictScalars: true,
        scalars: { Money: 'number', DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
