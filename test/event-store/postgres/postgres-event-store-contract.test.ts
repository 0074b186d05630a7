import { createPostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store.ts';
import { describeEventStoreContract } from '../../support/event-store-contract.ts';
import { openTestDatabase, testDatabaseKinds } from '../../support/test-database.ts';

for (const kind of testDatabaseKinds()) {
  describeEventStoreContract(kind === 'pglite' ? 'PostgreSQL on PGlite' : 'PostgreSQL server', async () => {
    const database = await openTestDatabase(kind);
    const store = createPostgresEventStore(database);
    return {
      store,
      async close() {
        await store.close();
        await database.close();
      },
    };
  });
}
