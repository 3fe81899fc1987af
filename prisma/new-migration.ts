// Authors a new migration offline: `npm run db:new-migration -- <name>`.
// The SQL is Prisma's own diff between schema.prisma as it stood when the last migration was
// committed and schema.prisma now, so commit each migration together with its schema change.
// Needs a PostgreSQL to host the engine: DATABASE_URL, or an embedded one started for the run.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultPrismaDirectory, diffSchemas } from '../src/store/migrations.js';
import { startPostgres } from '../test/support/postgres.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: npm run db:new-migration -- <name in snake_case>\n');
  process.exit(2);
}

function schemaAtLastMigration(): string | null {
  const git = (args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  const commit = git(['log', '-1', '--format=%H', '--', 'prisma/migrations']);
  return commit ? git(['show', `${commit}:prisma/schema.prisma`]) : null;
}

const postgres = await startPostgres();
try {
  const current = await readFile(path.join(defaultPrismaDirectory, 'schema.prisma'), 'utf8');
  const sql = await diffSchemas(postgres.adminUrl, schemaAtLastMigration(), current);
  if (!sql) {
    process.stdout.write('schema.prisma matches the last migration: nothing to do\n');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const directory = path.join(defaultPrismaDirectory, 'migrations', `${stamp}_${name}`);
    await mkdir(directory);
    await writeFile(path.join(directory, 'migration.sql'), `${sql}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), directory)}/migration.sql\n`);
  }
} finally {
  await postgres.stop();
}
