/**
 * Runs the kysely migrations in `migrations/` (date-prefixed, frozen in time) up to the latest one.
 * Called at start-up and by `esbank migrate`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResult, Migrator } from 'kysely/migration';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Loads `.ts` migration files by URL: Node strips their types, no build step needed. */
class TypeScriptFileMigrationProvider implements MigrationProvider {
  readonly #folder: string;

  constructor(folder: string) {
    this.#folder = folder;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.#folder)).filter((f) => f.endsWith('.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(this.#folder, file)).href)) as Migration;
      migrations[file.replace(/\.ts$/, '')] = module;
    }
    return migrations;
  }
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
}

/** Migrates to the latest version and returns what ran; throws {@link MigrationFailedError} on failure. */
export async function migrateToLatestOrThrow(db: Kysely<unknown>): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({ db, provider: new TypeScriptFileMigrationProvider(MIGRATIONS_FOLDER) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationFailedError(
      `Database migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${reason}`,
      { cause: error },
    );
  }
  return results;
}
