/**
 * How service outcomes become members of the result unions, for the outcomes the integration tests
 * cannot provoke on demand (a lost race, a timed-out wait, a decline reason without its own type, a
 * refusal code nobody mapped).
 */
import { describe, expect, it } from 'vitest';
import type { AtmOperationStarted } from '../../src/application/atm-operation-outcome.ts';
import { declineRejection } from '../../src/application/bank-service.ts';
import { type ErrorTypeName, errorOfRejection } from '../../src/graphql/errors.ts';
import { toMutationResult } from '../../src/graphql/mutation-results.ts';
import '../../src/graphql/schema.ts';

const WITHDRAWAL_ERRORS = new Set<ErrorTypeName>([
  'InvalidInputError',
  'NotFoundError',
  'WrongPinError',
  'AccountLockedError',
  'AccountClosedError',
  'OperationDeclinedError',
  'InsufficientFundsError',
  'AtmOutOfCashError',
  'ConcurrencyConflictError',
  'ConsistencyTimeoutError',
  'CommandRejectedError',
]);
const success = () => ({ __typename: 'Success' as const });

describe('mutation results', () => {
  it('maps conflicts, timeouts and invalid input to their types', () => {
    expect(toMutationResult({ kind: 'conflict', streamId: 'account-1', attempts: 5 }, WITHDRAWAL_ERRORS, success)).toMatchObject({
      __typename: 'ConcurrencyConflictError',
      code: 'ConcurrencyConflict',
    });
    expect(toMutationResult({ kind: 'timedOut', message: 'slow', position: 42 }, WITHDRAWAL_ERRORS, success)).toMatchObject({
      __typename: 'ConsistencyTimeoutError',
      details: { position: 42 },
    });
    expect(toMutationResult({ kind: 'invalid', issues: [{ path: 'pin', message: 'digits' }] }, WITHDRAWAL_ERRORS, success)).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ path: 'pin', message: 'digits' }],
    });
    expect(toMutationResult({ kind: 'accepted', position: 1, accountId: 'a' }, WITHDRAWAL_ERRORS, success)).toEqual({ __typename: 'Success' });
  });

  it('falls back to CommandRejectedError for codes without a type, or not in the union', () => {
    expect(errorOfRejection({ code: 'RateLimited', message: 'slow down' }, WITHDRAWAL_ERRORS)).toMatchObject({ __typename: 'CommandRejectedError', code: 'RateLimited' });
    expect(errorOfRejection({ code: 'BalanceNotZero', message: 'not empty' }, WITHDRAWAL_ERRORS).__typename).toBe('CommandRejectedError');
  });

  it('turns each decline reason of an ATM operation into the error type it stands for', () => {
    const declined = (reason: string): AtmOperationStarted => ({
      kind: 'started',
      operation: 'withdrawal',
      operationId: '7d1b8f2e-3c4a-4f5e-9a6b-1c2d3e4f5a6b',
      accountId: '0b9d7c6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e',
      atmId: '1c915dd1-8bf0-4662-a2ce-60725b0c7de2',
      status: 'DECLINED',
      declineReason: reason,
      position: 9,
    });
    const typeOf = (reason: string) => errorOfRejection(declineRejection(declined(reason), 300), WITHDRAWAL_ERRORS);
    expect(typeOf('INSUFFICIENT_FUNDS')).toMatchObject({ __typename: 'InsufficientFundsError', details: { requested: 300, operationId: declined('').operationId } });
    expect(typeOf('ATM_OUT_OF_CASH')).toMatchObject({ __typename: 'AtmOutOfCashError', details: { amount: 300 } });
    expect(typeOf('ACCOUNT_CLOSED').__typename).toBe('AccountClosedError');
    expect(typeOf('ACCOUNT_NOT_FOUND').__typename).toBe('NotFoundError');
    expect(typeOf('ACCOUNT_REJECTED')).toMatchObject({ __typename: 'OperationDeclinedError', code: 'OperationDeclined', details: { reason: 'ACCOUNT_REJECTED' } });
    expect(errorOfRejection(declineRejection({ ...declined('BALANCE_OVERFLOW'), operation: 'deposit' }, 300), new Set(['BalanceOverflowError'])).__typename).toBe(
      'BalanceOverflowError',
    );
  });
});
