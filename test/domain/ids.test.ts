import { describe, expect, it } from 'vitest';
import { accountStreamId, idFromStreamId, isUuid, parseUuid, streamIdOf } from '../../src/domain/ids.ts';

const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('isUuid', () => {
  it.each([id, crypto.randomUUID(), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'])(
    'accepts %s',
    (value) => {
      expect(isUuid(value)).toBe(true);
    },
  );

  it.each([
    id.toUpperCase(),
    `${id} `,
    id.replaceAll('-', ''),
    '7c9e6679-7425-90de-944b-e07fc1f90ae7',
    '7c9e6679-7425-40de-c44b-e07fc1f90ae7',
    '',
  ])('refuses %j', (value) => {
    expect(isUuid(value)).toBe(false);
  });

  it('refuses values that are not strings', () => {
    expect(isUuid(42)).toBe(false);
    expect(isUuid(null)).toBe(false);
  });
});

describe('parseUuid', () => {
  it('returns the one lowercase spelling of a UUID, or null', () => {
    expect(parseUuid(id.toUpperCase())).toBe(id);
    expect(parseUuid(id)).toBe(id);
    expect(parseUuid('not-a-uuid')).toBeNull();
  });
});

describe('stream ids', () => {
  it('names an account stream account-<id> and reads the id back', () => {
    expect(accountStreamId(id)).toBe(`account-${id}`);
    expect(streamIdOf('account', id)).toBe(accountStreamId(id));
    expect(idFromStreamId('account', accountStreamId(id))).toBe(id);
    expect(idFromStreamId('account', `teller-${id}`)).toBeNull();
  });
});
