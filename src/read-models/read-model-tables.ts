/**
 * Every table of the read-model database, as one kysely schema type: what the projections write,
 * what the queries read, and the projections' checkpoints.
 */
import type { AccountsTables } from './accounts/accounts-table.ts';
import type { AtmOperationsTables } from './atm-operations/atm-operations-table.ts';
import type { AtmsTables } from './atms/atms-table.ts';
import type { ProjectionCheckpointTables } from './projection-checkpoints.ts';

export interface ReadModelTables extends AccountsTables, AtmsTables, AtmOperationsTables, ProjectionCheckpointTables {}
