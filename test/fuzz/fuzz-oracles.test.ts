/**
 * The fuzzer's own tools, checked without a server: each oracle fails on what it must catch (a 5xx, a
 * masked internal error, a stack trace, SQL text, a PIN echo, an append or a row written by a refused
 * request) and passes what is fine (an echo of what the request sent, a refused PIN recorded as an
 * event, a declined ATM operation recorded under its id); and the "valid" arguments the arbitraries
 * build for every field make documents the schema accepts, so the accepted cases really get past
 * validation.
 */
import fc from 'fast-check';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import { schema } from '../../src/graphql/schema.ts';
import type { FuzzHints } from '../support/fuzz-leaf-arbitraries.ts';
import { domainErrorTypes, fuzzTargets, validArgumentsArbitrary } from '../support/fuzz-case-runner.ts';
import { requestFor } from '../support/fuzz-documents.ts';
import type { FuzzAnswer } from '../support/fuzz-http.ts';
import { containsWholeToken, leaks, outcomeOf, pinEchoes, sentStrings, serverFaults, storeViolations, unnamedDeclines } from '../support/fuzz-oracles.ts';
import type { StoreChanges } from '../support/fuzz-store-probe.ts';

const ACCOUNT = '3f0c9a4e-8a1b-4c2d-9e3f-1a2b3c4d5e6f';
const OTHER_ACCOUNT = '5b6f0d2e-7c1a-4e8b-9a3d-2f4e6c8b0a1d';
const OPERATION = '0e1d2c3b-4a59-4687-a9b8-c7d6e5f40312';

function jsonAnswer(body: unknown, status = 200): FuzzAnswer {
  const text = JSON.stringify(body);
  return { status, contentType: 'application/json', text, payloads: [body as FuzzAnswer['payloads'][number]], unreadable: [], waiting: false };
}

const member = (typename: string, fields: Record<string, unknown>) => jsonAnswer({ data: { initiateWithdrawal: { __typename: typename, ...fields } } });

function event(eventType: string, streamId: string, correlationId: string | null = null): RecordedEvent {
  return { eventId: OPERATION, eventType, schemaVersion: 1, streamId, streamVersion: 1, position: 7, data: {}, metadata: {}, causationId: null, correlationId, createdAt: new Date() };
}

const changes = (appended: RecordedEvent[], rowChanges: string[] = []): StoreChanges => ({ appended, rowChanges, newLogLines: [] });
const errorTypes = domainErrorTypes(schema);
const withdrawalArgs = { input: { accountId: ACCOUNT, pin: '73194826', amount: 100 } };

describe('serverFaults', () => {
  it('catches a 5xx, a body that is not JSON, a masked internal error and an SSE stream without a message', () => {
    expect(serverFaults({ ...jsonAnswer({ errors: [{ message: 'x' }] }), status: 500 }, 'query')).not.toEqual([]);
    expect(serverFaults({ ...jsonAnswer({}), payloads: [], unreadable: ['the body is not JSON: <html>'] }, 'query')).not.toEqual([]);
    expect(serverFaults(jsonAnswer({ errors: [{ message: 'Unexpected error.' }], data: null }), 'mutation')).not.toEqual([]);
    expect(serverFaults({ ...jsonAnswer({}), payloads: [], contentType: 'text/event-stream' }, 'subscription')).not.toEqual([]);
  });

  it('passes a clear refusal', () => {
    expect(serverFaults(jsonAnswer({ errors: [{ message: 'Money cannot be negative.', extensions: { code: 'BAD_USER_INPUT' } }] }, 400), 'mutation')).toEqual([]);
  });
});

describe('leaks', () => {
  it.each([
    ['a stack frame', 'Error: boom\n    at decide (/app/src/domain/account/account-decider.ts:12:3)'],
    ['a source path', 'failed in /work/main/src/application/atm-service.ts'],
    ['a PostgreSQL message', 'duplicate key value violates unique constraint "events_pkey"'],
    ['a syntax error', 'syntax error at or near "DROP"'],
    ['a driver name', 'PGlite is closed'],
    ['a validation library', 'ZodError: [{"code":"invalid_type"}]'],
    ['a JavaScript error', "TypeError: Cannot read properties of undefined (reading 'id')"],
  ])('catches %s', (_name, message) => {
    expect(leaks(jsonAnswer({ errors: [{ message }] }), [])).not.toEqual([]);
    expect(leaks(member('InvalidInputError', { code: 'InvalidInput', message }), [])).not.toEqual([]);
  });

  it('does not count what the request itself sent', () => {
    const owner = "x' ; select * from accounts where relation = 'pg'";
    const answer = jsonAnswer({ errors: [{ message: `Expected value of type "OpenAccountInput", found: { owner: ${JSON.stringify(owner)} }.` }] });
    expect(leaks(answer, sentStrings({ input: { owner } }))).toEqual([]);
    const number = jsonAnswer({ errors: [{ message: 'Variable "$types" got invalid value 1.5 at "types[1]"; String cannot represent a non string value: 1.5' }] });
    expect(leaks(number, sentStrings({ types: ['a', 1.5] }))).toEqual([]);
  });
});

describe('pinEchoes', () => {
  it('catches a PIN in an error text', () => {
    const answer = jsonAnswer({ errors: [{ message: 'Variable "$input" got invalid value { pin: "73194826", extra: 1 }.' }] });
    expect(pinEchoes(answer, { input: { pin: '73194826', extra: 1 } })).not.toEqual([]);
  });

  it('ignores the same digits sent in another field, or inside a UUID', () => {
    const answer = jsonAnswer({ errors: [{ message: `No account ${ACCOUNT}; amount 73194826 is too large.` }] });
    expect(pinEchoes(answer, { input: { pin: '73194826', amount: 73194826 } })).toEqual([]);
    expect(pinEchoes(answer, { input: { pin: '8a1b' } })).toEqual([]);
  });

  it('handles a PIN far longer than any pattern V8 compiles (CI found one of 100 000 nines)', () => {
    const pin = '9'.repeat(100_000);
    const echoed = jsonAnswer({ errors: [{ message: `Field "pin2" is not defined; found: "${pin}".` }] });
    expect(pinEchoes(echoed, { input: { pin2: pin } })).not.toEqual([]);
    expect(pinEchoes(jsonAnswer({ errors: [{ message: 'Field "pin2" is not defined.' }] }), { input: { pin2: pin } })).toEqual([]);
  });
});

describe('containsWholeToken', () => {
  it('finds a token only with no letter or digit right next to it', () => {
    expect(containsWholeToken('pin 73194826.', '73194826')).toBe(true);
    expect(containsWholeToken('id 173194826 and 73194826x', '73194826')).toBe(false);
    expect(containsWholeToken('x73194826 then 73194826', '73194826')).toBe(true);
  });
});

describe('storeViolations', () => {
  const rejected = (answer: FuzzAnswer) => outcomeOf(answer, 'mutation', 'initiateWithdrawal', errorTypes);

  it('catches an append or a row written by a refused mutation, and any store change by a query', () => {
    const invalid = rejected(member('InvalidInputError', { code: 'InvalidInput', message: 'no' }));
    expect(storeViolations('mutation', invalid, withdrawalArgs, changes([event('Accounts.MoneyWithdrawn', `account-${ACCOUNT}`)]))).not.toEqual([]);
    expect(storeViolations('mutation', invalid, withdrawalArgs, changes([], ['accounts: 4 → 5']))).not.toEqual([]);
    const graphqlError = rejected(jsonAnswer({ errors: [{ message: 'bad' }] }, 400));
    expect(storeViolations('mutation', graphqlError, withdrawalArgs, changes([event('Accounts.AccountOpened', `account-${ACCOUNT}`)]))).not.toEqual([]);
    const query = outcomeOf(jsonAnswer({ data: { accounts: { nodes: [] } } }), 'query', 'accounts', errorTypes);
    expect(storeViolations('query', query, {}, changes([event('Accounts.AccountOpened', `account-${ACCOUNT}`)]))).not.toEqual([]);
  });

  it('allows what the outcome rule records: a refused PIN on its account, a declined operation under its id', () => {
    const wrongPin = rejected(member('WrongPinError', { code: 'WrongPin', message: 'no', accountId: ACCOUNT }));
    const failed = [event('Accounts.AuthorizationFailed', `account-${ACCOUNT}`), event('Accounts.AccountLocked', `account-${ACCOUNT}`)];
    expect(storeViolations('mutation', wrongPin, withdrawalArgs, changes(failed, ['accounts: 4 → 4']))).toEqual([]);
    expect(storeViolations('mutation', wrongPin, withdrawalArgs, changes([event('Accounts.AuthorizationFailed', `account-${OTHER_ACCOUNT}`)]))).not.toEqual([]);
    expect(storeViolations('mutation', wrongPin, withdrawalArgs, changes([event('Accounts.MoneyWithdrawn', `account-${ACCOUNT}`)]))).not.toEqual([]);
    const declined = rejected(member('InsufficientFundsError', { code: 'InsufficientFunds', message: 'no', accountId: ACCOUNT, operationId: OPERATION }));
    expect(storeViolations('mutation', declined, withdrawalArgs, changes([event('Tellers.WithdrawalDeclined', 'teller-x', OPERATION)]))).toEqual([]);
    expect(storeViolations('mutation', declined, withdrawalArgs, changes([event('Tellers.WithdrawalDeclined', 'teller-x', OTHER_ACCOUNT)]))).not.toEqual([]);
  });

  it('allows a declined operation recorded as one flow, and asks its error to name it', () => {
    const flow = [event('Tellers.DepositInitiated', 'teller-x', OPERATION), event('Tellers.DepositDeclined', 'teller-x', OPERATION)];
    const unnamed = rejected(member('BalanceOverflowError', { code: 'BalanceOverflow', message: 'no', amount: 1 }));
    expect(storeViolations('mutation', unnamed, withdrawalArgs, changes(flow, ['deposits: 1 → 2']))).toEqual([]);
    expect(unnamedDeclines('mutation', unnamed, withdrawalArgs, changes(flow))).not.toEqual([]);
    const named = rejected(member('BalanceOverflowError', { code: 'BalanceOverflow', message: 'no', amount: 1, operationId: OPERATION }));
    expect(unnamedDeclines('mutation', named, withdrawalArgs, changes(flow))).toEqual([]);
    const twoFlows = [...flow, event('Tellers.DepositDeclined', 'teller-x', OTHER_ACCOUNT)];
    expect(storeViolations('mutation', unnamed, withdrawalArgs, changes(twoFlows))).not.toEqual([]);
    expect(storeViolations('mutation', unnamed, { input: { accountId: ACCOUNT, amount: 1 } }, changes(flow))).not.toEqual([]);
  });

  it('leaves accepted mutations and stored-but-slow ones alone', () => {
    const accepted = rejected(member('InitiateWithdrawalSuccess', { withdrawalId: OPERATION }));
    expect(accepted.kind).toBe('accepted');
    expect(storeViolations('mutation', accepted, withdrawalArgs, changes([event('Accounts.MoneyWithdrawn', `account-${ACCOUNT}`)]))).toEqual([]);
    expect(rejected(member('ConsistencyTimeoutError', { code: 'ConsistencyTimeout', message: 'slow' })).kind).toBe('timedOut');
  });
});

describe('the valid arguments of every field', () => {
  const hints: FuzzHints = {
    accountIds: [ACCOUNT],
    otherAccountIds: [],
    atmIds: [OTHER_ACCOUNT],
    operationIds: [OPERATION],
    pins: ['73194826'],
    eventTypes: ['Accounts.MoneyDeposited'],
    streamIds: [`account-${ACCOUNT}`],
    cursors: ['abc'],
    positions: ['0'],
  };

  for (const target of fuzzTargets(schema)) {
    it(`${target.label}: make documents the schema accepts, written as literals`, () => {
      fc.assert(
        fc.property(validArgumentsArbitrary(target, hints), (args) => {
          const { query } = requestFor(target.role, target.field, args, 'literal');
          expect(validate(schema, parse(query)).map((error) => error.message)).toEqual([]);
        }),
        { numRuns: 50 },
      );
    });
  }
});
