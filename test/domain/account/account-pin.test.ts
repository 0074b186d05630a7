import { describe, expect, it } from 'vitest';
import {
  hashPin,
  isPinHashWellFormed,
  isPinMatching,
  isPinWellFormed,
  PIN_SCRYPT_PARAMETERS,
  type PinHash,
} from '../../../src/domain/account/account-pin.ts';

describe('hashPin and isPinMatching', () => {
  it('matches the PIN that was hashed and no other', async () => {
    const pinHash = await hashPin('4921');
    expect(await isPinMatching('4921', pinHash)).toBe(true);
    expect(await isPinMatching('4922', pinHash)).toBe(false);
    expect(await isPinMatching('49210', pinHash)).toBe(false);
  });

  it('matches PINs of every allowed length', async () => {
    for (const pin of ['0000', '902211733516']) {
      expect(await isPinMatching(pin, await hashPin(pin))).toBe(true);
    }
  });

  it('salts: two hashes of the same PIN differ, and both match', async () => {
    const [first, second] = await Promise.all([hashPin('4921'), hashPin('4921')]);
    expect(first).not.toBe(second);
    expect(await isPinMatching('4921', first)).toBe(true);
    expect(await isPinMatching('4921', second)).toBe(true);
  });

  it('is deterministic for a given salt', async () => {
    const salt = new Uint8Array(16).fill(7);
    expect(await hashPin('4921', salt)).toBe(await hashPin('4921', salt));
  });

  it('writes a self-describing string that does not contain the PIN', async () => {
    const pin = '731905';
    const pinHash = await hashPin(pin);
    const { N, r, p } = PIN_SCRYPT_PARAMETERS;
    expect(pinHash.startsWith(`scrypt$${N}$${r}$${p}$`)).toBe(true);
    expect(pinHash.split('$')).toHaveLength(6);
    expect(pinHash.includes(pin)).toBe(false);
    expect(isPinHashWellFormed(pinHash)).toBe(true);
  });

  it('checks a hash with the parameters written inside it, so the cost can change later', async () => {
    const pinHash = await hashPin('4921');
    const [, , , , salt, hash] = pinHash.split('$');
    const cheaper = `scrypt$1024$8$1$${salt}$${hash}` as PinHash;
    expect(isPinHashWellFormed(cheaper)).toBe(true);
    expect(await isPinMatching('4921', cheaper)).toBe(false);
  });

  it('refuses to hash a malformed PIN', async () => {
    await expect(hashPin('12')).rejects.toBeInstanceOf(Error);
    await expect(hashPin('4921', new Uint8Array(8))).rejects.toBeInstanceOf(Error);
  });

  it('does not match a malformed PIN, and throws on a corrupt hash', async () => {
    const pinHash = await hashPin('4921');
    expect(await isPinMatching(' 4921', pinHash)).toBe(false);
    await expect(isPinMatching('4921', 'scrypt$16384$8$1$abc' as PinHash)).rejects.toBeInstanceOf(Error);
  });
});

describe('isPinWellFormed', () => {
  it.each(['0000', '1234', '98765432', '123456789012'])('accepts %j', (pin) => {
    expect(isPinWellFormed(pin)).toBe(true);
  });

  it.each(['', '123', '1234567890123', '12a4', ' 1234', '1234 ', '12 34', '-1234', '12.4', '١٢٣٤', '１２３４'])(
    'refuses %j',
    (pin) => {
      expect(isPinWellFormed(pin)).toBe(false);
    },
  );

  it('refuses values that are not strings', () => {
    for (const value of [1234, null, undefined, ['1234']]) expect(isPinWellFormed(value)).toBe(false);
  });
});

describe('isPinHashWellFormed', () => {
  const salt = 'A'.repeat(22);
  const hash = 'A'.repeat(43);

  it.each([
    ['another algorithm', `bcrypt$16384$8$1$${salt}$${hash}`],
    ['N not a power of two', `scrypt$1000$8$1$${salt}$${hash}`],
    ['N too large', `scrypt$${2 ** 21}$8$1$${salt}$${hash}`],
    ['r of zero', `scrypt$16384$0$1$${salt}$${hash}`],
    ['a short salt', `scrypt$16384$8$1$AAAA$${hash}`],
    ['a short hash', `scrypt$16384$8$1$${salt}$AAAA`],
    ['characters outside base64url', `scrypt$16384$8$1$${salt}$${'+'.repeat(43)}`],
    ['a missing part', `scrypt$16384$8$${salt}$${hash}`],
  ])('refuses %s', (_, value) => {
    expect(isPinHashWellFormed(value)).toBe(false);
  });
});

describe('scrypt cost', () => {
  it('takes milliseconds, not microseconds or seconds (the target is roughly 20–60 ms; printed)', async () => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const start = performance.now();
      await hashPin('4921');
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const median = samples[2] ?? Number.NaN;
    process.stdout.write(`scrypt N=16384 r=8 p=1: median ${median.toFixed(1)} ms over 5 hashes\n`);
    expect(median).toBeGreaterThan(5);
    expect(median).toBeLessThan(1000);
  });
});
