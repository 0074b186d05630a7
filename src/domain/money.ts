/**
 * Money is a whole number of cents held in a JavaScript number. Every value stays a non-negative safe
 * integer (at most `Number.MAX_SAFE_INTEGER`), so arithmetic on it is exact and it survives JSON.
 * The `Cents` brand marks numbers that were checked: build one with `isCents`/`isValidAmount` or
 * `centsOrThrow`, and combine them only through `addCents`/`subtractCents`, which refuse to leave that
 * range instead of losing precision or going negative.
 */

declare const centsBrand: unique symbol;

/** A non-negative safe integer number of cents. */
export type Cents = number & { readonly [centsBrand]: 'Cents' };

export const ZERO_CENTS = 0 as Cents;

/** The largest amount or balance we can hold exactly. */
export const MAX_CENTS = Number.MAX_SAFE_INTEGER as Cents;

/** A balance: a non-negative safe integer of cents (zero included). */
export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** An amount to move: a positive safe integer of cents (zero is not an amount). */
export function isValidAmount(value: unknown): value is Cents {
  return isCents(value) && value > 0;
}

/** For literals and trusted values; throws on anything that is not a whole, non-negative, safe number of cents. */
export function centsOrThrow(value: number): Cents {
  if (!isCents(value)) {
    throw new RangeError(
      `Expected a whole, non-negative number of cents no larger than ${Number.MAX_SAFE_INTEGER}, got ${String(value)}.`,
    );
  }
  return value;
}

/** `a + b`, or `null` when the sum would pass `Number.MAX_SAFE_INTEGER` and could no longer be exact. */
export function addCents(a: Cents, b: Cents): Cents | null {
  if (a > MAX_CENTS - b) return null;
  return (a + b) as Cents;
}

/** `a - b`, or `null` when the result would be negative. */
export function subtractCents(a: Cents, b: Cents): Cents | null {
  if (b > a) return null;
  return (a - b) as Cents;
}

/** Cents as a decimal string for people: 123456 → "1234.56". No currency symbol: the bank has one currency. */
export function formatCents(value: Cents): string {
  const cents = value % 100;
  const units = (value - cents) / 100;
  return `${units}.${String(cents).padStart(2, '0')}`;
}
