/**
 * Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace UUID followed by a name). The same
 * namespace and name always give the same UUID, which is what makes a re-dispatched command produce
 * the same event ids, so the event store recognises the retry and returns the original append.
 */
import { isUuidText } from '../event-store/event-store.ts';
import { createHash } from 'node:crypto';


/** The version-5 UUID of `name` in `namespace` (itself a UUID), in lowercase. */
export function deterministicUuid(namespace: string, name: string): string {
  if (!isUuidText(namespace)) {
    throw new TypeError(`deterministicUuid needs a UUID as its namespace, got "${namespace}".`);
  }
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
