import { z } from 'zod';
import { applyMigrations } from '../store/migrations.js';
import { parseFlags, UsageError, type Command } from './command.js';

const databaseUrl = z
  .string({ error: 'no database given: pass --database-url or set DATABASE_URL' })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgresql:// URL');

/** Names the URL's host and database but never its password. */
function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (safe to run from several replicas at once)',
  usage: [
    'Usage: pve-operator migrate [--database-url URL]',
    '',
    'Applies the pending migrations of the pve-operator PostgreSQL schema with Prisma\'s migration',
    'engine and records them in the standard _prisma_migrations table. Running it again applies',
    'nothing; replicas that run it at once wait for each other on an advisory lock.',
    '',
    'Flags:',
    '  --database-url URL  PostgreSQL URL (default: $DATABASE_URL)',
  ].join('\n'),
  async run(args) {
    const { values } = parseFlags(args, { 'database-url': { type: 'string' } });
    const parsed = databaseUrl.safeParse(values['database-url'] ?? process.env.DATABASE_URL);
    if (!parsed.success) throw new UsageError(`--database-url / DATABASE_URL: ${parsed.error.issues[0]?.message}`);
    const applied = await applyMigrations({ databaseUrl: parsed.data });
    const target = describe(parsed.data);
    if (applied.length === 0) process.stdout.write(`database ${target} is up to date\n`);
    for (const name of applied) process.stdout.write(`applied migration ${name} to ${target}\n`);
    return 0;
  },
};
