/**
 * The bad requests of test/graphql/bad-input.e2e.test.ts, each sent as raw HTTP (most through the
 * generated documents' text, with variables no typed client would let through), with what it must
 * get back: a GraphQL error code, a DomainError member, or an HTTP status.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  AccountAsOfDocument,
  AccountEventsDocument,
  AccountsDocument,
  CloseAccountDocument,
  DepositDocument,
  EventLogDocument,
  InitiateWithdrawalDocument,
  LiveEventsDocument,
  OpenAccountDocument,
  RefillAtmDocument,
  RegisterAtmDocument,
  UnlockAccountDocument,
  WithdrawalStatusDocument,
} from '../../client/generated/graphql.ts';
import { OPERATOR_AUTHORIZATION } from './test-auth.ts';

export interface BadRequestContext {
  readonly url: string;
  /** An open account holding 5 000 cents, PIN 1234. */
  readonly accountId: string;
}

export interface BadRequest {
  readonly name: string;
  send(context: BadRequestContext): Promise<Response>;
  /** The HTTP status, when it matters. */
  readonly status?: number;
  /** A GraphQL error with this `extensions.code` (ANY: some GraphQL error with a message). */
  readonly errorCode?: string;
  /** A member of the mutation's result union. */
  readonly domainError?: { readonly typename: string; readonly code: string };
}

const UNKNOWN_ID = '5b6f0d2e-7c1a-4e8b-9a3d-2f4e6c8b0a1d';
/** As the operator, who may call everything: these requests fail for their input, not for access (see test/graphql/access.e2e.test.ts). */
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json', authorization: OPERATOR_AUTHORIZATION };

const post = (url: string, body: string, headers: Record<string, string> = JSON_HEADERS): Promise<Response> =>
  fetch(url, { method: 'POST', headers, body });
const postJson = (url: string, body: unknown): Promise<Response> => post(url, JSON.stringify(body));
/** A generated document sent with any variables at all. */
const send = (document: TypedDocumentNode<unknown, never>, variables: unknown) => ({ url }: BadRequestContext) =>
  postJson(url, { query: print(document), variables });
const query = (text: string, variables?: unknown) => ({ url }: BadRequestContext) => postJson(url, { query: text, variables });
const sse = (document: TypedDocumentNode<unknown, never>, variables: unknown) => ({ url }: BadRequestContext) =>
  post(url, JSON.stringify({ query: print(document), variables }), { 'content-type': 'application/json', accept: 'text/event-stream', authorization: OPERATOR_AUTHORIZATION });

const invalid = (name: string, sendIt: BadRequest['send']): BadRequest => ({ name, send: sendIt, domainError: { typename: 'InvalidInputError', code: 'InvalidInput' } });
const badInput = (name: string, sendIt: BadRequest['send']): BadRequest => ({ name, send: sendIt, errorCode: 'BAD_USER_INPUT' });
const refused = (name: string, sendIt: BadRequest['send'], errorCode = 'ANY'): BadRequest => ({ name, send: sendIt, errorCode });
const domain = (name: string, sendIt: BadRequest['send'], typename: string, code: string): BadRequest => ({ name, send: sendIt, domainError: { typename, code } });

const deposit = (variables: (context: BadRequestContext) => unknown) => (context: BadRequestContext) => send(DepositDocument, variables(context))(context);
const amount = (value: unknown) => deposit(({ accountId }) => ({ input: { accountId, amount: value } }));
const withdraw = (input: (context: BadRequestContext) => Record<string, unknown>) => (context: BadRequestContext) =>
  send(InitiateWithdrawalDocument, { input: { accountId: context.accountId, pin: '1234', amount: 100, ...input(context) } })(context);
const open = (input: Record<string, unknown>) => send(OpenAccountDocument, { input });

/** `{ account(id: …) { transactions { nodes { f { f { … } } } } } }`, `levels` fields deep (past the schema: the depth check comes first). */
const deepQuery = (levels: number): string => `{ account(id: "${UNKNOWN_ID}") { transactions { nodes { ${'f { '.repeat(levels)}id${' }'.repeat(levels)} } } } }`;
const aliases = (count: number): string => `{ ${Array.from({ length: count }, (_, i) => `a${i}: atms { nodes { id } }`).join(' ')} }`;
const COSTLY = '{ accounts(first: 100) { nodes { id transactions(first: 100) { nodes { id amount kind balanceAfter } } } } }';
const TWO_OPERATIONS = 'query A { atms { nodes { id } } } query B { accounts { nodes { id } } }';

export const BAD_REQUESTS: readonly BadRequest[] = [
  // Money
  badInput('deposit of a string amount', amount('100')),
  badInput('deposit of a fraction of a cent', amount(12.5)),
  badInput('deposit of a negative amount', amount(-100)),
  badInput('deposit past 2^53', amount(9_007_199_254_740_992)),
  badInput('deposit of 1e30', amount(1e30)),
  badInput('deposit of true', amount(true)),
  badInput('deposit of an object', amount({ cents: 100 })),
  refused('deposit of null', amount(null)),
  invalid('deposit of zero', amount(0)),
  refused('deposit with a decimal literal in the query', ({ url, accountId }) => postJson(url, { query: `mutation { deposit(input: { accountId: "${accountId}", amount: 12.50 }) { __typename } }` })),
  refused('deposit with a string literal in the query', ({ url, accountId }) => postJson(url, { query: `mutation { deposit(input: { accountId: "${accountId}", amount: "100" }) { __typename } }` })),
  refused('deposit with an exponent literal in the query', ({ url, accountId }) => postJson(url, { query: `mutation { deposit(input: { accountId: "${accountId}", amount: 1e3 }) { __typename } }` })),
  badInput('registerAtm with negative cash', send(RegisterAtmDocument, { input: { initialCash: -1 } })),
  // Ids
  invalid('deposit to an id that is not a UUID', deposit(() => ({ input: { accountId: 'abc', amount: 100 } }))),
  invalid('deposit to a number as id', deposit(() => ({ input: { accountId: 42, amount: 100 } }))),
  invalid('deposit to an SQL-looking id', deposit(() => ({ input: { accountId: "x'; drop table events; --", amount: 100 } }))),
  domain('deposit to an unknown account', deposit(() => ({ input: { accountId: UNKNOWN_ID, amount: 100 } })), 'NotFoundError', 'AccountNotFound'),
  // An unknown account reads like a wrong PIN, so the answer does not tell which account ids exist.
  domain('withdrawal from an unknown account', withdraw(() => ({ accountId: UNKNOWN_ID })), 'WrongPinError', 'WrongPin'),
  domain('withdrawal at an unknown ATM', withdraw(() => ({ atmId: UNKNOWN_ID })), 'NotFoundError', 'AtmNotFound'),
  invalid('withdrawal at an ATM id that is not a UUID', withdraw(() => ({ atmId: 'atm-1' }))),
  domain('refill of an unknown ATM', send(RefillAtmDocument, { input: { atmId: UNKNOWN_ID, amount: 100 } }), 'NotFoundError', 'AtmNotFound'),
  domain('unlock of an unknown account', send(UnlockAccountDocument, { input: { accountId: UNKNOWN_ID } }), 'NotFoundError', 'AccountNotFound'),
  domain('closing an account that still holds money', (context) => send(CloseAccountDocument, { input: { accountId: context.accountId } })(context), 'BalanceNotZeroError', 'BalanceNotZero'),
  // PINs and owners
  invalid('opening with a PIN too short', open({ owner: 'Eve', pin: '12' })),
  invalid('opening with a PIN too long', open({ owner: 'Eve', pin: '1234567890123' })),
  invalid('opening with a PIN that is not digits', open({ owner: 'Eve', pin: '12ab' })),
  refused('opening with a PIN sent as a number', open({ owner: 'Eve', pin: 1234 })),
  invalid('opening with an empty owner', open({ owner: '', pin: '1234' })),
  invalid('opening with an owner of 5 000 characters', open({ owner: 'E'.repeat(5_000), pin: '1234' })),
  invalid('withdrawal with a PIN too short', withdraw(() => ({ pin: '1' }))),
  invalid('withdrawal with a PIN of letters', withdraw(() => ({ pin: 'abcd' }))),
  invalid('withdrawal of zero', withdraw(() => ({ amount: 0 }))),
  // Missing and unknown fields, wrong shapes
  refused('opening without a PIN', open({ owner: 'Eve' })),
  refused('deposit without an amount', deposit(({ accountId }) => ({ input: { accountId } }))),
  refused('deposit without input', deposit(() => ({}))),
  refused('deposit with an unknown input field', deposit(({ accountId }) => ({ input: { accountId, amount: 100, currency: 'EUR' } }))),
  refused('mutation with an unknown consistency', deposit(({ accountId }) => ({ input: { accountId, amount: 100 }, consistency: 'MAYBE' }))),
  refused('variables that are not an object', ({ url }) => postJson(url, { query: print(AccountsDocument), variables: 'first=5' })),
  refused('query of an unknown field', query('{ accounts { nodes { id password } } }'), 'GRAPHQL_VALIDATION_FAILED'),
  refused('query with a syntax error', query('{ account(id: ) { id } }'), 'GRAPHQL_PARSE_FAILED'),
  refused('query with an unknown directive', query('{ atms @cached { nodes { id } } }'), 'GRAPHQL_VALIDATION_FAILED'),
  refused('fragments that spread each other', query('{ atms { ...A } } fragment A on AtmConnection { ...B } fragment B on AtmConnection { ...A }'), 'GRAPHQL_VALIDATION_FAILED'),
  refused('an empty query', query('')),
  refused('a body without a query', ({ url }) => postJson(url, { variables: {} })),
  refused('a JSON array as body (batching is off)', ({ url }) => postJson(url, [{ query: '{ atms { nodes { id } } }' }])),
  refused('an unknown operation name', ({ url }) => postJson(url, { query: TWO_OPERATIONS, operationName: 'C' })),
  refused('two operations without an operation name', query(TWO_OPERATIONS)),
  // Paging and positions
  badInput('accounts page of 1 000', send(AccountsDocument, { first: 1_000 })),
  badInput('accounts page of -1', send(AccountsDocument, { first: -1 })),
  badInput('accounts after a forged cursor', send(AccountsDocument, { after: 'not-a-cursor' })),
  badInput('events after a position that is not a number', send(EventLogDocument, { afterPosition: 'ten' })),
  badInput('events page of 0', send(EventLogDocument, { first: 0 })),
  badInput('account as of nothing', (context) => send(AccountAsOfDocument, { id: context.accountId, asOf: {} })(context)),
  badInput('account as of a time that is not a time', (context) => send(AccountAsOfDocument, { id: context.accountId, asOf: { time: 'yesterday' } })(context)),
  // Size, depth, aliases, cost
  { name: 'a body over the size limit', status: 413, send: ({ url }) => postJson(url, { query: `{ atms { nodes { id } } } # ${'x'.repeat(200_000)}` }) },
  refused('a query nested past the depth limit', query(deepQuery(20)), 'QUERY_TOO_DEEP'),
  refused('a query nested 5 000 levels deep', query(`{ ${'a { '.repeat(5_000)}b${' }'.repeat(5_000)} }`), 'QUERY_TOO_DEEP'),
  refused('variables nested 5 000 levels deep', ({ url, accountId }) =>
    post(url, `{"query": ${JSON.stringify(print(DepositDocument))}, "variables": {"input": {"accountId": "${accountId}", "amount": ${'['.repeat(5_000)}1${']'.repeat(5_000)}}}}`)),
  refused('a flood of aliases', query(aliases(31)), 'TOO_MANY_ALIASES'),
  refused('a flood of 2 000 aliases', query(aliases(2_000)), 'TOO_MANY_ALIASES'),
  refused('a query too costly', query(COSTLY), 'QUERY_TOO_COSTLY'),
  // HTTP level
  { name: 'invalid JSON', status: 400, errorCode: 'ANY', send: ({ url }) => post(url, '{"query": "{ atms { nodes { id } } }"') },
  { name: 'a GET without the CSRF header', status: 403, errorCode: 'CSRF_PREVENTED', send: ({ url }) => fetch(`${url}?query=${encodeURIComponent('{ atms { nodes { id } } }')}`, { headers: { accept: 'application/json', authorization: OPERATOR_AUTHORIZATION } }) },
  { name: 'a form-encoded POST', status: 403, errorCode: 'CSRF_PREVENTED', send: ({ url }) => post(url, 'query=%7B%20atms%20%7B%20nodes%20%7B%20id%20%7D%20%7D%20%7D', { 'content-type': 'application/x-www-form-urlencoded' }) },
  { name: 'a mutation over GET', status: 405, errorCode: 'ANY', send: ({ url, accountId }) => fetch(`${url}?query=${encodeURIComponent(`mutation { deposit(input: { accountId: "${accountId}", amount: 1 }) { __typename } }`)}`, { headers: { accept: 'application/json', 'x-graphql-csrf': '1', authorization: OPERATOR_AUTHORIZATION } }) },
  { name: 'a PUT', status: 405, send: ({ url }) => fetch(url, { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ atms { nodes { id } } }' }) }) },
  // Subscriptions over SSE
  badInput('an events subscription after a negative position', sse(LiveEventsDocument, { afterPosition: '-1' })),
  badInput('an events subscription for 51 types', sse(LiveEventsDocument, { types: Array.from({ length: 51 }, (_, i) => `Type${i}`) })),
  badInput('an account subscription for an id that is not a UUID', sse(AccountEventsDocument, { accountId: 'me' })),
  badInput('a withdrawal subscription for an id that is not a UUID', sse(WithdrawalStatusDocument, { id: '1 OR 1=1' })),
];
