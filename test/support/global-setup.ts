/**
 * Prints, once per run, which event-store legs the suite covers, so a skipped leg is never silent.
 */
export default function setup(): void {
  const legs = [
    'PGlite (embedded): always',
    process.env.DATABASE_URL
      ? `PostgreSQL: yes (DATABASE_URL=${redactUrl(process.env.DATABASE_URL)})`
      : 'PostgreSQL: SKIPPED, because DATABASE_URL is not set (set it to run the PostgreSQL leg)',
    process.env.EVENTSTORE_URL
      ? `EventStoreDB/KurrentDB: yes (EVENTSTORE_URL=${redactUrl(process.env.EVENTSTORE_URL)})`
      : 'EventStoreDB/KurrentDB: SKIPPED, because EVENTSTORE_URL is not set (no server can be installed on this machine; set it to run the contract suite against one)',
  ];
  process.stdout.write(`\nEvent-store legs in this run:\n${legs.map((l) => `  - ${l}`).join('\n')}\n\n`);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
