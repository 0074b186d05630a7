import { describe, expect, it } from 'vitest';
import {
  addCents,
  type Cents,
  centsOrThrow,
  formatCents,
  isCents,
  isValidAmount,
  MAX_CENTS,
  subtractCents,
  ZERO_CENTS,
} from '../../src/domain/money.ts';

const MAX = Number.MAX_SAFE_INTEGER;
const c = (value: number) => centsOrThrow(value);

describe('isValidAmount', () => {
  it.each([1, 100, 999_999, MAX])('accepts %s', (value) => {
    expect(isValidAmount(value)).toBe(true);
  });

  it.each([0, -1, 0.5, 1.000001, MAX + 1, Number.NaN, Number.POSITIVE_INFINITY, '100', null, 10n])(
    'refuses %s',
    (value) => {
      expect(isValidAmount(value)).toBe(false);
    },
  );
});

describe('isCents', () => {
  it('accepts zero and positive safe integers, nothing else', () => {
    expect([0, 1, MAX].map(isCents)).toEqual([true, true, true]);
    expect([-1, 2.5, MAX + 1, -0.5].map(isCents)).toEqual([false, false, false, false]);
  });
});

describe('centsOrThrow', () => {
  it('brands valid values and throws on invalid ones', () => {
    expect(centsOrThrow(0)).toBe(0);
    expect(centsOrThrow(MAX)).toBe(MAX);
    expect(() => centsOrThrow(-1)).toThrow(RangeError);
    expect(() => centsOrThrow(1.5)).toThrow(RangeError);
    expect(() => centsOrThrow(MAX + 1)).toThrow(RangeError);
  });
});

describe('addCents', () => {
  it('adds', () => {
    expect(addCents(c(150), c(250))).toBe(400);
    expect(addCents(ZERO_CENTS, c(1))).toBe(1);
  });

  it('reaches Number.MAX_SAFE_INTEGER but refuses to pass it', () => {
    expect(addCents(c(MAX - 10), c(10))).toBe(MAX);
    expect(addCents(c(MAX - 10), c(11))).toBeNull();
    expect(addCents(MAX_CENTS, c(1))).toBeNull();
    expect(addCents(MAX_CENTS, MAX_CENTS)).toBeNull();
  });
});

describe('subtractCents', () => {
  it('subtracts down to zero but never below', () => {
    expect(subtractCents(c(400), c(150))).toBe(250);
    expect(subtractCents(c(400), c(400))).toBe(0);
    expect(subtractCents(c(400), c(401))).toBeNull();
    expect(subtractCents(ZERO_CENTS, c(1))).toBeNull();
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123456, '1234.56'],
    [MAX, '90071992547409.91'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatCents(value as Cents)).toBe(expected);
  });
});
