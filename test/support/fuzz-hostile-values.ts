/**
 * The hostile values the fuzzer mixes into every argument: boundary numbers, strings that broke other
 * servers (NUL, lone surrogates, emoji, right-to-left marks, SQL and HTML injection, numbers written as
 * strings, LIKE wildcards), values of the wrong JSON type and nested junk. Kept apart from the
 * schema-driven part (fuzz-arbitraries.ts) so a new nasty value is added in one place and reaches every
 * argument of every field.
 */
import fc from 'fast-check';

export const BOUNDARY_NUMBERS: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.5, 1.5, 12.5, 99.999, 1e-7,
  2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, -Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 2 ** 63, 2 ** 64,
  1e21, 1e30, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, -1e308,
];

export const INJECTION_STRINGS: readonly string[] = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "Robert'); DELETE FROM accounts;--",
  '%',
  '_',
  '%%',
  'account-%',
  '\\',
  '\\x00',
  '$1',
  '::text',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../../../etc/passwd',
  'file:///etc/passwd',
  '__proto__',
  'constructor',
  'toString',
  '{"$ne": null}',
  'null',
  'undefined',
  'NaN',
  'true',
];

export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '😀',
  '👨‍👩‍👧‍👦',
  '\u202eevil',
  '\u200b',
  '\ufeff',
  'ｆｕｌｌ',
  'Zoë Ångström-Ñúñez',
  '名前',
  'مرحبا',
  '\u0301\u0301\u0301',
  '0',
  '-1',
  '1e3',
  '0x10',
  '12.50',
  '9007199254740993',
  '00000000000000000000000000000000000000001',
  '١٢٣٤',
  '１２３４',
];

/** Strings of every kind: the lists above, random unicode (lone surrogates included), and long ones. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...INJECTION_STRINGS, ...ODD_STRINGS) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: hugeString() },
  );
}

/** 1 000 to 120 000 characters: past every sane length limit, some past the body limit (100 kB). */
export function hugeString(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('a', '9', 'é', '😀', "'", '\u0000', '%'), fc.constantFrom(1_000, 5_000, 30_000, 120_000))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));
}

export function hostileNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.integer() },
  );
}

/** A value of any JSON type but the expected one: objects, arrays, booleans, nested junk. */
export function wrongTypeValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.constant([null]),
    fc.constant({ value: 1 }),
    fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
    fc.constant(JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown),
    fc.constant([[[[[[[[[[1]]]]]]]]]]),
    fc.jsonValue({ maxDepth: 3 }),
  );
}
