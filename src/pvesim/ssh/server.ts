/**
 * An SSH server for one simulated node (ssh2). It accepts password and public-key logins of
 * the configured users and `exec` requests only: each command line runs in the simulated
 * node's shell, its output and exit status go back on the channel, and the command is
 * recorded. Interactive shells, SFTP and port forwarding are refused. Passwords are compared
 * and forgotten, never logged or recorded.
 */
import type { AddressInfo } from 'node:net';
import ssh2, { type AuthContext, type Connection, type ParsedKey, type ServerChannel } from 'ssh2';
import { parseAuthorizedKeys, passwordMatches, publicKeyAccepted } from './authorized-keys.js';
import { runHostCommandLine } from './host-command.js';
import { loadOrCreateHostKey } from './host-key.js';
import type { SshResponseRegistry } from './response-registry.js';
import type { CommandResult, GuestAccess, SshCommandRecord } from './types.js';

export interface SshServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The host private key (OpenSSH or PEM); a fresh ed25519 key when absent. */
  hostKeyPem?: string;
  nodeName: string;
  users: Array<{ username: string; password?: string; authorizedKeys?: string[] }>;
  guests: GuestAccess;
  responses: SshResponseRegistry;
  record(entry: SshCommandRecord): void;
  /** The pve-manager version `pveversion` prints (default 9.1.5). */
  pveVersion?: string;
  now?: () => Date;
}

export interface RunningSshServer {
  address: { host: string; port: number };
  hostKeyFingerprint: string;
  close(): Promise<void>;
}

interface User {
  readonly password: string | undefined;
  readonly keys: readonly ParsedKey[];
}

const AUTH_METHODS: AuthContext['method'][] = ['publickey', 'password'];

export async function startSshServer(options: SshServerOptions): Promise<RunningSshServer> {
  const hostKey = loadOrCreateHostKey(options.hostKeyPem);
  const users = new Map<string, User>(
    options.users.map((user) => [user.username, { password: user.password, keys: parseAuthorizedKeys(user.authorizedKeys) }]),
  );
  const connections = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    // A client that vanishes mid-handshake is not the server's problem.
    client.on('error', () => client.end());
    let username = '';
    client.on('authentication', (context) => {
      if (authenticate(users.get(context.username), context)) {
        username = context.username;
        context.accept();
      } else {
        context.reject(AUTH_METHODS);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          const channel = accept();
          const result = runHostCommandLine(info.command, {
            node: options.nodeName,
            user: username,
            guests: options.guests,
            responses: options.responses,
            pveVersion: options.pveVersion ?? '9.1.5',
          });
          options.record({
            node: options.nodeName,
            user: username,
            command: info.command,
            ...result,
            at: (options.now?.() ?? new Date()).toISOString(),
          });
          reply(channel, result);
        });
        session.on('shell', (_accept, reject) => reject());
        session.on('subsystem', (_accept, reject) => reject());
        session.on('pty', (_accept, reject) => reject?.());
      });
      client.on('tcpip', (_accept, reject) => reject());
      client.on('request', (_accept, reject) => reject?.());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    address: { host: options.host, port: address.port },
    hostKeyFingerprint: hostKey.fingerprint,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.end();
        server.close(() => resolve());
      }),
  };
}

function authenticate(user: User | undefined, context: AuthContext): boolean {
  if (user === undefined) return false;
  if (context.method === 'password') return passwordMatches(user.password, context.password);
  if (context.method === 'publickey') {
    return publicKeyAccepted(user.keys, {
      algo: context.key.algo,
      data: context.key.data,
      ...(context.signature === undefined ? {} : { signature: context.signature }),
      ...(context.blob === undefined ? {} : { blob: context.blob }),
      ...(context.hashAlgo === undefined ? {} : { hashAlgo: context.hashAlgo }),
    });
  }
  return false;
}

/** Output, then the exit status, then end of channel — the order OpenSSH clients expect. */
function reply(channel: ServerChannel, result: CommandResult): void {
  if (result.stdout !== '') channel.write(result.stdout);
  if (result.stderr !== '') channel.stderr.write(result.stderr);
  channel.exit(result.exitCode);
  channel.end();
}
