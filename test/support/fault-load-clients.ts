/**
 * Bank customers as load for fault tests: each client opens an account, funds it, then keeps sending
 * deposits, ATM withdrawals (with the PIN) and now and then a new account, alternating eventual and
 * strong consistency, over real HTTP, until told to stop. Every request is recorded with the phase of
 * the fault it was sent in (set by the test), how long it took and what came back, so the test can
 * check afterwards that every acknowledged change is in the store, and report what clients saw while
 * the database was away.
 *
 * Outcomes: the `__typename` of the mutation result (`DepositSuccess`, `ConsistencyTimeoutError`, …),
 * `GraphQLError:<code> (HTTP <status>)` when the answer carried errors instead (a masked infrastructure
 * failure is `GraphQLError:INTERNAL_SERVER_ERROR`), `HTTP <status>` for a non-GraphQL answer, `NoAnswer` when the
 * connection failed and `Timeout` when nothing came back within the request timeout (a hang).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import {
  type Consistency,
  DepositDocument,
  InitiateWithdrawalDocument,
  OpenAccountDocument,
} from '../../client/generated/graphql.ts';
import { OPERATOR_AUTHORIZATION } from './test-auth.ts';

export type LoadOperation = 'openAccount' | 'deposit' | 'initiateWithdrawal';

/** A change the server said it made (a `…Success`): the store must hold it afterwards. */
export type AcknowledgedChange =
  | { readonly kind: 'opened'; readonly accountId: string; readonly position: number }
  | { readonly kind: 'deposited'; readonly accountId: string; readonly amount: number; readonly position: number }
  | {
      readonly kind: 'withdrawalStarted';
      readonly accountId: string;
      readonly withdrawalId: string;
      readonly amount: number;
      /** PENDING (eventual) or how it ended (strong). */
      readonly status: string;
      readonly position: number;
    };

export interface RequestRecord {
  readonly client: number;
  readonly operation: LoadOperation;
  readonly consistency: Consistency;
  /** The test's phase when the request was sent, and when its answer came. */
  readonly sentIn: string;
  readonly answeredIn: string;
  readonly ms: number;
  readonly outcome: string;
  /** The error message, for anything but a success. */
  readonly message?: string;
  readonly acknowledged?: AcknowledgedChange;
}

export interface LoadOptions {
  readonly graphqlUrl: string;
  readonly clients: number;
  /** The test's current phase ("steady", "down 1", …), read at send and answer time. */
  readonly phase: () => string;
  /** A request without an answer after this long is aborted and recorded as `Timeout` (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Pause after a request that did not succeed, like a client backing off (default 100 ms). */
  readonly pauseAfterFailureMs?: number;
}

export interface RunningLoad {
  readonly records: readonly RequestRecord[];
  /** The accounts the clients opened (acknowledged or not yet known to be). */
  readonly accountIds: readonly string[];
  /** Asks every client to stop after its request in flight and waits for them. */
  stop(): Promise<void>;
}

export const LOAD_PIN = '4321';
const INITIAL_FUNDS = 10_000_000;
const WITHDRAWAL_AMOUNT = 100;

/** The rotation each client goes through, after opening and funding its own account. */
const ROTATION: readonly { operation: LoadOperation; consistency: Consistency }[] = [
  { operation: 'deposit', consistency: 'EVENTUAL' },
  { operation: 'initiateWithdrawal', consistency: 'EVENTUAL' },
  { operation: 'deposit', consistency: 'STRONG' },
  { operation: 'initiateWithdrawal', consistency: 'STRONG' },
  { operation: 'deposit', consistency: 'EVENTUAL' },
  { operation: 'initiateWithdrawal', consistency: 'EVENTUAL' },
  { operation: 'openAccount', consistency: 'EVENTUAL' },
];

export function startLoad(options: LoadOptions): RunningLoad {
  const records: RequestRecord[] = [];
  const accountIds: string[] = [];
  let stopping = false;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const pauseMs = options.pauseAfterFailureMs ?? 100;

  const send = async <Result, Variables>(
    client: number,
    operation: LoadOperation,
    consistency: Consistency,
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
    acknowledge: (result: Result) => { typename: string; message?: string; acknowledged?: AcknowledgedChange },
  ): Promise<RequestRecord> => {
    const sentIn = options.phase();
    const started = performance.now();
    const answer = await postGraphQL(options.graphqlUrl, document, variables, timeoutMs).then(
      (response) => classify(response, acknowledge),
      (error: unknown) => ({
        outcome: error instanceof Error && error.name === 'TimeoutError' ? 'Timeout' : 'NoAnswer',
        message: error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error),
      }),
    );
    const record: RequestRecord = { client, operation, consistency, sentIn, answeredIn: options.phase(), ms: performance.now() - started, ...answer };
    records.push(record);
    if (!record.outcome.endsWith('Success')) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    return record;
  };

  const openAccount = (client: number, consistency: Consistency, owner: string): Promise<RequestRecord> =>
    send(client, 'openAccount', consistency, OpenAccountDocument, { input: { owner, pin: LOAD_PIN }, consistency }, ({ openAccount: r }) => {
      if (r.__typename !== 'OpenAccountSuccess') return { typename: r.__typename, message: 'message' in r ? r.message : undefined };
      accountIds.push(r.accountId);
      return { typename: r.__typename, acknowledged: { kind: 'opened', accountId: r.accountId, position: Number(r.position) } };
    });

  const deposit = (client: number, consistency: Consistency, accountId: string, amount: number): Promise<RequestRecord> =>
    send(client, 'deposit', consistency, DepositDocument, { input: { accountId, amount }, consistency }, ({ deposit: r }) =>
      r.__typename === 'DepositSuccess'
        ? { typename: r.__typename, acknowledged: { kind: 'deposited', accountId: r.accountId, amount, position: Number(r.position) } }
        : { typename: r.__typename, message: 'message' in r ? r.message : undefined },
    );

  const withdraw = (client: number, consistency: Consistency, accountId: string): Promise<RequestRecord> =>
    send(
      client,
      'initiateWithdrawal',
      consistency,
      InitiateWithdrawalDocument,
      { input: { accountId, pin: LOAD_PIN, amount: WITHDRAWAL_AMOUNT }, consistency },
      ({ initiateWithdrawal: r }) =>
        r.__typename === 'InitiateWithdrawalSuccess'
          ? {
              typename: r.__typename,
              acknowledged: {
                kind: 'withdrawalStarted',
                accountId,
                withdrawalId: r.withdrawalId,
                amount: WITHDRAWAL_AMOUNT,
                status: r.status,
                position: Number(r.position),
              },
            }
          : { typename: r.__typename, message: 'message' in r ? r.message : undefined },
    );

  /** Repeats `attempt` until it succeeds or the load stops; the account set-up must not be lost to an outage. */
  const untilSuccess = async (attempt: () => Promise<RequestRecord>): Promise<RequestRecord | undefined> => {
    while (!stopping) {
      const record = await attempt();
      if (record.outcome.endsWith('Success')) return record;
    }
    return undefined;
  };

  const runClient = async (client: number): Promise<void> => {
    const opened = await untilSuccess(() => openAccount(client, 'STRONG', `Load client ${client}`));
    const accountId = opened?.acknowledged?.kind === 'opened' ? opened.acknowledged.accountId : undefined;
    if (!accountId || !(await untilSuccess(() => deposit(client, 'STRONG', accountId, INITIAL_FUNDS)))) return;
    for (let i = 0; !stopping; i += 1) {
      const step = ROTATION[i % ROTATION.length] ?? { operation: 'deposit', consistency: 'EVENTUAL' };
      if (step.operation === 'deposit') await deposit(client, step.consistency, accountId, 1 + ((client * 7_919 + i * 104_729) % 5_000));
      else if (step.operation === 'initiateWithdrawal') await withdraw(client, step.consistency, accountId);
      else await openAccount(client, step.consistency, `Load client ${client} extra ${i}`);
    }
  };

  const running = Promise.all(Array.from({ length: options.clients }, (_, client) => runClient(client)));
  return {
    records,
    accountIds,
    async stop() {
      stopping = true;
      await running;
    },
  };
}

interface GraphQLAnswer<Result> {
  readonly status: number;
  readonly data?: Result | null;
  readonly errors?: readonly { message: string; extensions?: { code?: unknown } }[];
  readonly text: string;
}

async function postGraphQL<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  timeoutMs: number,
): Promise<GraphQLAnswer<Result>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', authorization: OPERATOR_AUTHORIZATION },
    body: JSON.stringify({ query: printed(document), variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Omit<GraphQLAnswer<Result>, 'status' | 'text'>;
    return { status: response.status, data: body.data, errors: body.errors, text };
  } catch {
    return { status: response.status, text };
  }
}

function classify<Result>(
  answer: GraphQLAnswer<Result>,
  acknowledge: (result: Result) => { typename: string; message?: string; acknowledged?: AcknowledgedChange },
): Pick<RequestRecord, 'outcome' | 'message' | 'acknowledged'> {
  const firstError = answer.errors?.[0];
  let result: ReturnType<typeof acknowledge> | undefined;
  try {
    result = answer.data === undefined || answer.data === null ? undefined : acknowledge(answer.data);
  } catch {
    result = undefined; // `data` without the mutation's field (it failed as a whole): the errors say why.
  }
  // A success whose nested read failed (`account` of the result, read from the read models) still
  // happened: it counts as acknowledged, with the error kept as its message.
  if (result?.acknowledged) return { outcome: result.typename, message: firstError && `partly answered: ${firstError.message}`, acknowledged: result.acknowledged };
  if (firstError) return { outcome: `GraphQLError:${String(firstError.extensions?.code ?? 'none')} (HTTP ${answer.status})`, message: firstError.message };
  if (!result) return { outcome: `HTTP ${answer.status}`, message: answer.text.slice(0, 300) };
  return { outcome: result.typename, message: result.message };
}

const printedDocuments = new WeakMap<object, string>();
function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) printedDocuments.set(document, (text = print(document)));
  return text;
}
