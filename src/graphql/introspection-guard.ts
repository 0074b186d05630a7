/**
 * Turns introspection off (production, unless ESBANK_INTROSPECTION=true): a validation rule refuses
 * `__schema` and `__type`, over HTTP and graphql-ws alike (both validate through the same envelope),
 * and validation errors lose graphql-js' "Did you mean …?" hints, which would tell the schema's field
 * and type names to whoever probes for them. `__typename` still works.
 */
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = / ?Did you mean [^?]*\?/g;
const hasSuggestion = (message: string): boolean => message.includes('Did you mean');

export function useIntrospectionGuard(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
      return ({ result, setResult }) => {
        if (!result.some((error) => hasSuggestion(error.message))) return;
        setResult(
          result.map((error) =>
            hasSuggestion(error.message) ? new GraphQLError(error.message.replace(SUGGESTION, ''), { nodes: error.nodes, extensions: error.extensions }) : error,
          ),
        );
      };
    },
  };
}
