/**
 * Tells an error that means "the database cannot be reached right now" (it is restarting, down, or
 * the connection to it broke) from every other failure, so callers can answer the client with a
 * clear, retryable "service unavailable" instead of "unexpected error", and log it without a stack.
 *
 * It looks at the shape of the error only (Node's socket error codes, PostgreSQL's SQLSTATE, the
 * messages of node-postgres for a lost connection), following `cause` chains, so no layer above the
 * database needs to import the driver. The outcome of a write that failed this way is UNKNOWN: the
 * connection may have dropped after the commit, so a client must retry with the same idempotency key
 * (or command id), never blindly.
 */

/** Node socket errors of a server that does not answer or dropped the connection. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server going away or not accepting sessions yet: class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down,
 * in recovery), 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** What node-postgres and its pool say when the connection is lost or cannot be made. */
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
];

const MAX_CAUSE_DEPTH = 5;

/** True when `error` (or one of its causes) says the database is unreachable right now. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((text) => message.startsWith(text))) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailableError(inner))) return true;
    current = cause;
  }
  return false;
}
