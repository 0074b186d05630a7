/**
 * The accounts, ATMs and operations the fuzzer aims its valid-looking values at, created over HTTP as
 * the operator: funded accounts and one empty one (so closeAccount can succeed), all with one PIN (so
 * a fuzzed request that picks any pool account and the pool PIN is authorized), ATMs with plenty of
 * cash, one finished withdrawal and deposit (their ids feed `withdrawal(id)`, `flow(correlationId)`, …),
 * and real cursors and positions.
 *
 * Fuzzing wears the pool down (wrong PINs lock accounts, closeAccount closes them, withdrawals drain
 * them), so `refresh()` runs before each field: it unlocks, replaces closed accounts and tops up. It
 * also picks up accounts the fuzzer opened, as further targets (most of them empty, so closing them
 * can succeed).
 */
import { currentEventTypes } from '../../src/domain/event-type-catalog.ts';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import type { FuzzHints } from './fuzz-leaf-arbitraries.ts';
import { sendGraphQL } from './fuzz-http.ts';
import type { GraphQLHttpServer } from './graphql-http-server.ts';
import { OPERATOR_AUTHORIZATION } from './test-auth.ts';

/** The pool accounts' PIN: long and unusual, so an echo of it cannot be a coincidence. */
export const POOL_PIN = '73194826';

const FUNDS = 5_000_000;
const ATM_CASH = 50_000_000;

export interface FuzzPool {
  hints(): FuzzHints;
  refresh(): Promise<void>;
}

interface PoolAccount {
  id: string;
  readonly funded: boolean;
}

async function operatorRequest(api: GraphQLHttpServer, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const answer = await sendGraphQL(api.url, { query, variables }, { authorization: OPERATOR_AUTHORIZATION });
  const payload = answer.payloads[0];
  if (!payload?.data || (payload.errors?.length ?? 0) > 0) throw new Error(`Setting up the fuzz pool failed: ${answer.status} ${answer.text.slice(0, 500)}`);
  return payload.data;
}

/** Runs a mutation and returns its result member, which must have `__typename` `success`. */
async function mutate(api: GraphQLHttpServer, field: string, inputType: string, input: Record<string, unknown>, success: string, selection: string): Promise<Record<string, unknown>> {
  const data = await operatorRequest(
    api,
    `mutation Pool($input: ${inputType}!) { ${field}(input: $input) { __typename ... on DomainError { code message } ... on ${success} { ${selection} } } }`,
    { input },
  );
  const member = data[field] as Record<string, unknown>;
  if (member.__typename !== success) throw new Error(`Setting up the fuzz pool: ${field} answered ${JSON.stringify(member)}`);
  return member;
}

async function openAccount(api: GraphQLHttpServer, owner: string, funded: boolean): Promise<PoolAccount> {
  const { accountId } = await mutate(api, 'openAccount', 'OpenAccountInput', { owner, pin: POOL_PIN }, 'OpenAccountSuccess', 'accountId');
  if (funded) await mutate(api, 'deposit', 'DepositInput', { accountId, amount: FUNDS }, 'DepositSuccess', 'accountId');
  return { id: String(accountId), funded };
}

async function endCursor(api: GraphQLHttpServer, field: string): Promise<string | undefined> {
  const data = await operatorRequest(api, `{ ${field}(first: 1) { pageInfo { endCursor } } }`);
  const cursor = (data[field] as { pageInfo: { endCursor: string | null } }).pageInfo.endCursor;
  return cursor ?? undefined;
}

export async function createFuzzPool(api: GraphQLHttpServer): Promise<FuzzPool> {
  const atmIds = [DEFAULT_ATM_ID];
  for (let i = 0; i < 2; i += 1) {
    const { atmId } = await mutate(api, 'registerAtm', 'RegisterAtmInput', { initialCash: ATM_CASH }, 'RegisterAtmSuccess', 'atmId');
    atmIds.push(String(atmId));
  }
  const accounts: PoolAccount[] = [];
  for (const [index, owner] of ['Pool Funded A', 'Pool Funded B', 'Pool Funded C', 'Pool Empty D'].entries()) accounts.push(await openAccount(api, owner, index < 3));
  // Empty accounts outside the pool, for closeAccount to close (refresh lists them with the fuzzer's own).
  for (let i = 0; i < 4; i += 1) await openAccount(api, `Spare Empty ${i}`, false);
  const first = accounts[0]!.id;
  const operationInput = { accountId: first, pin: POOL_PIN, amount: 100, atmId: atmIds[1] };
  const { withdrawalId } = await mutate(api, 'initiateWithdrawal', 'InitiateWithdrawalInput', operationInput, 'InitiateWithdrawalSuccess', 'withdrawalId');
  const { depositId } = await mutate(api, 'initiateDeposit', 'InitiateDepositInput', operationInput, 'InitiateDepositSuccess', 'depositId');
  const operationIds = [String(withdrawalId), String(depositId)];
  const cursors = [await endCursor(api, 'accounts'), await endCursor(api, 'atms')].filter((c): c is string => c !== undefined);
  let accountsReplaced = 0;
  let otherAccountIds: string[] = [];

  const hints = (): FuzzHints => ({
    accountIds: accounts.map((account) => account.id),
    otherAccountIds,
    atmIds,
    operationIds,
    pins: [POOL_PIN],
    eventTypes: currentEventTypes.map((type) => type.type),
    streamIds: [...accounts.map((account) => `account-${account.id}`), ...atmIds.map((id) => `teller-${id}`)],
    cursors,
    positions: ['0', '1', '10'],
  });

  const refresh = async (): Promise<void> => {
    for (const account of accounts) {
      const data = await operatorRequest(api, 'query Pool($id: ID!) { account(id: $id) { status balance } }', { id: account.id });
      const view = data.account as { status: string; balance: number } | null;
      if (view === null || view.status === 'CLOSED') {
        accountsReplaced += 1;
        account.id = (await openAccount(api, `Pool Replacement ${accountsReplaced}`, account.funded)).id;
        continue;
      }
      if (view.status === 'LOCKED') await mutate(api, 'unlockAccount', 'UnlockAccountInput', { accountId: account.id }, 'UnlockAccountSuccess', 'accountId');
      if (account.funded && view.balance < FUNDS / 2) await mutate(api, 'deposit', 'DepositInput', { accountId: account.id, amount: FUNDS }, 'DepositSuccess', 'accountId');
    }
    const listed = await operatorRequest(api, '{ accounts(first: 100) { nodes { id } } }');
    const poolIds = new Set(accounts.map((account) => account.id));
    otherAccountIds = (listed.accounts as { nodes: { id: string }[] }).nodes.map((node) => node.id).filter((id) => !poolIds.has(id)).slice(0, 40);
    for (const atmId of atmIds) {
      const data = await operatorRequest(api, 'query Pool($id: ID!) { atm(id: $id) { available } }', { id: atmId });
      const atm = data.atm as { available: number } | null;
      if (atm !== null && atm.available < ATM_CASH / 2) await mutate(api, 'refillAtm', 'RefillAtmInput', { atmId, amount: ATM_CASH }, 'RefillAtmSuccess', 'atmId');
    }
  };

  return { hints, refresh };
}
