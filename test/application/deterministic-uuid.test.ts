import { describe, expect, it } from 'vitest';
import { deterministicUuid } from '../../src/application/deterministic-uuid.ts';
import { eventIdFor } from '../../src/application/event-envelope-builder.ts';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('deterministicUuid', () => {
  it('computes RFC 9562 version-5 UUIDs (the published example)', () => {
    expect(deterministicUuid(DNS_NAMESPACE, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives the same id for the same input and different ids otherwise', () => {
    expect(deterministicUuid(DNS_NAMESPACE, 'a')).toBe(deterministicUuid(DNS_NAMESPACE.toUpperCase(), 'a'));
    expect(deterministicUuid(DNS_NAMESPACE, 'a')).not.toBe(deterministicUuid(DNS_NAMESPACE, 'b'));
  });

  it('derives distinct event ids per command and index', () => {
    const commandId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const ids = [eventIdFor(commandId, 0), eventIdFor(commandId, 1), eventIdFor('1f8fad5b-d9cb-469f-a165-70867728950e', 0)];
    expect(new Set(ids).size).toBe(3);
    expect(eventIdFor(commandId, 0)).toBe(ids[0]);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => deterministicUuid('not-a-uuid', 'a')).toThrow(TypeError);
  });
});
