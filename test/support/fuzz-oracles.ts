/**
 * What the fuzzer checks on every answer, each check returning the violations it found (empty when
 * the answer is fine), so a failing case lists everything wrong at once:
 *
 * - {@link serverFaults}: no 5xx, no dropped connection, a body that is JSON (or SSE carrying JSON),
 *   and no masked internal error ("Unexpected error.": a resolver threw, the API's equivalent of a 500);
 * - {@link leaks}: no stack frame, source path, SQL, driver or validation-library text in any error
 *   text (GraphQL errors, `message` fields, non-JSON bodies), once what the request itself sent is
 *   taken out (an owner called "'; DROP TABLE" may be echoed back);
 * - {@link pinEchoes}: a value sent as a PIN never comes back in an error text;
 * - {@link outcomeOf} and {@link storeViolations}: a rejected request appends no event and writes no
 *   read-model row, except what the outcome rule of DESIGN.md records on purpose: a refused PIN is an
 *   event on the account (AuthorizationFailed, AccountLocked), and an ATM operation declined by its
 *   saga is recorded as one flow (one correlation id, ending in a `…Declined` event);
 * - {@link unnamedDeclines}: the error of such a declined operation names it (`operationId`).
 */
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import type { FuzzAnswer, GraphQLPayload } from './fuzz-http.ts';
import type { StoreChanges } from './fuzz-store-probe.ts';

export type Outcome =
  | { readonly kind: 'accepted'; readonly reason: string }
  /** ConsistencyTimeoutError: the change is stored, only the read side was slow. */
  | { readonly kind: 'timedOut'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string; readonly member?: Readonly<Record<string, unknown>> };

export type FieldRole = 'query' | 'mutation' | 'subscription';

const LEAK_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'a stack trace', pattern: / {4}at |\bat [\w$.<>]+ \(|\n\s+at / },
  { name: 'a source path', pattern: /\/src\/|node_modules|\.[cm]?[tj]sx?:\d|file:\/\// },
  {
    name: 'SQL or a database driver message',
    pattern:
      /syntax error at|violates|\brelation\s|duplicate key|\bkysely\b|\bpg\b|pglite|sqlstate|invalid input syntax|\bselect\b[^.]{0,80}\bfrom\b|insert into|update \w+ set|delete from|\bpg_\w|\bcolumn "|out of range for type|bigint|numeric field overflow|unterminated/i,
  },
  { name: 'a validation library', pattern: /ZodError|\binvalid_type\b|\bzod\b/i },
  { name: 'a JavaScript error', pattern: /\b(TypeError|ReferenceError|RangeError)\b|Cannot read propert|is not a function|undefined is not|\[object Object\]|\bNaN\b|\bundefined\b/ },
];

const MASKED = /^Unexpected error\.?$/;

/** No 5xx, readable JSON or SSE, no masked internal error. */
export function serverFaults(answer: FuzzAnswer, role: FieldRole): string[] {
  const faults: string[] = [];
  if (answer.status === 0) faults.push(...answer.unreadable);
  else {
    if (answer.status >= 500) faults.push(`HTTP ${answer.status}`);
    faults.push(...answer.unreadable);
    if (answer.payloads.length === 0 && !answer.waiting && answer.unreadable.length === 0) {
      faults.push(role === 'subscription' ? 'the SSE stream ended without a message' : 'the body is empty');
    }
  }
  for (const error of answer.payloads.flatMap((payload) => payload.errors ?? [])) {
    if (typeof error.message !== 'string' || error.message.trim() === '') faults.push(`a GraphQL error without a message: ${JSON.stringify(error)}`);
    else if (MASKED.test(error.message) || error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      faults.push(`an internal error (a resolver threw): ${JSON.stringify(error)}`);
    }
  }
  return faults;
}

/** Every string in a value, object keys included. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'bigint') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, v]) => [key, ...stringsIn(v)]);
  return [];
}

/** The texts of an answer a leak would show up in: GraphQL errors, `message` fields, a body that is not JSON. */
function errorTexts(answer: FuzzAnswer): string[] {
  const texts = answer.payloads.flatMap((payload: GraphQLPayload) => [
    ...(payload.errors ?? []).map((error) => JSON.stringify(error)),
    ...messagesIn(payload.data),
  ]);
  if (answer.payloads.length === 0) texts.push(answer.text);
  return texts;
}

function messagesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(messagesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'message' && typeof v === 'string' ? [v] : messagesIn(v)));
}

/** `text` with every occurrence of the strings the request sent taken out (as sent, and JSON-escaped). */
function withoutSent(text: string, sent: readonly string[]): string {
  let rest = text;
  for (const value of sent) {
    const escaped = JSON.stringify(value).slice(1, -1);
    const twiceEscaped = JSON.stringify(escaped).slice(1, -1);
    // A placeholder, not a space: `value 1.5 at` must not turn into the stack-frame pattern `    at `.
    for (const form of new Set([value, escaped, twiceEscaped])) rest = rest.replaceAll(form, '<sent>');
  }
  return rest;
}

/** The sent strings worth taking out, longest first (one character cannot hide a leak pattern). */
export function sentStrings(args: unknown, extra: readonly string[] = []): string[] {
  return [...new Set([...stringsIn(args), ...extra])].filter((s) => s.length >= 2).sort((a, b) => b.length - a.length);
}

export function leaks(answer: FuzzAnswer, sent: readonly string[]): string[] {
  const found: string[] = [];
  for (const text of errorTexts(answer)) {
    const rest = withoutSent(text, sent);
    for (const { name, pattern } of LEAK_PATTERNS) {
      const match = pattern.exec(rest);
      if (match) found.push(`${name} (${JSON.stringify(match[0])}) in ${JSON.stringify(text.slice(0, 400))}`);
    }
  }
  return found;
}

/** The values sent under a key that names a PIN, as text. */
export function pinsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(pinsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const here = /pin/i.test(key) && (typeof v === 'string' || typeof v === 'number') ? [String(v)] : [];
    return [...here, ...pinsIn(v)];
  });
}

function withoutPins(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPins);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !/pin/i.test(key)).map(([k, v]) => [k, withoutPins(v)]));
}

/**
 * Whether `token` occurs in `text` as a whole token: no letter or digit right before or after it.
 * Searched for, not compiled into a RegExp: a fuzzed PIN can be 100 000 characters long, which V8
 * refuses as a pattern.
 */
export function containsWholeToken(text: string, token: string): boolean {
  const isTokenCharacter = (character: string | undefined): boolean => character !== undefined && /[0-9A-Za-z]/.test(character);
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    if (!isTokenCharacter(text[at - 1]) && !isTokenCharacter(text[at + token.length])) return true;
  }
  return false;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A PIN (a value sent under a `pin` key, with a digit and at least 4 characters) that comes back in an
 * error text as a whole token. Skipped when the same token was also sent in another field (the
 * echo may be of that one); UUIDs are blanked first, since their groups are digit runs too.
 */
export function pinEchoes(answer: FuzzAnswer, args: unknown): string[] {
  const otherTokens = new Set(stringsIn(withoutPins(args)).flatMap((s) => [s, ...s.split(/[^0-9A-Za-z]+/)]));
  const pins = [...new Set(pinsIn(args))].filter((pin) => pin.length >= 4 && /[0-9]/.test(pin) && !otherTokens.has(pin));
  const found: string[] = [];
  for (const text of errorTexts(answer)) {
    const blanked = text.replace(UUIDS, '<uuid>');
    for (const pin of pins) {
      if (containsWholeToken(blanked, pin)) found.push(`the PIN ${JSON.stringify(pin)} is echoed back in ${JSON.stringify(text.slice(0, 400))}`);
    }
  }
  return found;
}

const codeOf = (payload: GraphQLPayload | undefined): string => {
  const code = payload?.errors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'no code';
};

/** Whether the request did what it asked (see {@link Outcome}); `errorTypes` are the DomainError types. */
export function outcomeOf(answer: FuzzAnswer, role: FieldRole, fieldName: string, errorTypes: ReadonlySet<string>): Outcome {
  const payload = answer.payloads[0];
  if (role === 'subscription' && answer.waiting && payload === undefined) return { kind: 'accepted', reason: 'subscribed (no event yet)' };
  if (payload === undefined) return { kind: 'rejected', reason: `HTTP ${answer.status}` };
  const value = payload.data?.[fieldName];
  if ((payload.errors?.length ?? 0) > 0 && (value === null || value === undefined)) {
    return { kind: 'rejected', reason: `GraphQL error ${codeOf(payload)} (HTTP ${answer.status})` };
  }
  if (role === 'mutation' && typeof value === 'object' && value !== null) {
    const member = value as Record<string, unknown>;
    const typename = String(member.__typename);
    if (typename === 'ConsistencyTimeoutError') return { kind: 'timedOut', reason: typename };
    if (errorTypes.has(typename)) return { kind: 'rejected', reason: `${typename} ${String(member.code)}`, member };
    return { kind: 'accepted', reason: typename };
  }
  return { kind: 'accepted', reason: value === null ? 'null' : role };
}

const PIN_REFUSALS = new Set(['WrongPin', 'AccountLocked', 'AccountClosed']);

/**
 * The one business flow a declined ATM operation recorded: every appended event carries the same
 * correlation id (the operation id) and one of them is a `…Declined` event. `undefined` otherwise.
 */
function declinedOperationOf(appended: readonly RecordedEvent[]): string | undefined {
  const correlation = appended[0]?.correlationId;
  if (correlation === null || correlation === undefined) return undefined;
  const oneFlow = appended.every((event) => event.correlationId === correlation);
  return oneFlow && appended.some((event) => event.eventType.endsWith('Declined')) ? correlation : undefined;
}

/** What a rejected request may have stored, by the outcome rule; `undefined` when nothing at all. */
function recordedOnPurpose(role: FieldRole, outcome: Outcome, args: unknown, appended: readonly RecordedEvent[]): ((event: RecordedEvent) => boolean) | undefined {
  if (role !== 'mutation' || outcome.kind !== 'rejected' || outcome.member === undefined || pinsIn(args).length === 0) return undefined;
  const { member } = outcome;
  const operationId = typeof member.operationId === 'string' ? member.operationId : declinedOperationOf(appended);
  if (operationId !== undefined) return (event) => event.correlationId === operationId;
  if (PIN_REFUSALS.has(String(member.code)) && typeof member.accountId === 'string') {
    const stream = `account-${member.accountId}`;
    return (event) => event.streamId === stream && /(Failed|Locked)$/.test(event.eventType);
  }
  return undefined;
}

/**
 * A refused ATM operation that its saga recorded and declined must name that operation
 * (`operationId`), so the client can find the DECLINED withdrawal or deposit the store now holds.
 */
export function unnamedDeclines(role: FieldRole, outcome: Outcome, args: unknown, changes: StoreChanges): string[] {
  if (role !== 'mutation' || outcome.kind !== 'rejected' || outcome.member === undefined || pinsIn(args).length === 0) return [];
  const recorded = declinedOperationOf(changes.appended);
  if (recorded === undefined || outcome.member.operationId === recorded) return [];
  return [
    `the ${outcome.reason} answer does not name the operation it recorded and declined (${recorded}): its operationId is ` +
      `${JSON.stringify(outcome.member.operationId ?? null)}${'operationId' in outcome.member ? '' : ' (the type has no operationId field)'}`,
  ];
}

const describeEvent = (event: RecordedEvent): string => `${event.eventType} at ${event.position} on ${event.streamId} (correlation ${event.correlationId ?? 'none'})`;

export function storeViolations(role: FieldRole, outcome: Outcome, args: unknown, changes: StoreChanges): string[] {
  if (role === 'mutation' && outcome.kind !== 'rejected') return [];
  const allowed = recordedOnPurpose(role, outcome, args, changes.appended);
  const what = role === 'mutation' ? `the rejected mutation (${outcome.reason})` : `the ${role}`;
  if (allowed) {
    const stray = changes.appended.filter((event) => !allowed(event));
    return stray.length === 0 ? [] : [`${what} appended events it should not have: ${stray.map(describeEvent).join('; ')}`];
  }
  const violations: string[] = [];
  if (changes.appended.length > 0) violations.push(`${what} appended ${changes.appended.length} event(s): ${changes.appended.map(describeEvent).join('; ')}`);
  if (changes.rowChanges.length > 0) violations.push(`${what} changed read-model rows: ${changes.rowChanges.join(', ')}`);
  return violations;
}
