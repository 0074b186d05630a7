/**
 * One fuzz case from start to end: build the request for a field and its fuzzed arguments, mark the
 * store, send it over HTTP, wait until the store is quiet again, then run every oracle and throw with
 * the whole story (request, answer, violations) when one fails, for fast-check to shrink and report.
 *
 * Also lists the fields to fuzz (every field of Mutation, Query and Subscription in the schema) and
 * builds the arbitrary of a case for each.
 */
import fc from 'fast-check';
import { type GraphQLField, type GraphQLSchema, isInterfaceType } from 'graphql';
import { argumentArbitraries } from './fuzz-arbitraries.ts';
import type { FuzzHints } from './fuzz-leaf-arbitraries.ts';
import { type ArgumentStyle, requestFor } from './fuzz-documents.ts';
import { type FuzzAnswer, sendGraphQL } from './fuzz-http.ts';
import {
  containsWholeToken,
  type FieldRole,
  leaks,
  outcomeOf,
  type Outcome,
  pinEchoes,
  pinsIn,
  sentStrings,
  serverFaults,
  storeViolations,
  stringsIn,
  unnamedDeclines,
} from './fuzz-oracles.ts';
import type { FuzzStats } from './fuzz-stats.ts';
import { changesSince, markStore } from './fuzz-store-probe.ts';
import type { GraphQLHttpServer } from './graphql-http-server.ts';

export interface FuzzTarget {
  readonly role: FieldRole;
  readonly field: GraphQLField<unknown, unknown>;
  /** `mutation deposit`, … */
  readonly label: string;
}

export interface FuzzCase {
  readonly args: Readonly<Record<string, unknown>>;
  readonly style: ArgumentStyle;
}

export interface FuzzContext {
  readonly api: GraphQLHttpServer;
  readonly database: string;
  readonly tables: readonly string[];
  readonly stats: FuzzStats;
  readonly errorTypes: ReadonlySet<string>;
  /** Oracles switched off by FUZZ_IGNORE (names as in {@link Violation}). */
  readonly ignored: ReadonlySet<string>;
  /** The loopback address to send from (see fuzz-http.ts: the PIN attempt limit is per address). */
  readonly localAddress?: string;
}

export type OracleName = 'server-fault' | 'leak' | 'pin-echo' | 'pin-in-log' | 'store' | 'decline-id' | 'stuck' | 'auth';

/** The oracles FUZZ_IGNORE switches off (a warning says so: their findings are then not reported). */
export function ignoredOracles(): Set<OracleName> {
  const ignored = new Set((process.env.FUZZ_IGNORE ?? '').split(',').map((name) => name.trim()).filter(Boolean)) as Set<OracleName>;
  if (ignored.size > 0) console.warn(`FUZZ_IGNORE switches these oracles off: ${[...ignored].join(', ')}. Their findings are not reported.`);
  return ignored;
}

interface Violation {
  readonly oracle: OracleName;
  readonly message: string;
}

export function fuzzTargets(schema: GraphQLSchema): FuzzTarget[] {
  const roots: [FieldRole, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['mutation', schema.getMutationType()],
    ['query', schema.getQueryType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([role, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ role, field: field as GraphQLField<unknown, unknown>, label: `${role} ${field.name}` })),
  );
}

/** The names of the types implementing DomainError: a mutation answering one of them was refused. */
export function domainErrorTypes(schema: GraphQLSchema): Set<string> {
  const domainError = schema.getType('DomainError');
  return new Set(domainError && isInterfaceType(domainError) ? schema.getImplementations(domainError).objects.map((type) => type.name) : []);
}

const STYLES: readonly ArgumentStyle[] = ['variables', 'variables', 'literal'];

/**
 * Well-formed arguments or arguments with something wrong (half and half), as variables or literals.
 * Shrinking is capped at `maxShrinks` values: each one is a request, and a failure that depends on the
 * server's state (a balance at its maximum) would otherwise shrink for minutes.
 */
export function caseArbitrary(target: FuzzTarget, hints: FuzzHints, maxShrinks = 100): fc.Arbitrary<FuzzCase> {
  const args = argumentArbitraries(target.field.args, hints);
  const fuzzCase = fc.record({
    args: fc.oneof(args.valid, args.bad) as fc.Arbitrary<Record<string, unknown>>,
    style: fc.constantFrom(...STYLES),
  });
  return fc.limitShrink(fuzzCase, maxShrinks);
}

/** Well-formed arguments only (for fuzzing something else, such as a header). */
export function validArgumentsArbitrary(target: FuzzTarget, hints: FuzzHints): fc.Arbitrary<Record<string, unknown>> {
  return argumentArbitraries(target.field.args, hints).valid as fc.Arbitrary<Record<string, unknown>>;
}

/** A PIN of 8 characters or more (too long to turn up by chance) written to the server's log. */
function pinsInLog(lines: readonly string[], args: unknown): string[] {
  const pins = [...new Set(pinsIn(args))].filter((pin) => pin.length >= 8 && /[0-9]/.test(pin));
  return pins.flatMap((pin) => {
    const line = lines.find((text) => containsWholeToken(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'), pin));
    return line === undefined ? [] : [`the PIN ${JSON.stringify(pin)} is written to the log: ${line.slice(0, 400)}`];
  });
}

/**
 * Requests go one at a time, so nothing competes with a STRONG request: when its wait for the saga or
 * the read models still runs out (ConsistencyTimeoutError), something is stuck.
 */
function stuckWaits(outcome: Outcome): string[] {
  return outcome.kind === 'timedOut' ? ['a STRONG request timed out although nothing else was running: a saga or a read model is stuck'] : [];
}

const shorten = (text: string, length = 1_500): string => (text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text);

function shortenDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 60)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.length > 20 ? [...value.slice(0, 20).map(shortenDeep), `… ${value.length} items`] : value.map(shortenDeep);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenDeep(v)]));
  return value;
}

/** The operation up to its field's arguments: the selection set is the same for every case of a field. */
function withoutSelection(query: string): string {
  const selection = query.indexOf(' { __typename');
  return selection === -1 ? query : query.slice(0, selection);
}

export interface CaseResult {
  readonly answer: FuzzAnswer;
  readonly outcome: Outcome;
}

/**
 * Runs one case and throws when an oracle fails. `authorization` is the header to send;
 * `extraChecks` add oracles of the caller's (the Authorization header fuzz adds its own).
 */
export async function runFuzzCase(
  context: FuzzContext,
  target: FuzzTarget,
  fuzzCase: FuzzCase,
  authorization: string | undefined,
  extraChecks: (result: CaseResult) => string[] = () => [],
): Promise<CaseResult> {
  const { api, tables } = context;
  const request = requestFor(target.role, target.field, fuzzCase.args, fuzzCase.style);
  const mark = await markStore(api, tables);
  const answer = await sendGraphQL(api.url, request, { authorization, sse: target.role === 'subscription', localAddress: context.localAddress });
  const changes = await changesSince(api, tables, mark);
  const outcome = outcomeOf(answer, target.role, target.field.name, context.errorTypes);
  context.stats.record(context.database, target.label, outcome);
  const sent = sentStrings(fuzzCase.args, authorization === undefined ? [] : [authorization, ...stringsIn(authorization.split(' '))]);
  const violations: Violation[] = [
    ...serverFaults(answer, target.role).map((message) => ({ oracle: 'server-fault' as const, message })),
    ...leaks(answer, sent).map((message) => ({ oracle: 'leak' as const, message })),
    ...pinEchoes(answer, fuzzCase.args).map((message) => ({ oracle: 'pin-echo' as const, message })),
    ...pinsInLog(changes.newLogLines, fuzzCase.args).map((message) => ({ oracle: 'pin-in-log' as const, message })),
    ...storeViolations(target.role, outcome, fuzzCase.args, changes).map((message) => ({ oracle: 'store' as const, message })),
    ...unnamedDeclines(target.role, outcome, fuzzCase.args, changes).map((message) => ({ oracle: 'decline-id' as const, message })),
    ...stuckWaits(outcome).map((message) => ({ oracle: 'stuck' as const, message })),
    ...extraChecks({ answer, outcome }).map((message) => ({ oracle: 'auth' as const, message })),
  ].filter((violation) => !context.ignored.has(violation.oracle));
  if (violations.length > 0) {
    throw new Error(
      [
        `${target.label} on ${context.database}: ${violations.length} violation(s)`,
        ...violations.map((violation) => `- [${violation.oracle}] ${shorten(violation.message, 600)}`),
        `request: ${shorten(withoutSelection(request.query))} { …selection… }`,
        `variables: ${request.variables === undefined ? '(none)' : shorten(JSON.stringify(shortenDeep(request.variables)))}`,
        `authorization: ${authorization === undefined ? '(none)' : shorten(JSON.stringify(authorization), 200)}`,
        `answer: HTTP ${answer.status} ${answer.contentType} ${shorten(answer.text)}`,
        `outcome: ${outcome.kind} (${outcome.reason})`,
      ].join('\n'),
    );
  }
  return { answer, outcome };
}
