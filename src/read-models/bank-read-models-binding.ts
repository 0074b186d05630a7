/**
 * Binds the read-model queries of this folder to the application's `BankReadModels` port, which is
 * all the API sees of the read side.
 */
import type { Kysely } from 'kysely';
import type { BankReadModels } from '../application/bank-read-models.ts';
import { createAccountsQueries } from './accounts/accounts-queries.ts';
import { createAtmOperationsQueries } from './atm-operations/atm-operations-queries.ts';
import { createAtmsQueries } from './atms/atms-queries.ts';
import type { ReadModelTables } from './read-model-tables.ts';

export function createBankReadModels(db: Kysely<ReadModelTables>): BankReadModels {
  const accounts = createAccountsQueries(db);
  const atms = createAtmsQueries(db);
  const operations = createAtmOperationsQueries(db);
  return {
    findAccount: (id) => accounts.findAccount(id),
    listAccounts: (page) => accounts.listAccounts(page),
    listTransactionsForAccounts: (accountIds, page) => accounts.listTransactions(accountIds, page),
    findAtm: (id) => atms.findAtm(id),
    listAtms: (page) => atms.listAtms(page),
    findWithdrawal: (id) => operations.findWithdrawal(id),
    findDeposit: (id) => operations.findDeposit(id),
  };
}
