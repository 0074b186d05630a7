/**
 * What a refused PIN check tells the caller, shared by the ATM operations and signing in. A wrong PIN
 * and an unknown account read the same (`WrongPin`, one message), so the answer does not tell anyone
 * which account ids exist; only the failure count differs, and the API shows it to operators only.
 * A locked or closed account is said so: its holder must learn why.
 */
import type { Rejection } from '../domain/decider.ts';
import type { RecordedEvent } from '../event-store/event-store.ts';

export const WRONG_PIN_MESSAGE = 'The account id or the PIN is not correct. Three wrong PINs in a row lock an account.';

export function wrongPinRejection(accountId: string, consecutiveFailures: number | null): Rejection {
  return { code: 'WrongPin', message: WRONG_PIN_MESSAGE, details: { accountId, consecutiveFailures } };
}

/** The refusal for an `Accounts.AuthorizationFailed` event. */
export function authorizationRefusal(failed: RecordedEvent): Rejection {
  const reason = String(failed.data.reason);
  const accountId = String(failed.data.accountId);
  switch (reason) {
    case 'ACCOUNT_LOCKED':
      return { code: 'AccountLocked', message: 'This account is locked after too many wrong PINs. An operator can unlock it.', details: { accountId } };
    case 'ACCOUNT_CLOSED':
      return { code: 'AccountClosed', message: 'This account is closed.', details: { accountId } };
    default: {
      const failures = failed.data.consecutiveFailures;
      return wrongPinRejection(accountId, typeof failures === 'number' ? failures : null);
    }
  }
}

/** The answer to a PIN check on an account that does not exist: the same as a wrong PIN. */
export function unknownAccountRefusal(rejection: Rejection, accountId: string): Rejection {
  return rejection.code === 'AccountNotFound' ? wrongPinRejection(accountId, null) : rejection;
}
