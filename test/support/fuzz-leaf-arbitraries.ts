/**
 * The leaves of the fuzzed arguments: what a scalar (`ID`, `String`, `Int`, `Money`, `DateTime`, …)
 * holds, as a `valid` and a `bad` arbitrary. For `ID` and `String` the value is chosen from the name of
 * the field or argument (`pin`, `accountId`, `afterPosition`, `owner`, …), the fuzzer's only knowledge
 * beyond the schema, with the {@link FuzzHints} gathered from the running server.
 */
import fc from 'fast-check';
import { hostileNumber, hostileString, hugeString, wrongTypeValue } from './fuzz-hostile-values.ts';

/** What the running server holds, so valid-looking values hit real accounts, ATMs and positions. */
export interface FuzzHints {
  /** The pool's accounts (their PIN is in `pins`). */
  readonly accountIds: readonly string[];
  /** Other accounts, opened while fuzzing (most with the pool PIN too, many empty: closeAccount succeeds). */
  readonly otherAccountIds: readonly string[];
  readonly atmIds: readonly string[];
  /** ATM withdrawal and deposit ids (also their correlation ids). */
  readonly operationIds: readonly string[];
  /** The PIN the pool accounts share. */
  readonly pins: readonly string[];
  readonly eventTypes: readonly string[];
  readonly streamIds: readonly string[];
  readonly cursors: readonly string[];
  readonly positions: readonly string[];
}

export type LeafKind = 'pin' | 'accountId' | 'atmId' | 'anyId' | 'position' | 'cursor' | 'streamId' | 'eventType' | 'name' | 'pageSize' | 'key' | 'plain';

/** What a leaf holds, guessed from its name: the fuzzer's only knowledge beyond the schema. */
export function leafKindOf(name: string): LeafKind {
  if (/pin/i.test(name)) return 'pin';
  if (/^accountIds?$/i.test(name)) return 'accountId';
  if (/^atmIds?$/i.test(name)) return 'atmId';
  if (/^id$|correlationId|operationId|withdrawalId|depositId/i.test(name)) return 'anyId';
  if (/position/i.test(name)) return 'position';
  if (/^(after|before)$|cursor/i.test(name)) return 'cursor';
  if (/streamId/i.test(name)) return 'streamId';
  if (/^(types?|eventTypes?)$/i.test(name)) return 'eventType';
  if (/owner|name|by$/i.test(name)) return 'name';
  if (/^(first|last|limit)$/i.test(name)) return 'pageSize';
  if (/key|token|nonce/i.test(name)) return 'key';
  return 'plain';
}

const PLAUSIBLE_NAMES = ['Ada Lovelace', 'Grace Hopper', "Miles O'Brien", 'Zoë Ångström', 'Nguyễn Văn An', '李小龍', 'Jean-Luc Picard'];

/** Known values, unless the list is empty (then random ones). */
const known = (values: readonly string[], fallback: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  values.length > 0 ? fc.constantFrom(...values) : fallback;

function uuidVariants(ids: readonly string[]): fc.Arbitrary<unknown> {
  const id = known(ids, fc.uuid());
  return fc.oneof(
    id.map((value) => value.toUpperCase()),
    id.map((value) => ` ${value}`),
    id.map((value) => `{${value}}`),
    id.map((value) => value.replaceAll('-', '')),
    id.map((value) => value.slice(0, -1)),
    id.map((value) => `${value}0`),
    id.map((value) => `${value}\u0000`),
    id.map((value) => `account-${value}`),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-0000-0000-000000000001', 'g0000000-0000-4000-8000-000000000000'),
    fc.integer(),
  );
}

export function validLeaf(kind: LeafKind, typeName: string, hints: FuzzHints): fc.Arbitrary<unknown> {
  switch (typeName) {
    case 'Money':
      return fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 50_000 }) },
        { weight: 1, arbitrary: fc.constantFrom(0, 1, 2 ** 31, Number.MAX_SAFE_INTEGER) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) },
      );
    case 'Int':
      return kind === 'pageSize' ? fc.integer({ min: 0, max: 100 }) : fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => `${date.toISOString().slice(0, 19)}+02:00`),
      );
    case 'JSON':
      return fc.jsonValue({ maxDepth: 3 });
  }
  switch (kind) {
    case 'pin':
      return fc.oneof({ weight: 6, arbitrary: known(hints.pins, fc.constant('1234')) }, { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{4,12}$/) });
    case 'accountId':
      return fc.oneof(
        { weight: 5, arbitrary: known(hints.accountIds, fc.uuid()) },
        { weight: 2, arbitrary: known(hints.otherAccountIds, fc.uuid()) },
        { weight: 2, arbitrary: fc.uuid() },
      );
    case 'atmId':
      return fc.oneof({ weight: 6, arbitrary: known(hints.atmIds, fc.uuid()) }, { weight: 2, arbitrary: fc.uuid() });
    case 'anyId':
      return fc.oneof(
        { weight: 4, arbitrary: known(hints.operationIds, fc.uuid()) },
        { weight: 2, arbitrary: known([...hints.accountIds, ...hints.atmIds], fc.uuid()) },
        { weight: 2, arbitrary: fc.uuid() },
      );
    case 'position':
      return fc.oneof(known(hints.positions, fc.constant('0')), fc.nat({ max: 100_000 }).map(String));
    case 'cursor':
      return known(hints.cursors, fc.constant(''));
    case 'streamId':
      return known(hints.streamIds, fc.constant('account-00000000-0000-0000-0000-000000000000'));
    case 'eventType':
      return known(hints.eventTypes, fc.constant('Accounts.MoneyDeposited'));
    case 'name':
      return fc.oneof(fc.constantFrom(...PLAUSIBLE_NAMES), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''));
    case 'key':
      return fc.oneof(fc.uuid(), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }));
    case 'pageSize':
    case 'plain':
      return typeName === 'ID' ? fc.uuid() : fc.string({ maxLength: 20 });
  }
}

export function badLeaf(kind: LeafKind, typeName: string, hints: FuzzHints): fc.Arbitrary<unknown> {
  const common = [hostileString(), hostileNumber(), wrongTypeValue()];
  switch (typeName) {
    case 'Money':
    case 'Int':
    case 'Float':
      return fc.oneof(
        { weight: 4, arbitrary: hostileNumber() },
        { weight: 2, arbitrary: fc.constantFrom('100', '12.50', '-1', '1e3', '9007199254740993', '0x10', ' 5', 'NaN', 'Infinity') },
        { weight: 1, arbitrary: hostileString() },
        { weight: 1, arbitrary: wrongTypeValue() },
      );
    case 'Boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 1, 0, 'yes'), ...common);
    case 'DateTime':
      return fc.oneof(
        fc.constantFrom(
          '2026-13-45T99:99:99Z', 'now', '2026-11-26', '2026-11-26T14:00:00', '+275760-09-13T00:00:00.000Z', '0000-00-00T00:00:00Z',
          '2026-02-30T00:00:00Z', '2026-11-26T14:00:00.0000000000Z', '2026-11-26T14:00:00+99:99', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z',
        ),
        fc.integer(),
        ...common,
      );
  }
  switch (kind) {
    case 'pin':
      return fc.oneof(
        { weight: 3, arbitrary: fc.stringMatching(/^[0-9]{0,3}$/) },
        { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{13,40}$/) },
        {
          weight: 3,
          arbitrary: known(hints.pins, fc.constant('1234')).chain((pin) =>
            fc.constantFrom(` ${pin}`, `${pin} `, `${pin}\u0000`, `+${pin}`, `-${pin}`, `${pin}.0`, `${pin.slice(0, 2)} ${pin.slice(2)}`, '١٢٣٤', '１２３４', `${pin}x`),
          ),
        },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 999_999_999_999 }) },
        { weight: 2, arbitrary: hostileString() },
        { weight: 1, arbitrary: wrongTypeValue() },
      );
    case 'accountId':
      return fc.oneof({ weight: 3, arbitrary: uuidVariants(hints.accountIds) }, ...common);
    case 'atmId':
      return fc.oneof({ weight: 3, arbitrary: uuidVariants(hints.atmIds) }, ...common);
    case 'anyId':
      return fc.oneof({ weight: 3, arbitrary: uuidVariants(hints.operationIds) }, ...common);
    case 'position':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('-1', '1.5', ' 1', '1e3', '0x10', '9007199254740992', '99999999999999999999999', 'NaN', '', '01', '+1', '١٢') },
        { weight: 1, arbitrary: fc.nat() },
        ...common,
      );
    case 'cursor':
      return fc.oneof(
        { weight: 2, arbitrary: known(hints.cursors, fc.constant('x')).map((cursor) => `${cursor}x`) },
        { weight: 2, arbitrary: fc.base64String({ maxLength: 60 }) },
        fc.constantFrom(Buffer.from('{"position":-1}').toString('base64'), Buffer.from('{"id":"\' OR 1=1"}').toString('base64url'), Buffer.from('null').toString('base64')),
        ...common,
      );
    case 'streamId':
      return fc.oneof(fc.constantFrom('%', 'account-%', '_', 'account-', 'teller-', '$all', '*'), ...common);
    case 'eventType':
      return fc.oneof(fc.constantFrom('%', 'Accounts.%', 'Accounts.', '', 'accounts.moneydeposited', 'Accounts.MoneyDeposited '), ...common);
    case 'name':
      return fc.oneof({ weight: 3, arbitrary: hostileString() }, fc.constantFrom('', '   ', '\n'), hugeString(), hostileNumber(), wrongTypeValue());
    case 'pageSize':
    case 'key':
    case 'plain':
      return fc.oneof(...common);
  }
}
