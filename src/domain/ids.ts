/**
 * Ids and stream names. Every aggregate id is a UUID in its canonical lowercase form, and the stream
 * holding an aggregate is named `<category>-<uuid>` (`account-3f0c…`). Because stream names are
 * compared as plain strings, one id must have exactly one spelling: `isUuid` accepts only the
 * lowercase form, and `parseUuid` turns any accepted spelling from outside into it.
 */

const RFC_9562_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** A UUID (RFC 9562: versions 1–8, or the nil and max UUIDs) written in lowercase. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && (RFC_9562_UUID.test(value) || value === NIL_UUID || value === MAX_UUID);
}

/** The canonical (lowercase) form of a UUID written in any case, or `null` when it is not a UUID. */
export function parseUuid(value: string): string | null {
  const lower = value.toLowerCase();
  return isUuid(lower) ? lower : null;
}

/** The kinds of stream the bank writes. A category never contains a hyphen. */
export type StreamCategory = 'account' | 'teller';

/** `<category>-<id>`, e.g. `account-3f0c…`. */
export function streamIdOf(category: StreamCategory, id: string): string {
  return `${category}-${id}`;
}

/** The id inside a stream name of the given category, or `null` when the stream belongs to another category. */
export function idFromStreamId(category: StreamCategory, streamId: string): string | null {
  const prefix = `${category}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : null;
}

/** The stream of one account: `account-<accountId>`. */
export function accountStreamId(accountId: string): string {
  return streamIdOf('account', accountId);
}

/** The stream of one ATM: `teller-<atmId>`. */
export function tellerStreamId(atmId: string): string {
  return streamIdOf('teller', atmId);
}
