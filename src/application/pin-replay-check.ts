/**
 * The PIN check for a replayed answer. An idempotency key of a PIN-authorized mutation (login,
 * openAccount, the ATM operations) is matched on the input WITHOUT the PIN: otherwise "same key, other
 * PIN" (refused) and "same key, same PIN" (replayed) would tell a guesser whether a PIN is right,
 * without the lockout or the attempt limit ever counting. So before a stored success is replayed, the
 * PIN given now is checked against the account, like any PIN attempt:
 *
 * - it matches and the account is open: the replay goes ahead, and nothing is appended;
 * - it does not match: the attempt goes through signing in (customer-sign-in.ts), which records the
 *   failure (the lockout counts it) and gives the caller the same refusal as a normal wrong PIN;
 * - the account is locked or closed meanwhile: that refusal, so no session token is handed out for it.
 */
import type { AccountState } from '../domain/account/account-decider.ts';
import { isPinMatching } from '../domain/account/account-pin.ts';
import type { Rejection } from '../domain/decider.ts';
import { wrongPinRejection } from './authorization-refusals.ts';
import type { CommandDispatcher } from './command-dispatcher.ts';
import type { CustomerSignIn } from './customer-sign-in.ts';

export type PinReplayCheck = (accountId: string, pin: string) => Promise<Rejection | null>;

export function createPinReplayCheck(deps: {
  readonly dispatcher: Pick<CommandDispatcher, 'loadAggregateState'>;
  readonly signIn: CustomerSignIn;
}): PinReplayCheck {
  return async (accountId, pin) => {
    const { state } = await deps.dispatcher.loadAggregateState('Accounts.ConfirmAuthorization', accountId);
    const account = state as AccountState;
    // The right PIN on an open account: replay, appending nothing.
    if (account.status === 'open' && !account.isLocked && (await isPinMatching(pin, account.pinHash))) return null;
    const outcome = await deps.signIn.signIn({ accountId, pin });
    if (outcome.kind === 'signedIn') return null;
    return outcome.kind === 'rejected' ? outcome.rejection : wrongPinRejection(accountId, null);
  };
}
