import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, defaultPrismaDirectory, diffSchemas, readMigrations } from '../../src/store/migrations.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Tables, columns, types, defaults, nullability, constraints and indexes of the public schema. */
async function schemaShape(url: string): Promise<unknown> {
  return {
    columns: await query(url, `SELECT table_name, column_name, data_type, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`),
    constraints: await query(url, `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
      ORDER BY 1, 2`),
    indexes: await query(url, `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
  };
}

describe('pve-operator migrate', () => {
  const databases: TestDatabase[] = [];
  const database = async () => {
    const created = await freshDatabase();
    databases.push(created);
    return created.url;
  };
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((created) => created.drop()));
  });

  it('applies every committed migration once, and nothing on a second run', async () => {
    const url = await database();
    const committed = (await readMigrations(defaultPrismaDirectory)).migrationDirectories.map((directory) => directory.path);
    expect(committed.length).toBeGreaterThan(0);

    expect(await applyMigrations({ databaseUrl: url })).toEqual(committed);
    expect(await applyMigrations({ databaseUrl: url })).toEqual([]);

    const recorded = await query<{ migration_name: string; finished_at: Date | null }>(url, 'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name');
    expect(recorded.map((row) => row.migration_name)).toEqual(committed);
    expect(recorded.every((row) => row.finished_at !== null)).toBe(true);
  });

  it('is safe when two processes run it at the same moment', async () => {
    const url = await database();
    const migrate = () =>
      run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'cmd/pve-operator.ts'), 'migrate', '--database-url', url], { cwd: projectRoot });
    const outputs = (await Promise.all([migrate(), migrate()])).map((result) => result.stdout);

    expect(outputs.filter((output) => output.includes('applied migration'))).toHaveLength(1);
    expect(outputs.filter((output) => output.includes('is up to date'))).toHaveLength(1);
    const recorded = await query<{ count: string }>(url, 'SELECT count(*) FROM _prisma_migrations');
    expect(Number(recorded[0]?.count)).toBe((await readMigrations(defaultPrismaDirectory)).migrationDirectories.length);
  });

  it('never prints the password of the database URL', async () => {
    const url = await database();
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'cmd/pve-operator.ts'), 'migrate'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url },
    });
    const password = decodeURIComponent(new URL(url).password);
    expect(password).not.toBe('');
    expect(stdout + stderr).not.toContain(password);
    expect(stdout).toContain('applied migration');
  });

  it('produces exactly the schema that schema.prisma declares', async () => {
    const [migrated, declared] = [await database(), await database()];
    await applyMigrations({ databaseUrl: migrated });
    const schema = await readFile(path.join(defaultPrismaDirectory, 'schema.prisma'), 'utf8');
    await query(declared, await diffSchemas(declared, null, schema));

    expect(await schemaShape(migrated)).toEqual(await schemaShape(declared));
  });

  it('names the missing setting when no database is given', async () => {
    const { DATABASE_URL: _unset, ...environment } = process.env;
    const failure = await run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'cmd/pve-operator.ts'), 'migrate'], {
      cwd: projectRoot,
      env: environment,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--database-url / DATABASE_URL') });
  });
});
