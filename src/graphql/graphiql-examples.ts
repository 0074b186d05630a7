/**
 * The operations GraphiQL opens with, one tab each, ready to run in order: open an account (copy its
 * id into the next tabs' variables), deposit, withdraw at the default ATM, look at the account and its
 * ledger, follow the withdrawal's flow in the event log, and watch events arrive live (GraphiQL runs
 * subscriptions over graphql-ws). Tabs that need a session token carry an `authorization` header to
 * fill in from OpenAccount's answer; the event log needs the operator token.
 */
const tab = (query: string, variables: Record<string, unknown>, authorization?: string) => ({
  query,
  variables: JSON.stringify(variables, null, 2),
  ...(authorization === undefined ? {} : { headers: JSON.stringify({ authorization }, null, 2) }),
});

const OPEN_ACCOUNT = `# Opens an account and signs you in. Copy the accountId into the other tabs' variables,
# and the token into their headers.
mutation OpenAccount($input: OpenAccountInput!) {
  openAccount(input: $input) {
    __typename
    ... on OpenAccountSuccess { accountId token tokenExpiresAt position account { id owner balance status } }
    ... on DomainError { code message }
    ... on InvalidInputError { fields { path message } }
  }
}`;

const DEPOSIT = `# Deposits 100.00 (10000 cents) at the counter.
mutation Deposit($input: DepositInput!) {
  deposit(input: $input) {
    __typename
    ... on DepositSuccess { position account { balance } }
    ... on DomainError { code message }
  }
}`;

const WITHDRAW = `# Withdraws 25.00 at the default ATM: the PIN authorizes it, no token needed. Try a wrong PIN, or more than the balance.
mutation Withdraw($input: InitiateWithdrawalInput!) {
  initiateWithdrawal(input: $input) {
    __typename
    ... on InitiateWithdrawalSuccess { withdrawalId status withdrawal { status amount } account { balance } }
    ... on WrongPinError { consecutiveFailures }
    ... on InsufficientFundsError { requested operationId }
    ... on DomainError { code message }
  }
}`;

const QUERY = `# The account, its ledger, and the account as it stood at an earlier position.
query Account($id: ID!, $position: String!) {
  account(id: $id) {
    owner balance status version
    transactions(first: 10) { nodes { kind amount balanceAfter occurredAt } pageInfo { hasNextPage endCursor } }
  }
  before: account(id: $id, asOf: { position: $position }) { balance version }
}`;

const EVENTS = `# Operators only (ESBANK_OPERATOR_TOKEN): the account's events, then the tree of the withdrawal's flow
# (its correlation id is the withdrawalId).
query Events($streamId: String!, $withdrawalId: ID!) {
  events(streamId: $streamId, first: 20) {
    nodes { __typename eventType version position correlationId ... on AccountsMoneyWithdrawn { amount newBalance } }
  }
  flow(correlationId: $withdrawalId) { nodes { depth kind type issuedBy } }
}`;

const WATCH = `# Your account's events live: run this, then Deposit or Withdraw in another tab. Each event carries
# its position; to resume after a disconnect, pass the last one you saw as afterPosition ("0" replays
# everything). Operators can follow every event with events(afterPosition: …).
subscription Watch($accountId: ID!, $afterPosition: String) {
  accountEvents(accountId: $accountId, afterPosition: $afterPosition) {
    __typename eventType streamId position correlationId causationId createdAt
    ... on AccountsMoneyDeposited { amount newBalance }
    ... on AccountsMoneyWithdrawn { amount newBalance }
  }
}`;

const ACCOUNT_ID = '<accountId from OpenAccount>';
const CUSTOMER = 'Bearer <token from OpenAccount>';
const OPERATOR = 'Bearer <ESBANK_OPERATOR_TOKEN>';

export const GRAPHIQL_TABS = [
  tab(OPEN_ACCOUNT, { input: { owner: 'Ada Lovelace', pin: '1234' } }),
  tab(DEPOSIT, { input: { accountId: ACCOUNT_ID, amount: 10000 } }, CUSTOMER),
  tab(WITHDRAW, { input: { accountId: ACCOUNT_ID, pin: '1234', amount: 2500 } }),
  tab(QUERY, { id: ACCOUNT_ID, position: '1' }, CUSTOMER),
  tab(EVENTS, { streamId: `account-${ACCOUNT_ID}`, withdrawalId: '<withdrawalId from Withdraw>' }, OPERATOR),
  tab(WATCH, { accountId: ACCOUNT_ID, afterPosition: null }, CUSTOMER),
];
