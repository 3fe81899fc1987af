import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm';
import { openSchemaEngine } from './schema-engine.js';

/** The nearest `prisma/` folder above this module: the checkout's, or the one beside `dist/` in an image. */
function findPrismaDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'prisma');
    if (existsSync(path.join(candidate, 'schema.prisma'))) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('cannot find prisma/schema.prisma above the pve-operator installation');
    directory = parent;
  }
}

export const defaultPrismaDirectory = findPrismaDirectory();

// An arbitrary, fixed key: every replica of pve-operator serialises on it (and only on it).
const migrationLockKey = 7_340_129_011;

export interface MigrateOptions {
  databaseUrl: string;
  prismaDirectory?: string;
  log?: (message: string) => void;
}

/** The committed migrations, as the schema engine expects them (read like `prisma migrate deploy`). */
export async function readMigrations(prismaDirectory: string): Promise<MigrationList> {
  const baseDir = path.join(prismaDirectory, 'migrations');
  const entries = await readdir(baseDir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const migrationDirectories: MigrationDirectory[] = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: await readFile(path.join(baseDir, name, 'migration.sql'), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  const lockfilePath = path.join(baseDir, 'migration_lock.toml');
  const lockfile = await readFile(lockfilePath, 'utf8').catch(() => null);
  return { baseDir, lockfile: { path: 'migration_lock.toml', content: lockfile }, shadowDbInitScript: '', migrationDirectories };
}

/**
 * Applies pending migrations with Prisma's migration engine, recording them in the standard
 * `_prisma_migrations` table exactly as `prisma migrate deploy` does. Idempotent: a database that
 * is up to date gets no change. Replicas starting together queue on a Postgres advisory lock, so
 * a migration never runs twice. Returns the names of the migrations it applied.
 */
export async function applyMigrations({ databaseUrl, prismaDirectory = defaultPrismaDirectory, log = () => {} }: MigrateOptions): Promise<string[]> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    const schemaPath = path.join(prismaDirectory, 'schema.prisma');
    const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
    const { engine, close } = await openSchemaEngine(databaseUrl, schema, log);
    try {
      const migrationsList = await readMigrations(prismaDirectory);
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList,
        filters: { externalTables: [], externalEnums: [] },
      });
      return appliedMigrationNames;
    } finally {
      await close();
    }
  } finally {
    // Ending the session releases the advisory lock even if the unlock itself fails.
    await lock.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {});
    await lock.end();
  }
}

/**
 * The SQL that turns a database shaped by the schema `from` (null: an empty database) into one
 * shaped by `to`. Pure schema-to-schema: authors migrations offline, and lets tests check that the
 * committed migrations produce what schema.prisma declares.
 */
export async function diffSchemas(databaseUrl: string, from: string | null, to: string): Promise<string> {
  const file = (content: string) => ({ path: 'schema.prisma', content });
  const { engine, close } = await openSchemaEngine(databaseUrl, file(to), () => {});
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [file(from)] },
      to: { tag: 'schemaDatamodel', files: [file(to)] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const script = (result.stdout ?? '').trim();
    // With nothing to change the engine still answers with a comment ("This is an empty migration.").
    const changesSomething = script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
    return changesSomething ? script : '';
  } finally {
    await close();
  }
}
