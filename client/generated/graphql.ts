/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AccountStatus =
  /** Takes nothing any more. */
  | 'CLOSED'
  /** Too many wrong PINs: ATM operations are refused until an operator unlocks it. */
  | 'LOCKED'
  /** Takes deposits and withdrawals. */
  | 'OPEN';

/** A past moment: give a position, a time, or both (then the earlier of the two wins). */
export type AsOf = {
  /** Include events up to this position (a decimal string). */
  position?: string | null | undefined;
  /** Include events recorded up to this time. */
  time?: string | null | undefined;
};

export type AtmOperationStatus =
  /** STRONG: the saga ended and the money moved. */
  | 'COMPLETED'
  /** EVENTUAL: the PIN was accepted and the saga goes on in the background. */
  | 'PENDING';

export type CloseAccountInput = {
  accountId: string | number;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
};

/** How long a mutation waits before it answers. */
export type Consistency =
  /** Answer as soon as the change is stored (for an ATM operation: as soon as the PIN is accepted; it is then PENDING). Objects read from the read models in the answer may not show the change yet. */
  | 'EVENTUAL'
  /** Answer once every read model includes the change: a query right after sees it, and the ATM operations report how they ended. */
  | 'STRONG';

export type DepositInput = {
  accountId: string | number;
  /** More than 0. */
  amount: number;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
};

export type DepositStatus =
  /** The account was credited and the ATM kept the notes. */
  | 'COMPLETED'
  /** Refused (see `reason`); the notes were handed back. */
  | 'DECLINED'
  /** The saga is still running. */
  | 'PENDING';

export type FlowNodeKind =
  /** A command, known from the events it produced (or named by them as their cause). */
  | 'COMMAND'
  /** A recorded event. */
  | 'EVENT';

export type InitiateDepositInput = {
  accountId: string | number;
  /** The cash to put in, more than 0. */
  amount: number;
  /** The ATM; the bank's default ATM when omitted. */
  atmId?: string | number | null | undefined;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
  /** The account's PIN. Three wrong PINs in a row lock the account. */
  pin: string;
};

export type InitiateWithdrawalInput = {
  accountId: string | number;
  /** The cash to take out, more than 0. */
  amount: number;
  /** The ATM; the bank's default ATM when omitted. */
  atmId?: string | number | null | undefined;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
  /** The account's PIN. Three wrong PINs in a row lock the account. */
  pin: string;
};

export type LoginInput = {
  accountId: string | number;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
  /** The account's PIN. Three wrong PINs in a row lock the account. */
  pin: string;
};

export type OpenAccountInput = {
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
  /** The owner's name, 1 to 200 characters. */
  owner: string;
  /** 4 to 12 digits. Only a salted hash of it is stored. */
  pin: string;
};

export type RefillAtmInput = {
  /** More than 0. */
  amount: number;
  atmId: string | number;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
};

export type RegisterAtmInput = {
  /** A UUID; a new one is chosen when omitted. */
  atmId?: string | number | null | undefined;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
  /** The cash loaded at registration; 0 is allowed. */
  initialCash: number;
};

export type TransactionKind =
  /** Money in, at the counter or at an ATM. */
  | 'DEPOSIT'
  /** An ATM withdrawal given back because the machine could not hand out the notes. */
  | 'REFUND'
  /** Money out, at the counter or at an ATM. */
  | 'WITHDRAWAL';

export type UnlockAccountInput = {
  accountId: string | number;
  /** Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours. */
  idempotencyKey?: string | null | undefined;
};

export type WithdrawalStatus =
  /** The notes were handed out. */
  | 'COMPLETED'
  /** Refused (see `reason`); no money moved. */
  | 'DECLINED'
  /** The saga is still running. */
  | 'PENDING'
  /** The account was debited, the ATM failed to hand out the notes, and the money went back. */
  | 'REFUNDED';

export type OpenAccountMutationVariables = Exact<{
  input: OpenAccountInput;
  consistency?: Consistency | null | undefined;
}>;


export type OpenAccountMutation = { openAccount:
    | { __typename: 'AccountClosedError', code: string, message: string }
    | { __typename: 'AccountLockedError', code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'OpenAccountSuccess', accountId: string, position: string, token: string, tokenExpiresAt: string, account: { id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string } | null }
    | { __typename: 'TooManyAttemptsError', code: string, message: string }
    | { __typename: 'WrongPinError', code: string, message: string }
   };

export type DepositMutationVariables = Exact<{
  input: DepositInput;
  consistency?: Consistency | null | undefined;
}>;


export type DepositMutation = { deposit:
    | { __typename: 'AccountClosedError', code: string, message: string }
    | { __typename: 'BalanceOverflowError', amount: number | null, code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'DepositSuccess', accountId: string, position: string, account: { id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string } | null }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'NotFoundError', code: string, message: string }
   };

export type CloseAccountMutationVariables = Exact<{
  input: CloseAccountInput;
  consistency?: Consistency | null | undefined;
}>;


export type CloseAccountMutation = { closeAccount:
    | { __typename: 'AccountClosedError', code: string, message: string }
    | { __typename: 'BalanceNotZeroError', balance: number | null, code: string, message: string }
    | { __typename: 'CloseAccountSuccess', accountId: string, position: string, account: { id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string } | null }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
   };

export type UnlockAccountMutationVariables = Exact<{
  input: UnlockAccountInput;
  consistency?: Consistency | null | undefined;
}>;


export type UnlockAccountMutation = { unlockAccount:
    | { __typename: 'AccountClosedError', code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'UnlockAccountSuccess', accountId: string, position: string, account: { id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string } | null }
   };

export type AccountFieldsFragment = { id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string };

export type AccountQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AccountQuery = { account: { id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string, transactions: { nodes: Array<{ id: string, kind: TransactionKind, amount: number, balanceAfter: number, atmId: string | null, operationId: string | null, position: string, occurredAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AccountAsOfQueryVariables = Exact<{
  id: string | number;
  asOf: AsOf;
}>;


export type AccountAsOfQuery = { account: { id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string, transactions: { nodes: Array<{ id: string, kind: TransactionKind, amount: number, balanceAfter: number, position: string, occurredAt: string }> } } | null };

export type AccountsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AccountsQuery = { accounts: { nodes: Array<{ id: string, owner: string, balance: number, status: AccountStatus, version: number, position: string, openedAt: string, updatedAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AtmFieldsFragment = { id: string, cash: number, reserved: number, available: number, registeredAt: string, updatedAt: string };

export type WithdrawalFieldsFragment = { id: string, accountId: string, atmId: string, amount: number, status: WithdrawalStatus, reason: string | null, requestedAt: string, updatedAt: string, completedAt: string | null };

export type RegisterAtmMutationVariables = Exact<{
  input: RegisterAtmInput;
  consistency?: Consistency | null | undefined;
}>;


export type RegisterAtmMutation = { registerAtm:
    | { __typename: 'AlreadyExistsError', code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'RegisterAtmSuccess', atmId: string, position: string, atm: { id: string, cash: number, reserved: number, available: number, registeredAt: string, updatedAt: string } | null }
   };

export type RefillAtmMutationVariables = Exact<{
  input: RefillAtmInput;
  consistency?: Consistency | null | undefined;
}>;


export type RefillAtmMutation = { refillAtm:
    | { __typename: 'BalanceOverflowError', code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RefillAtmSuccess', atmId: string, position: string, atm: { id: string, cash: number, reserved: number, available: number, registeredAt: string, updatedAt: string } | null }
   };

export type InitiateWithdrawalMutationVariables = Exact<{
  input: InitiateWithdrawalInput;
  consistency?: Consistency | null | undefined;
}>;


export type InitiateWithdrawalMutation = { initiateWithdrawal:
    | { __typename: 'AccountClosedError', code: string, message: string }
    | { __typename: 'AccountLockedError', accountId: string, code: string, message: string }
    | { __typename: 'AtmOutOfCashError', atmId: string, requested: number | null, operationId: string | null, code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InitiateWithdrawalSuccess', withdrawalId: string, status: AtmOperationStatus, position: string, withdrawal: { id: string, accountId: string, atmId: string, amount: number, status: WithdrawalStatus, reason: string | null, requestedAt: string, updatedAt: string, completedAt: string | null } | null, account: { id: string, balance: number } | null }
    | { __typename: 'InsufficientFundsError', accountId: string, balance: number | null, requested: number | null, operationId: string | null, code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'OperationDeclinedError', code: string, message: string }
    | { __typename: 'TooManyAttemptsError', code: string, message: string }
    | { __typename: 'WrongPinError', accountId: string, consecutiveFailures: number | null, code: string, message: string }
   };

export type InitiateDepositMutationVariables = Exact<{
  input: InitiateDepositInput;
  consistency?: Consistency | null | undefined;
}>;


export type InitiateDepositMutation = { initiateDeposit:
    | { __typename: 'AccountClosedError', code: string, message: string }
    | { __typename: 'AccountLockedError', accountId: string, code: string, message: string }
    | { __typename: 'BalanceOverflowError', code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InitiateDepositSuccess', depositId: string, status: AtmOperationStatus, position: string, deposit: { id: string, accountId: string, atmId: string, amount: number, status: DepositStatus, reason: string | null } | null, account: { id: string, balance: number } | null }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'OperationDeclinedError', code: string, message: string }
    | { __typename: 'TooManyAttemptsError', code: string, message: string }
    | { __typename: 'WrongPinError', accountId: string, consecutiveFailures: number | null, code: string, message: string }
   };

export type AtmQueryVariables = Exact<{
  id: string | number;
}>;


export type AtmQuery = { atm: { id: string, cash: number, reserved: number, available: number, registeredAt: string, updatedAt: string } | null };

export type AtmsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AtmsQuery = { atms: { nodes: Array<{ id: string, cash: number, reserved: number, available: number, registeredAt: string, updatedAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WithdrawalQueryVariables = Exact<{
  id: string | number;
}>;


export type WithdrawalQuery = { withdrawal: { id: string, accountId: string, atmId: string, amount: number, status: WithdrawalStatus, reason: string | null, requestedAt: string, updatedAt: string, completedAt: string | null, account: { id: string, balance: number } | null, atm: { id: string, cash: number } | null } | null };

export type AtmDepositQueryVariables = Exact<{
  id: string | number;
}>;


export type AtmDepositQuery = { deposit: { id: string, accountId: string, atmId: string, amount: number, status: DepositStatus, reason: string | null, requestedAt: string, updatedAt: string, completedAt: string | null } | null };

type DomainEventFields_AccountsAccountClosed_Fragment = { __typename: 'AccountsAccountClosed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsAccountLocked_Fragment = { __typename: 'AccountsAccountLocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsAccountOpened_Fragment = { __typename: 'AccountsAccountOpened', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsAccountUnlocked_Fragment = { __typename: 'AccountsAccountUnlocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsAuthorizationConfirmed_Fragment = { __typename: 'AccountsAuthorizationConfirmed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsAuthorizationFailed_Fragment = { __typename: 'AccountsAuthorizationFailed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsMoneyDeposited_Fragment = { __typename: 'AccountsMoneyDeposited', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsMoneyWithdrawn_Fragment = { __typename: 'AccountsMoneyWithdrawn', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_AccountsWithdrawalRefunded_Fragment = { __typename: 'AccountsWithdrawalRefunded', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersAtmRefilled_Fragment = { __typename: 'TellersAtmRefilled', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersAtmRegistered_Fragment = { __typename: 'TellersAtmRegistered', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersDepositDeclined_Fragment = { __typename: 'TellersDepositDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersDepositInitiated_Fragment = { __typename: 'TellersDepositInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersDispenseFaultReported_Fragment = { __typename: 'TellersDispenseFaultReported', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersMoneyDeposited_Fragment = { __typename: 'TellersMoneyDeposited', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersMoneyWithdrawn_Fragment = { __typename: 'TellersMoneyWithdrawn', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersWithdrawalDeclined_Fragment = { __typename: 'TellersWithdrawalDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_TellersWithdrawalInitiated_Fragment = { __typename: 'TellersWithdrawalInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

type DomainEventFields_UnknownEvent_Fragment = { __typename: 'UnknownEvent', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string };

export type DomainEventFieldsFragment =
  | DomainEventFields_AccountsAccountClosed_Fragment
  | DomainEventFields_AccountsAccountLocked_Fragment
  | DomainEventFields_AccountsAccountOpened_Fragment
  | DomainEventFields_AccountsAccountUnlocked_Fragment
  | DomainEventFields_AccountsAuthorizationConfirmed_Fragment
  | DomainEventFields_AccountsAuthorizationFailed_Fragment
  | DomainEventFields_AccountsMoneyDeposited_Fragment
  | DomainEventFields_AccountsMoneyWithdrawn_Fragment
  | DomainEventFields_AccountsWithdrawalRefunded_Fragment
  | DomainEventFields_TellersAtmRefilled_Fragment
  | DomainEventFields_TellersAtmRegistered_Fragment
  | DomainEventFields_TellersDepositDeclined_Fragment
  | DomainEventFields_TellersDepositInitiated_Fragment
  | DomainEventFields_TellersDispenseFaultReported_Fragment
  | DomainEventFields_TellersMoneyDeposited_Fragment
  | DomainEventFields_TellersMoneyWithdrawn_Fragment
  | DomainEventFields_TellersWithdrawalDeclined_Fragment
  | DomainEventFields_TellersWithdrawalInitiated_Fragment
  | DomainEventFields_UnknownEvent_Fragment
;

export type EventLogQueryVariables = Exact<{
  streamId?: string | null | undefined;
  correlationId?: string | number | null | undefined;
  afterPosition?: string | null | undefined;
  types?: Array<string> | string | null | undefined;
  first?: number | null | undefined;
}>;


export type EventLogQuery = { events: { hasNextPage: boolean, endPosition: string | null, nodes: Array<
      | { __typename: 'AccountsAccountClosed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsAccountLocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsAccountOpened', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsAccountUnlocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsAuthorizationConfirmed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsAuthorizationFailed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsMoneyDeposited', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsMoneyWithdrawn', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'AccountsWithdrawalRefunded', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersAtmRefilled', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersAtmRegistered', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersDepositDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersDepositInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersDispenseFaultReported', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersMoneyDeposited', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersMoneyWithdrawn', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersWithdrawalDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'TellersWithdrawalInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
      | { __typename: 'UnknownEvent', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    > } };

export type FlowQueryVariables = Exact<{
  correlationId: string | number;
}>;


export type FlowQuery = { flow: { correlationId: string, rootIds: Array<string>, nodes: Array<{ id: string, kind: FlowNodeKind, type: string, parentId: string | null, depth: number, issuedBy: string | null, event:
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
        | { eventId: string, eventType: string, position: string, causationId: string | null, correlationId: string | null }
       | null }> } | null };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login:
    | { __typename: 'AccountClosedError', accountId: string, code: string, message: string }
    | { __typename: 'AccountLockedError', accountId: string, code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'LoginSuccess', accountId: string, token: string, expiresAt: string }
    | { __typename: 'TooManyAttemptsError', retryAfterSeconds: number, code: string, message: string }
    | { __typename: 'WrongPinError', accountId: string, consecutiveFailures: number | null, code: string, message: string }
   };

export type OpenAccountAndSignInMutationVariables = Exact<{
  input: OpenAccountInput;
  consistency?: Consistency | null | undefined;
}>;


export type OpenAccountAndSignInMutation = { openAccount:
    | { __typename: 'AccountClosedError', code: string, message: string }
    | { __typename: 'AccountLockedError', code: string, message: string }
    | { __typename: 'CommandRejectedError', code: string, message: string }
    | { __typename: 'ConcurrencyConflictError', code: string, message: string }
    | { __typename: 'ConsistencyTimeoutError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: string, message: string }> }
    | { __typename: 'OpenAccountSuccess', accountId: string, position: string, token: string, tokenExpiresAt: string }
    | { __typename: 'TooManyAttemptsError', code: string, message: string }
    | { __typename: 'WrongPinError', code: string, message: string }
   };

export type LiveEventsSubscriptionVariables = Exact<{
  afterPosition?: string | null | undefined;
  streamId?: string | null | undefined;
  types?: Array<string> | string | null | undefined;
}>;


export type LiveEventsSubscription = { events:
    | { __typename: 'AccountsAccountClosed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAccountLocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAccountOpened', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAccountUnlocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAuthorizationConfirmed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAuthorizationFailed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsMoneyDeposited', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsMoneyWithdrawn', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsWithdrawalRefunded', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersAtmRefilled', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersAtmRegistered', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersDepositDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersDepositInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersDispenseFaultReported', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersMoneyDeposited', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersMoneyWithdrawn', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersWithdrawalDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersWithdrawalInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'UnknownEvent', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
   };

export type AccountEventsSubscriptionVariables = Exact<{
  accountId: string | number;
  afterPosition?: string | null | undefined;
}>;


export type AccountEventsSubscription = { accountEvents:
    | { __typename: 'AccountsAccountClosed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAccountLocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAccountOpened', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAccountUnlocked', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAuthorizationConfirmed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsAuthorizationFailed', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsMoneyDeposited', amount: number, newBalance: number, eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsMoneyWithdrawn', amount: number, newBalance: number, eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'AccountsWithdrawalRefunded', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersAtmRefilled', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersAtmRegistered', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersDepositDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersDepositInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersDispenseFaultReported', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersMoneyDeposited', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersMoneyWithdrawn', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersWithdrawalDeclined', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'TellersWithdrawalInitiated', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
    | { __typename: 'UnknownEvent', eventId: string, eventType: string, schemaVersion: number, streamId: string, version: number, position: string, causationId: string | null, correlationId: string | null, data: unknown, metadata: unknown, createdAt: string }
   };

export type WithdrawalStatusSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type WithdrawalStatusSubscription = { withdrawal: { id: string, accountId: string, atmId: string, amount: number, status: WithdrawalStatus, reason: string | null, requestedAt: string, updatedAt: string, completedAt: string | null } };

export const AccountFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AccountFieldsFragment, unknown>;
export const AtmFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AtmFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Atm"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cash"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AtmFieldsFragment, unknown>;
export const WithdrawalFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WithdrawalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Withdrawal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]} as unknown as DocumentNode<WithdrawalFieldsFragment, unknown>;
export const DomainEventFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"schemaVersion"}},{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"causationId"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<DomainEventFieldsFragment, unknown>;
export const OpenAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OpenAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpenAccountInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OpenAccountSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<OpenAccountMutation, OpenAccountMutationVariables>;
export const DepositDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Deposit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DepositInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deposit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DepositSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BalanceOverflowError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DepositMutation, DepositMutationVariables>;
export const CloseAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloseAccountInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CloseAccountSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BalanceNotZeroError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"balance"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CloseAccountMutation, CloseAccountMutationVariables>;
export const UnlockAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnlockAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnlockAccountInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unlockAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnlockAccountSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UnlockAccountMutation, UnlockAccountMutationVariables>;
export const AccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Account"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"balanceAfter"}},{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AccountQuery, AccountQueryVariables>;
export const AccountAsOfDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountAsOf"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AsOf"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"balanceAfter"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AccountAsOfQuery, AccountAsOfQueryVariables>;
export const AccountsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Accounts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AccountsQuery, AccountsQueryVariables>;
export const RegisterAtmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterAtm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterAtmInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerAtm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterAtmSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"atm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AtmFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AtmFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Atm"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cash"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RegisterAtmMutation, RegisterAtmMutationVariables>;
export const RefillAtmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefillAtm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RefillAtmInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refillAtm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RefillAtmSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"atm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AtmFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AtmFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Atm"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cash"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RefillAtmMutation, RefillAtmMutationVariables>;
export const InitiateWithdrawalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InitiateWithdrawal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InitiateWithdrawalInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"initiateWithdrawal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InitiateWithdrawalSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawalId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WithdrawalFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WrongPinError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AccountLockedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientFundsError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"requested"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AtmOutOfCashError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"requested"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WithdrawalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Withdrawal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]} as unknown as DocumentNode<InitiateWithdrawalMutation, InitiateWithdrawalMutationVariables>;
export const InitiateDepositDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InitiateDeposit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InitiateDepositInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"initiateDeposit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InitiateDepositSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"depositId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"deposit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WrongPinError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AccountLockedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<InitiateDepositMutation, InitiateDepositMutationVariables>;
export const AtmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Atm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"atm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AtmFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AtmFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Atm"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cash"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AtmQuery, AtmQueryVariables>;
export const AtmsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Atms"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"atms"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AtmFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AtmFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Atm"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cash"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AtmsQuery, AtmsQueryVariables>;
export const WithdrawalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Withdrawal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WithdrawalFields"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"atm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cash"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WithdrawalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Withdrawal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]} as unknown as DocumentNode<WithdrawalQuery, WithdrawalQueryVariables>;
export const AtmDepositDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AtmDeposit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deposit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]}}]} as unknown as DocumentNode<AtmDepositQuery, AtmDepositQueryVariables>;
export const EventLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EventLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"correlationId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterPosition"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"streamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"correlationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"correlationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterPosition"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterPosition"}}},{"kind":"Argument","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainEventFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endPosition"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"schemaVersion"}},{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"causationId"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<EventLogQuery, EventLogQueryVariables>;
export const FlowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Flow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"correlationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"flow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"correlationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"correlationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"rootIds"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"parentId"}},{"kind":"Field","name":{"kind":"Name","value":"depth"}},{"kind":"Field","name":{"kind":"Name","value":"issuedBy"}},{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"causationId"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FlowQuery, FlowQueryVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LoginSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WrongPinError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AccountLockedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AccountClosedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TooManyAttemptsError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const OpenAccountAndSignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OpenAccountAndSignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpenAccountInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"consistency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"consistency"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OpenAccountSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<OpenAccountAndSignInMutation, OpenAccountAndSignInMutationVariables>;
export const LiveEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterPosition"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"afterPosition"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterPosition"}}},{"kind":"Argument","name":{"kind":"Name","value":"streamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainEventFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"schemaVersion"}},{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"causationId"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<LiveEventsSubscription, LiveEventsSubscriptionVariables>;
export const AccountEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AccountEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterPosition"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterPosition"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterPosition"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainEventFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AccountsMoneyDeposited"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"newBalance"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AccountsMoneyWithdrawn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"newBalance"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"schemaVersion"}},{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"causationId"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<AccountEventsSubscription, AccountEventsSubscriptionVariables>;
export const WithdrawalStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WithdrawalStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WithdrawalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WithdrawalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Withdrawal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"atmId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]} as unknown as DocumentNode<WithdrawalStatusSubscription, WithdrawalStatusSubscriptionVariables>;