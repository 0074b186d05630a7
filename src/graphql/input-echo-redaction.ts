/**
 * graphql-js repeats the values it was sent when it refuses them: "got invalid value { owner: "x",
 * pin: "73194826", extra: 1 }", "found: { … }", "cannot represent a non string value: 73194826".
 * Those values may hold a PIN, and a refusal must never carry one back (nor into a log). This plugin
 * takes the echoed values out of validation and variable errors, keeping what they say is wrong, and
 * gives the variable errors the BAD_USER_INPUT code graphql-js leaves out.
 */
import { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { isIntendedGraphQLError } from './error-logging.ts';

/** A quoted value: kept when it is a GraphQL name or path (a type, a field, `$variable`, `input.pin`), else hidden. */
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const NAME_OR_PATH = /^\$?[_A-Za-z][_0-9A-Za-z]*(\.[_0-9A-Za-z]+)*$/;

// `s`: a printed object value spans several lines ("found: {\n  pin2: 1234\n}"), and every line of it goes.
const ECHOES: readonly [RegExp, string][] = [
  [/ got invalid value .*?(;| at "| at \$|\.$|$)/gs, ' got an invalid value$1'],
  [/, found: .*$/gs, '.'],
  [/ (non[- ]\w+ value|value): .*$/gs, ' $1.'],
];
/** A PIN-shaped run of digits still left after that. */
const DIGITS = /(?<![\w-])\d{4,12}(?![\w-])/g;

export function redactInputEchoes(message: string): string {
  let redacted = message.replace(QUOTED, (whole: string, inner: string) => (NAME_OR_PATH.test(inner) ? whole : '"…"'));
  for (const [pattern, replacement] of ECHOES) redacted = redacted.replace(pattern, replacement);
  return redacted.replace(DIGITS, '…');
}

function redacted(error: GraphQLError, code?: string): GraphQLError {
  const message = redactInputEchoes(error.message);
  const extensions = code !== undefined && error.extensions.code === undefined ? { ...error.extensions, code } : error.extensions;
  if (message === error.message && extensions === error.extensions) return error;
  return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions });
}

export function useInputEchoRedaction(): Plugin {
  return {
    onValidate: () => ({ result, setResult }) => {
      if (result.length > 0) setResult(result.map((error) => redacted(error)));
    },
    onExecute: () => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          // Variable errors come before execution: intended errors without a path.
          if (!result.errors?.length) return;
          setResult({ ...result, errors: result.errors.map((error) => (isIntendedGraphQLError(error) && error.path === undefined ? redacted(error, 'BAD_USER_INPUT') : error)) });
        }),
    }),
  };
}
