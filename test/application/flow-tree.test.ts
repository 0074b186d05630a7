/**
 * The flow tree, from recorded events only: commands come from the events' metadata, edges from
 * causation ids.
 */
import { describe, expect, it } from 'vitest';
import { buildFlowTree, type FlowEventInput, UNKNOWN_COMMAND_TYPE } from '../../src/application/flow-tree.ts';

let nextPosition = 0;
function event(eventId: string, eventType: string, causationId: string | null, metadata: Record<string, unknown>): FlowEventInput {
  nextPosition += 1;
  return { eventId, eventType, causationId, metadata, position: nextPosition };
}
const shape = (events: readonly FlowEventInput[]) =>
  buildFlowTree('flow', events).nodes.map((node) => [node.depth, node.kind, node.type, node.parentId, node.issuedBy]);

describe('buildFlowTree', () => {
  it('hangs the events of a command that started the flow under that command', () => {
    const events = [
      event('e1', 'Accounts.AccountOpened', 'c1', { commandId: 'c1', commandType: 'Accounts.OpenAccount' }),
      event('e2', 'Accounts.MoneyDeposited', 'c2', { commandId: 'c2', commandType: 'Accounts.DepositMoney' }),
    ];
    expect(shape(events)).toEqual([
      [0, 'COMMAND', 'Accounts.OpenAccount', null, null],
      [1, 'EVENT', 'Accounts.AccountOpened', 'c1', null],
      [0, 'COMMAND', 'Accounts.DepositMoney', null, null],
      [1, 'EVENT', 'Accounts.MoneyDeposited', 'c2', null],
    ]);
  });

  it('builds the ATM withdrawal chain: initiating command, authorization, then the saga steps', () => {
    const saga = { processManager: 'atm-withdrawal' };
    const events = [
      event('auth', 'Accounts.AuthorizationConfirmed', 'init', { commandId: 'confirm', commandType: 'Accounts.ConfirmAuthorization', causationCommandType: 'Tellers.InitiateWithdrawal' }),
      event('reserved', 'Tellers.WithdrawalInitiated', 'auth', { commandId: 'c-init', commandType: 'Tellers.InitiateWithdrawal', ...saga }),
      event('debited', 'Accounts.MoneyWithdrawn', 'reserved', { commandId: 'c-withdraw', commandType: 'Accounts.WithdrawMoney', ...saga }),
      event('paid', 'Tellers.MoneyWithdrawn', 'debited', { commandId: 'c-dispense', commandType: 'Tellers.DispenseCash', ...saga }),
    ];
    const tree = buildFlowTree('flow', [...events].reverse());
    expect(tree.rootIds).toEqual(['init']);
    expect(shape(events)).toEqual([
      [0, 'COMMAND', 'Tellers.InitiateWithdrawal', null, null],
      [1, 'COMMAND', 'Accounts.ConfirmAuthorization', 'init', null],
      [2, 'EVENT', 'Accounts.AuthorizationConfirmed', 'confirm', null],
      [3, 'COMMAND', 'Tellers.InitiateWithdrawal', 'auth', 'atm-withdrawal'],
      [4, 'EVENT', 'Tellers.WithdrawalInitiated', 'c-init', null],
      [5, 'COMMAND', 'Accounts.WithdrawMoney', 'reserved', 'atm-withdrawal'],
      [6, 'EVENT', 'Accounts.MoneyWithdrawn', 'c-withdraw', null],
      [7, 'COMMAND', 'Tellers.DispenseCash', 'debited', 'atm-withdrawal'],
      [8, 'EVENT', 'Tellers.MoneyWithdrawn', 'c-dispense', null],
    ]);
    expect(tree.nodes.find((n) => n.id === 'paid')?.event?.eventType).toBe('Tellers.MoneyWithdrawn');
  });

  it('orders siblings by position and keeps all events of one command together', () => {
    const events = [
      event('failed', 'Accounts.AuthorizationFailed', 'init', { commandId: 'confirm', commandType: 'Accounts.ConfirmAuthorization' }),
      event('locked', 'Accounts.AccountLocked', 'init', { commandId: 'confirm', commandType: 'Accounts.ConfirmAuthorization' }),
    ];
    expect(shape(events)).toEqual([
      [0, 'COMMAND', UNKNOWN_COMMAND_TYPE, null, null],
      [1, 'COMMAND', 'Accounts.ConfirmAuthorization', 'init', null],
      [2, 'EVENT', 'Accounts.AuthorizationFailed', 'confirm', null],
      [2, 'EVENT', 'Accounts.AccountLocked', 'confirm', null],
    ]);
  });

  it('copes with events without command metadata, and with causation cycles', () => {
    const plain = [event('a', 'Legacy.Happened', null, {}), event('b', 'Legacy.Followed', 'a', {})];
    expect(shape(plain)).toEqual([
      [0, 'EVENT', 'Legacy.Happened', null, null],
      [1, 'EVENT', 'Legacy.Followed', 'a', null],
    ]);
    const cycle = [event('x', 'Odd.One', 'y', {}), event('y', 'Odd.Two', 'x', {})];
    const tree = buildFlowTree('flow', cycle);
    expect(tree.nodes.map((n) => n.id).sort()).toEqual(['x', 'y']);
    expect(tree.rootIds).toHaveLength(1);
    expect(buildFlowTree('flow', []).nodes).toEqual([]);
  });
});
