import { describe } from 'vitest';
import { createEventStoreDbEventStore } from '../../../src/event-store/eventstoredb/eventstoredb-event-store.ts';
import { describeEventStoreContract } from '../../support/event-store-contract.ts';

const connectionString = process.env.EVENTSTORE_URL;
if (!connectionString) {
  console.warn('EventStoreDB contract suite skipped: EVENTSTORE_URL is not set (no server can be installed here).');
}

describe.skipIf(!connectionString)('EventStoreDB/KurrentDB adapter', () => {
  describeEventStoreContract('EventStoreDB', async () => {
    const store = createEventStoreDbEventStore({ connectionString: connectionString ?? '' });
    // readByCorrelation needs the server's $by_correlation_id projection enabled; it indexes in the background.
    return { store, close: () => store.close(), correlationIndex: 'eventual' as const };
  });
});
