/**
 * The bank's read-model projections, by name, with what the rest of the system needs to know about
 * each: the tables it owns (a rebuild replaces them together) and whether commands wait for it.
 *
 * All three are strongly consistent: a STRONG command returns only once the read models its caller
 * reads next include it (the account after a deposit; the account, the ATM and the withdrawal after a
 * completed ATM withdrawal). The composition root puts their runners behind the consistency gate.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Projection, ProjectionStore } from '../application/projection.ts';
import { createAccountsProjection } from './accounts/accounts-projection.ts';
import { ACCOUNTS_TABLES } from './accounts/accounts-table.ts';
import { createAtmOperationsProjection } from './atm-operations/atm-operations-projection.ts';
import { ATM_OPERATIONS_TABLES } from './atm-operations/atm-operations-table.ts';
import { createAtmsProjection } from './atms/atms-projection.ts';
import { ATMS_TABLES } from './atms/atms-table.ts';
import { createProjectionCheckpointStore } from './projection-checkpoints.ts';
import type { ReadModelTables } from './read-model-tables.ts';

export const READ_MODEL_NAMES = ['accounts', 'atms', 'atm-operations'] as const;
export type ReadModelName = (typeof READ_MODEL_NAMES)[number];

export type ReadModelTransaction = Transaction<ReadModelTables>;

export interface ReadModelProjection {
  readonly name: ReadModelName;
  readonly projection: Projection<ReadModelTransaction>;
  /** The tables only this projection writes. */
  readonly tables: readonly (keyof ReadModelTables)[];
  /** Commands wait until this projection has processed their events before they answer. */
  readonly stronglyConsistent: boolean;
}

export interface ReadModelProjections {
  /** Transactions and checkpoints for the projections' runners, on the live tables. */
  readonly projectionStore: ProjectionStore<ReadModelTransaction>;
  readonly byName: { readonly [Name in ReadModelName]: ReadModelProjection };
  /** Every projection, in the order of {@link READ_MODEL_NAMES}. */
  readonly all: readonly ReadModelProjection[];
}

export function isReadModelName(value: string): value is ReadModelName {
  return (READ_MODEL_NAMES as readonly string[]).includes(value);
}

export function createReadModelProjections(db: Kysely<ReadModelTables>): ReadModelProjections {
  const byName: ReadModelProjections['byName'] = {
    accounts: {
      name: 'accounts',
      projection: createAccountsProjection<ReadModelTables>(),
      tables: ACCOUNTS_TABLES,
      stronglyConsistent: true,
    },
    atms: { name: 'atms', projection: createAtmsProjection<ReadModelTables>(), tables: ATMS_TABLES, stronglyConsistent: true },
    'atm-operations': {
      name: 'atm-operations',
      projection: createAtmOperationsProjection<ReadModelTables>(),
      tables: ATM_OPERATIONS_TABLES,
      stronglyConsistent: true,
    },
  };
  return {
    projectionStore: createProjectionCheckpointStore(db),
    byName,
    all: READ_MODEL_NAMES.map((name) => byName[name]),
  };
}
