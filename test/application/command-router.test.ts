import { describe, expect, it } from 'vitest';
import { createCommandRouter, DuplicateRegistrationError, UnknownCommandTypeError } from '../../src/application/command-router.ts';
import { accountCommandDataSchemas } from '../../src/domain/account/account-schemas.ts';
import { type AccountAggregate, createAccountAggregate } from '../support/command-dispatch-fixtures.ts';

describe('command router', () => {
  it('routes every command type of a registered aggregate, with its identity field', () => {
    const router = createCommandRouter().register(createAccountAggregate());
    expect([...router.commandTypes()].sort()).toEqual(Object.keys(accountCommandDataSchemas).sort());
    const route = router.route('Accounts.DepositMoney');
    expect(route.aggregate.name).toBe('account');
    expect(route.identity).toBe('accountId');
  });

  it('throws a typed error for a command type nobody registered', () => {
    const router = createCommandRouter().register(createAccountAggregate());
    const routing = () => router.route('Accounts.TransferMoney');
    expect(routing).toThrow(UnknownCommandTypeError);
    try {
      routing();
    } catch (error) {
      expect(error).toMatchObject({ commandType: 'Accounts.TransferMoney' });
    }
  });

  it('refuses a command type registered twice', () => {
    const router = createCommandRouter().register(createAccountAggregate());
    const again = { ...createAccountAggregate(), name: 'account-copy' };
    expect(() => router.register(again)).toThrow(DuplicateRegistrationError);
    // The refused registration left nothing behind.
    expect(router.route('Accounts.OpenAccount').aggregate.name).toBe('account');
  });

  it('refuses two aggregates with the same name', () => {
    const router = createCommandRouter().register(createAccountAggregate());
    const sameName = { ...createAccountAggregate(), commands: {} as AccountAggregate['commands'] };
    expect(() => router.register(sameName)).toThrow(DuplicateRegistrationError);
  });
});
