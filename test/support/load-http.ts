/**
 * One GraphQL request over real HTTP, as the load and crash suites send it: POST JSON with the
 * operator's `authorization` header, timed, and classified so that nothing a client could see is
 * lost. The outcome is
 * - `data`: the server answered with data (the mutation's union member is in it);
 * - `graphql-errors`: the answer carried errors (bad input the schema refused, a masked failure);
 * - `http-error`: a status other than 200 without a GraphQL answer (a 429, a 5xx, …);
 * - `network`: no answer, the connection failed (the server is down or was killed mid-request);
 * - `timeout`: no answer within the request timeout (a hang).
 *
 * `probeIdempotencyKeys` asks the server whether mutation inputs take an `idempotencyKey` yet.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import { DepositDocument } from '../../client/generated/graphql.ts';

export type CallOutcome<Result> =
  | { readonly kind: 'data'; readonly status: number; readonly data: Result }
  | { readonly kind: 'graphql-errors'; readonly status: number; readonly messages: readonly string[]; readonly codes: readonly string[] }
  | { readonly kind: 'http-error'; readonly status: number; readonly body: string }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'timeout' };

export interface CallResult<Result> {
  readonly outcome: CallOutcome<Result>;
  readonly latencyMs: number;
}

export interface GraphQLCaller {
  /** Requests sent and not answered yet. */
  readonly inFlight: number;
  call<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables, signal?: AbortSignal): Promise<CallResult<Result>>;
}

const printed = new WeakMap<DocumentNode, string>();
export function documentText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
}

interface GraphQLBody {
  readonly data?: unknown;
  readonly errors?: readonly { readonly message?: string; readonly extensions?: { readonly code?: unknown } }[];
}

export function createGraphQLCaller(url: () => string, authorization: string, timeoutMs = 30_000): GraphQLCaller {
  let inFlight = 0;
  return {
    get inFlight() {
      return inFlight;
    },
    async call<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables, signal?: AbortSignal): Promise<CallResult<Result>> {
      const started = performance.now();
      const timeout = AbortSignal.timeout(timeoutMs);
      inFlight += 1;
      try {
        const outcome = await send<Result>(url(), authorization, documentText(document), variables, signal ? AbortSignal.any([signal, timeout]) : timeout, timeout);
        return { outcome, latencyMs: performance.now() - started };
      } finally {
        inFlight -= 1;
      }
    },
  };
}

async function send<Result>(url: string, authorization: string, query: string, variables: unknown, signal: AbortSignal, timeout: AbortSignal): Promise<CallOutcome<Result>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) return { kind: 'timeout' };
    return { kind: 'network', message: messageOf(error) };
  }
  let body: GraphQLBody | undefined;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    body = undefined;
  }
  if (body?.errors && body.errors.length > 0) {
    return {
      kind: 'graphql-errors',
      status: response.status,
      messages: body.errors.map((e) => e.message ?? ''),
      codes: body.errors.map((e) => String(e.extensions?.code ?? 'NO_CODE')),
    };
  }
  if (response.status !== 200 || body?.data === undefined || body.data === null) {
    return { kind: 'http-error', status: response.status, body: text.slice(0, 300) };
  }
  // The document's type says what its data holds; the server is the one being tested, not the types.
  return { kind: 'data', status: response.status, data: body.data as Result };
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

export type IdempotencyKeySupport = { readonly supported: true } | { readonly supported: false; readonly reason: string };

/**
 * Sends a deposit that the server refuses whatever it does with keys (amount 0, the nil account) with
 * an `idempotencyKey`: a schema without the field refuses the variables naming `idempotencyKey`.
 */
export async function probeIdempotencyKeys(caller: GraphQLCaller): Promise<IdempotencyKeySupport> {
  const input = { accountId: '00000000-0000-0000-0000-000000000000', amount: 0, idempotencyKey: `probe-${crypto.randomUUID()}` };
  const { outcome } = await caller.call(DepositDocument, { input, consistency: 'EVENTUAL' });
  if (outcome.kind === 'data') return { supported: true };
  if (outcome.kind === 'graphql-errors' && outcome.messages.some((m) => m.includes('idempotencyKey'))) {
    return { supported: false, reason: `the server refuses the field: ${outcome.messages.join(' ')}` };
  }
  return { supported: false, reason: `the probe got no usable answer: ${JSON.stringify(outcome).slice(0, 300)}` };
}
