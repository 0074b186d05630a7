/**
 * The error members of the mutation result unions. Every one implements `DomainError { code, message }`:
 * `code` is the domain's rejection code (`AccountNotFound`, `InsufficientFunds`, …) and `message` a
 * sentence for a person; the type name groups codes a client handles alike (`NotFoundError` for every
 * missing thing). Each type adds the values a client may show, taken from the rejection's details.
 *
 * `errorOfRejection` maps a rejection to its type; a code with no type of its own (a middleware's
 * refusal, say) becomes `CommandRejectedError`, which every result union includes.
 */
import type { Rejection } from '../domain/decider.ts';
import type { ValidationIssue } from '../application/dispatch-outcome.ts';
import { builder, type GraphQLSchemaTypes } from './builder.ts';

export const ERROR_TYPE_NAMES = [
  'InvalidInputError',
  'NotFoundError',
  'AlreadyExistsError',
  'WrongPinError',
  'AccountLockedError',
  'AccountClosedError',
  'InsufficientFundsError',
  'AtmOutOfCashError',
  'BalanceNotZeroError',
  'BalanceOverflowError',
  'OperationDeclinedError',
  'ConcurrencyConflictError',
  'ConsistencyTimeoutError',
  'CommandRejectedError',
  'TooManyAttemptsError',
  'IdempotencyKeyReusedError',
  'IdempotencyKeyInUseError',
] as const;

export type ErrorTypeName = (typeof ERROR_TYPE_NAMES)[number];

/** What every error object carries; `details` holds the rejection's values, `fields` the bad input fields. */
export interface ErrorResult {
  readonly __typename: ErrorTypeName;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly fields: readonly ValidationIssue[];
}

const TYPE_OF_CODE: Readonly<Record<string, ErrorTypeName>> = {
  AccountNotFound: 'NotFoundError',
  AtmNotFound: 'NotFoundError',
  WithdrawalNotFound: 'NotFoundError',
  DepositNotFound: 'NotFoundError',
  AccountAlreadyOpened: 'AlreadyExistsError',
  AtmAlreadyRegistered: 'AlreadyExistsError',
  WrongPin: 'WrongPinError',
  AccountLocked: 'AccountLockedError',
  AccountClosed: 'AccountClosedError',
  InsufficientFunds: 'InsufficientFundsError',
  AtmOutOfCash: 'AtmOutOfCashError',
  BalanceNotZero: 'BalanceNotZeroError',
  BalanceOverflow: 'BalanceOverflowError',
  CashOverflow: 'BalanceOverflowError',
  OperationDeclined: 'OperationDeclinedError',
  ConcurrencyConflict: 'ConcurrencyConflictError',
  InvalidAmount: 'InvalidInputError',
  TooManyAttempts: 'TooManyAttemptsError',
  IdempotencyKeyReused: 'IdempotencyKeyReusedError',
  IdempotencyKeyInUse: 'IdempotencyKeyInUseError',
};

const detailsOf = (rejection: Rejection): Record<string, unknown> =>
  typeof rejection.details === 'object' && rejection.details !== null ? { ...rejection.details } : {};

/** The error object for a rejection; `allowed` are the members of the union it is returned in. */
export function errorOfRejection(rejection: Rejection, allowed: ReadonlySet<ErrorTypeName>): ErrorResult {
  const mapped = TYPE_OF_CODE[rejection.code];
  const typename = mapped !== undefined && allowed.has(mapped) ? mapped : 'CommandRejectedError';
  const fields = typename === 'InvalidInputError' ? [{ path: 'amount', message: rejection.message }] : [];
  return { __typename: typename, code: rejection.code, message: rejection.message, details: detailsOf(rejection), fields };
}

/** Whether a value is an error object (made before the service was called) rather than a service outcome. */
export function isErrorResult(value: unknown): value is ErrorResult {
  return typeof value === 'object' && value !== null && '__typename' in value;
}

export function invalidInputError(issues: readonly ValidationIssue[]): ErrorResult {
  const listed = issues.map((issue) => `${issue.path || 'input'}: ${issue.message}`).join(' ');
  return { __typename: 'InvalidInputError', code: 'InvalidInput', message: `The input is not valid. ${listed}`, details: {}, fields: issues };
}

export function plainError(typename: ErrorTypeName, code: string, message: string, details: Record<string, unknown> = {}): ErrorResult {
  return { __typename: typename, code, message, details, fields: [] };
}

export const DomainErrorRef = builder.interfaceRef<ErrorResult>('DomainError').implement({
  description: 'A refusal the caller can act on. `code` names the reason (stable, for programs); `message` explains it to a person.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

const FieldErrorRef = builder.objectRef<ValidationIssue>('FieldError').implement({
  description: 'One input field that is not valid.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The field, dotted from the input object (`amount`, `owner`); empty for the input as a whole.' }),
    message: t.exposeString('message'),
  }),
});

type ErrorFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<GraphQLSchemaTypes, ErrorResult>;

const text = (details: Readonly<Record<string, unknown>>, key: string): string | null => {
  const value = details[key];
  return typeof value === 'string' ? value : null;
};
const integer = (details: Readonly<Record<string, unknown>>, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
};

/**
 * Fields read from the rejection's details. The ids every producer of the code sets are non-null, so
 * they merge with the success types' non-null `accountId`/`atmId` in one selection on the union.
 */
const detailFields = {
  id: (t: ErrorFieldBuilder, key: string, description: string) =>
    t.id({ nullable: true, description, resolve: (error) => text(error.details, key) }),
  requiredId: (t: ErrorFieldBuilder, key: string, description: string) =>
    t.id({
      description,
      resolve: (error) => {
        const id = text(error.details, key);
        if (id === null) throw new Error(`The rejection ${error.code} carries no ${key} in its details.`);
        return id;
      },
    }),
  money: (t: ErrorFieldBuilder, key: string, description: string) =>
    t.field({ type: 'Money', nullable: true, description, resolve: (error) => integer(error.details, key) }),
};

const operationIdField = (t: ErrorFieldBuilder) =>
  detailFields.id(t, 'operationId', 'The withdrawal or deposit that was recorded and declined, when it got that far.');

const ERROR_TYPES: Record<ErrorTypeName, { readonly description: string; readonly fields?: (t: ErrorFieldBuilder) => object }> = {
  InvalidInputError: {
    description: 'The input breaks a rule (a PIN of 4 to 12 digits, a positive amount, a UUID, …). Nothing was stored.',
    fields: (t) => ({ fields: t.field({ type: [FieldErrorRef], resolve: (error) => error.fields }) }),
  },
  NotFoundError: {
    description: 'The account, ATM, withdrawal or deposit does not exist. `code` says which: AccountNotFound, AtmNotFound, …',
    fields: (t) => ({
      id: t.id({ nullable: true, resolve: (e) => text(e.details, 'accountId') ?? text(e.details, 'atmId') ?? text(e.details, 'withdrawalId') ?? text(e.details, 'depositId') }),
    }),
  },
  AlreadyExistsError: {
    description: 'Something with this id exists already (AccountAlreadyOpened, AtmAlreadyRegistered).',
    fields: (t) => ({ id: t.id({ nullable: true, resolve: (e) => text(e.details, 'accountId') ?? text(e.details, 'atmId') }) }),
  },
  WrongPinError: {
    description: 'The account id or the PIN is not correct (the two are not told apart). Three wrong PINs in a row lock the account.',
    fields: (t) => ({
      accountId: detailFields.requiredId(t, 'accountId', 'The account.'),
      consecutiveFailures: t.int({
        nullable: true,
        description: 'Wrong PINs in a row, this one included. Shown to operators only (it would tell others which accounts exist); null otherwise.',
        resolve: (e, _args, { principal }) => (principal.kind === 'operator' ? integer(e.details, 'consecutiveFailures') : null),
      }),
    }),
  },
  AccountLockedError: {
    description: 'The account is locked after too many wrong PINs; an operator can unlock it (unlockAccount).',
    fields: (t) => ({ accountId: detailFields.requiredId(t, 'accountId', 'The locked account.') }),
  },
  AccountClosedError: {
    description: 'The account is closed and accepts no more operations.',
    fields: (t) => ({ accountId: detailFields.requiredId(t, 'accountId', 'The closed account.'), operationId: operationIdField(t) }),
  },
  InsufficientFundsError: {
    description: 'The account does not hold enough money.',
    fields: (t) => ({
      accountId: detailFields.requiredId(t, 'accountId', 'The account.'),
      balance: detailFields.money(t, 'balance', 'The balance when it was refused, when known.'),
      requested: detailFields.money(t, 'requested', 'The amount asked for.'),
      operationId: operationIdField(t),
    }),
  },
  AtmOutOfCashError: {
    description: 'The ATM does not hold enough cash for that amount. Try a smaller amount or another ATM.',
    fields: (t) => ({
      atmId: detailFields.requiredId(t, 'atmId', 'The ATM.'),
      requested: detailFields.money(t, 'amount', 'The amount asked for.'),
      operationId: operationIdField(t),
    }),
  },
  BalanceNotZeroError: {
    description: 'An account can be closed only when empty.',
    fields: (t) => ({
      accountId: detailFields.requiredId(t, 'accountId', 'The account.'),
      balance: detailFields.money(t, 'balance', 'What it still holds.'),
    }),
  },
  BalanceOverflowError: {
    description: 'The amount would take a balance or an ATM\'s cash past the largest amount held exactly (BalanceOverflow, CashOverflow).',
    fields: (t) => ({ amount: detailFields.money(t, 'amount', 'The amount that did not fit.'), operationId: operationIdField(t) }),
  },
  OperationDeclinedError: {
    description: 'The ATM operation was recorded and then declined for a reason with no error type of its own; `code` is OperationDeclined.',
    fields: (t) => ({
      reason: t.string({ resolve: (e) => text(e.details, 'reason') ?? 'UNKNOWN' }),
      operationId: operationIdField(t),
    }),
  },
  ConcurrencyConflictError: {
    description: 'Too many requests changed the same account or ATM at once; nothing was stored. Retrying is safe.',
  },
  ConsistencyTimeoutError: {
    description:
      'The change IS stored, but the read models (or the ATM saga) did not catch up within the wait: queries may not show it yet. Do not repeat the operation; query again later.',
    fields: (t) => ({
      waitedForPosition: t.string({
        nullable: true,
        description: 'The position of the stored change the wait was for, when known.',
        resolve: (e) => integer(e.details, 'position')?.toString() ?? null,
      }),
    }),
  },
  CommandRejectedError: {
    description: 'Refused for a reason with no error type of its own; `code` names it.',
  },
  TooManyAttemptsError: {
    description: 'Too many wrong PINs came from your address lately: PIN attempts from it are refused for a while. Nothing was tried.',
    fields: (t) => ({
      retryAfterSeconds: t.int({ description: 'How long to wait before trying again.', resolve: (e) => integer(e.details, 'retryAfterSeconds') ?? 1 }),
    }),
  },
  IdempotencyKeyReusedError: {
    description: 'The idempotencyKey was used before with a different input or for another mutation. Nothing was done: use a new key for a new request.',
  },
  IdempotencyKeyInUseError: {
    description: 'A request with this idempotencyKey is still running. Nothing was done: send the same request again in a moment to get its answer.',
    fields: (t) => ({
      retryAfterSeconds: t.int({ description: 'How long to wait before asking again.', resolve: (e) => integer(e.details, 'retryAfterSeconds') ?? 1 }),
    }),
  },
};

export const errorRefs = Object.fromEntries(
  ERROR_TYPE_NAMES.map((name) => {
    const { description, fields } = ERROR_TYPES[name];
    const ref = builder.objectRef<ErrorResult>(name).implement({
      description,
      interfaces: [DomainErrorRef],
      isTypeOf: (value) => typeof value === 'object' && value !== null && (value as { __typename?: unknown }).__typename === name,
      fields: (t) => ({ ...(fields?.(t) ?? {}) }),
    });
    return [name, ref];
  }),
) as Record<ErrorTypeName, ReturnType<typeof builder.objectRef<ErrorResult>>>;
