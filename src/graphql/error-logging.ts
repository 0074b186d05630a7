/**
 * Error masking with a trail: an error a resolver did not mean to show (a bug, a lost database) is
 * logged ONCE, with the request id, the field path and the stack, and the client gets only
 * "Unexpected error" with the same request id to quote. Errors meant for the client (GraphQLErrors a
 * resolver or a validation rule created, such as BAD_USER_INPUT) pass unchanged.
 *
 * A lost database is not a bug: it is answered as SERVICE_UNAVAILABLE, saying that the outcome of a
 * change is unknown and how to retry safely (with the same idempotencyKey), and logged as a warning
 * without a stack, once per request.
 *
 * Yoga's own masking stays on behind this plugin, for errors outside execution (a failing context,
 * say); `yogaLoggerOf` sends what yoga logs to the application's logger.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin, type YogaLogger } from 'graphql-yoga';
import { isDatabaseUnavailableError } from '../application/database-unavailable-errors.ts';
import { describeError, type Logger } from '../application/logger.ts';

/** A GraphQLError created on purpose, not one wrapping something thrown. */
export function isIntendedGraphQLError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError === undefined || error.originalError === null || isIntendedGraphQLError(error.originalError);
}

function maskUnexpected(result: ExecutionResult, requestId: string, logger: Logger): ExecutionResult | undefined {
  if (!result.errors?.some((error) => !isIntendedGraphQLError(error))) return undefined;
  let unavailableLogged = false;
  const errors = result.errors.map((error) => {
    if (isIntendedGraphQLError(error)) return error;
    const original = error.originalError ?? error;
    if (isDatabaseUnavailableError(original)) {
      if (!unavailableLogged) logger.warn('the database is unavailable; answered SERVICE_UNAVAILABLE', { requestId, error: describeError(original) });
      unavailableLogged = true;
      return new GraphQLError(
        `The service cannot reach its database right now. Try again in a moment. A change you sent may or may not have been made: retry it with the same idempotencyKey to be safe (request id ${requestId}).`,
        { nodes: error.nodes, path: error.path, extensions: { code: 'SERVICE_UNAVAILABLE', requestId, retryAfterSeconds: 1 } },
      );
    }
    logger.error('unexpected error in a GraphQL request', {
      requestId,
      path: error.path?.join('.'),
      error: describeError(original),
      stack: original instanceof Error ? original.stack : undefined,
    });
    return new GraphQLError(`Unexpected error. It was logged with request id ${requestId}.`, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    });
  });
  return { ...result, errors };
}

const requestIdIn = (context: unknown): string => {
  const id = (context as { readonly requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' ? id : 'unknown';
};

export function useUnexpectedErrorLogging(logger: Logger): Plugin {
  const onResult = ({ args, result, setResult }: { args: { contextValue: unknown }; result: ExecutionResult; setResult: (result: ExecutionResult) => void }) => {
    const masked = maskUnexpected(result, requestIdIn(args.contextValue), logger);
    if (masked) setResult(masked);
  };
  return {
    onExecute: () => ({ onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, onResult) }),
    onSubscribe: () => ({ onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, onResult) }),
  };
}

/** Yoga's logger on top of ours: debug output is dropped, the rest keeps its level. */
export function yogaLoggerOf(logger: Logger): YogaLogger {
  const entry = (args: readonly unknown[]) => {
    const [first, ...rest] = args;
    const error = first instanceof Error ? first : undefined;
    return {
      message: error ? `GraphQL server: ${error.message}` : `GraphQL server: ${String(first)}`,
      fields: { error: error ? describeError(error) : undefined, stack: error?.stack, details: rest.length > 0 ? rest.map(String).join(' ') : undefined },
    };
  };
  return {
    debug: () => {},
    info: (...args) => {
      const { message, fields } = entry(args);
      logger.info(message, fields);
    },
    warn: (...args) => {
      const { message, fields } = entry(args);
      logger.warn(message, fields);
    },
    error: (...args) => {
      const { message, fields } = entry(args);
      logger.error(message, fields);
    },
  };
}
