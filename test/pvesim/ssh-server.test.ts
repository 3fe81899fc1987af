import { createHash } from 'node:crypto';
import ssh2, { type ConnectConfig } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SshResponseRegistry,
  startSshServer,
  type GuestAccess,
  type RunningSshServer,
  type SshCommandRecord,
} from '../../src/pvesim/ssh/index.js';

const ROOT_PASSWORD = 'root-secret-pw';
const clientKey = ssh2.utils.generateKeyPairSync('ed25519');
const strangerKey = ssh2.utils.generateKeyPairSync('ed25519');

interface Guest {
  status: 'running' | 'stopped';
  hostname: string;
  locked?: string;
}

/** The containers of node pve1, and the feature changes pct asked for. */
const guests = new Map<number, Guest>([
  [101, { status: 'running', hostname: 'web1' }],
  [102, { status: 'stopped', hostname: 'db1' }],
  [103, { status: 'running', hostname: 'backup1', locked: 'backup' }],
  [104, { status: 'running', hostname: 'priv1' }],
]);
const featureChanges: Array<{ vmid: number; features: string; asUser: string }> = [];
const guestAccess: GuestAccess = {
  lookup: (vmid) => guests.get(vmid),
  setFeatures: (vmid, features, asUser) => {
    if (vmid === 104) return { ok: false, message: 'changing feature flags for privileged container is only allowed for root@pam' };
    featureChanges.push({ vmid, features, asUser });
    return { ok: true };
  },
};

const responses = new SshResponseRegistry();
const records: SshCommandRecord[] = [];
let server: RunningSshServer;
let root: ssh2.Client;

function connect(config: Omit<ConnectConfig, 'host' | 'port'>): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ host: server.address.host, port: server.address.port, readyTimeout: 20_000, ...config });
  });
}

interface Outcome {
  stdout: string;
  stderr: string;
  code: number | undefined;
}

function run(client: ssh2.Client, command: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      const outcome: Outcome = { stdout: '', stderr: '', code: undefined };
      channel.on('data', (chunk: Buffer) => (outcome.stdout += chunk.toString()));
      channel.stderr.on('data', (chunk: Buffer) => (outcome.stderr += chunk.toString()));
      channel.on('exit', (code: number) => (outcome.code = code));
      channel.on('close', () => resolve(outcome));
    });
  });
}

beforeAll(async () => {
  responses.register('pve1', { vmid: 101, command: 'cat /etc/os-release', stdout: 'ID=debian\nVERSION_ID="12"\n', exitCode: 0 });
  responses.register('pve1', { vmid: 101, command: /^apt-get install/, stderr: 'E: Unable to locate package docker.io\n', exitCode: 100 });
  responses.register('pve1', { vmid: 101, command: /^apt-get/, stdout: 'never used\n', exitCode: 0 });
  responses.register('pve2', { command: 'cat /etc/os-release', stdout: 'ID=alpine\n', exitCode: 0 });
  server = await startSshServer({
    host: '127.0.0.1',
    port: 0,
    nodeName: 'pve1',
    users: [
      { username: 'root', password: ROOT_PASSWORD, authorizedKeys: ['# the operator', clientKey.public] },
      { username: 'alice', password: 'alice-pw' },
    ],
    guests: guestAccess,
    responses,
    record: (entry) => records.push(entry),
  });
  root = await connect({ username: 'root', password: ROOT_PASSWORD });
});

afterAll(async () => {
  root?.end();
  await server?.close();
});

describe('SSH logins', () => {
  it('listens on the port it picked and reports an OpenSSH-style host key fingerprint', async () => {
    expect(server.address.port).toBeGreaterThan(0);
    expect(server.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    let seen = '';
    const client = await connect({
      username: 'root',
      password: ROOT_PASSWORD,
      hostVerifier: (key: Buffer) => {
        seen = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
        return true;
      },
    });
    client.end();
    expect(seen).toBe(server.hostKeyFingerprint);
  });

  it('uses the host key it is given', async () => {
    const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
    const parsed = ssh2.utils.parseKey(hostKey.public);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('test key did not parse');
    const expected = `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
    const other = await startSshServer({
      host: '127.0.0.1', port: 0, hostKeyPem: hostKey.private, nodeName: 'pve2', users: [], guests: guestAccess, responses, record: () => {},
    });
    await other.close();
    expect(other.hostKeyFingerprint).toBe(expected);
  });

  it('accepts a public key listed in authorized_keys', async () => {
    const client = await connect({ username: 'root', privateKey: clientKey.private });
    const outcome = await run(client, 'hostname');
    client.end();
    expect(outcome).toEqual({ stdout: 'pve1\n', stderr: '', code: 0 });
  });

  it.each([
    ['a wrong password', { username: 'root', password: 'wrong' }],
    ['an unknown user', { username: 'mallory', password: ROOT_PASSWORD }],
    ['a key that is not authorized', { username: 'root', privateKey: strangerKey.private }],
    ['a user without a password', { username: 'alice', privateKey: clientKey.private }],
  ])('rejects %s', async (_case, config) => {
    await expect(connect(config)).rejects.toThrow(/authentication methods failed/);
  });

  it('refuses interactive shells', async () => {
    await expect(new Promise((resolve, reject) => root.shell((error, channel) => (error ? reject(error) : resolve(channel))))).rejects.toThrow();
  });
});

describe('pct exec runs commands in a small, honest interpreter', () => {
  it.each<[string, Outcome]>([
    ['pct exec 101 -- true', { stdout: '', stderr: '', code: 0 }],
    ['pct exec 101 -- false', { stdout: '', stderr: '', code: 1 }],
    ['pct exec 101 -- echo hello   world', { stdout: 'hello world\n', stderr: '', code: 0 }],
    ['pct exec 101 -- hostname', { stdout: 'web1\n', stderr: '', code: 0 }],
    ["pct exec 101 -- sh -c 'exit 7'", { stdout: '', stderr: '', code: 7 }],
    ["pct exec 101 -- sh -c 'true && echo yes || echo no; false || echo recovered'", { stdout: 'yes\nrecovered\n', stderr: '', code: 0 }],
    ["pct exec 101 -- sh -c 'false && echo never'", { stdout: '', stderr: '', code: 1 }],
    [`pct exec 101 -- sh -c 'echo "a \\"b\\"" c\\ d; hostname'`, { stdout: 'a "b" c d\nweb1\n', stderr: '', code: 0 }],
    ["pct exec 101 -- sh -c 'echo one\\\\ntwo'", { stdout: 'one\ntwo\n', stderr: '', code: 0 }],
    ["pct exec 101 -- sh -c 'nosuch --flag'", { stdout: '', stderr: 'sh: 1: nosuch: not found\n', code: 127 }],
    ["pct exec 101 -- sh -c 'true\nnosuch'", { stdout: '', stderr: 'sh: 2: nosuch: not found\n', code: 127 }],
    ["pct exec 101 -- sh -c 'exit abc'", { stdout: '', stderr: 'sh: 1: exit: Illegal number: abc\n', code: 2 }],
    ["pct exec 101 -- sh -c 'echo \"open'", { stdout: '', stderr: 'sh: 1: Syntax error: Unterminated quoted string\n', code: 2 }],
    ['pct exec 101 -- nosuch', {
      stdout: '',
      stderr: 'lxc-attach: 101: ../src/lxc/attach.c: lxc_attach_run_command: 1845 No such file or directory - Failed to exec "nosuch"\n',
      code: 127,
    }],
    ['pct exec 101 -- cat /etc/os-release', { stdout: 'ID=debian\nVERSION_ID="12"\n', stderr: '', code: 0 }],
    ["pct exec 101 -- sh -c 'cat /etc/os-release && apt-get install -y docker.io'", {
      stdout: 'ID=debian\nVERSION_ID="12"\n',
      stderr: 'E: Unable to locate package docker.io\n',
      code: 100,
    }],
    ['pct exec 103 -- hostname', { stdout: 'backup1\n', stderr: '', code: 0 }],
    ["pct exec 103 -- sh -c 'cat /etc/os-release'", { stdout: '', stderr: 'sh: 1: cat: not found\n', code: 127 }],
  ])('%s', async (command, expected) => {
    expect(await run(root, command)).toEqual(expected);
  });

  it('says so instead of guessing when the shell syntax is beyond it', async () => {
    const outcome = await run(root, "pct exec 101 -- sh -c 'ls | wc -l'");
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe("pvesim: sh: unsupported shell syntax '|' on line 1; register a response for this command\n");
  });
});

describe('pct fails as pct does', () => {
  it.each<[string, Outcome]>([
    ['pct exec 102 -- true', { stdout: '', stderr: "container '102' not running!\n", code: 255 }],
    ['pct exec 404 -- true', { stdout: '', stderr: "Configuration file 'nodes/pve1/lxc/404.conf' does not exist\n", code: 255 }],
    ['pct exec 101', { stdout: '', stderr: 'missing command at /usr/share/perl5/PVE/CLI/pct.pm line 246.\n', code: 255 }],
    ['pct exec 99 -- true', {
      stdout: '',
      stderr: '400 Parameter verification failed.\nvmid: invalid format - value does not look like a valid VM ID\n\npct exec <vmid> [<extra-args>] [OPTIONS]\n',
      code: 255,
    }],
    ['pct set 103 --features keyctl=1', { stdout: '', stderr: 'CT is locked (backup)\n', code: 255 }],
    ['pct set 404 --features keyctl=1', { stdout: '', stderr: "Configuration file 'nodes/pve1/lxc/404.conf' does not exist\n", code: 255 }],
    ['pct set 101 --features docker=1', {
      stdout: '',
      stderr:
        '400 Parameter verification failed.\nfeatures: invalid format - format error\nfeatures.docker: property is not defined in schema and the schema does not allow additional properties\n\npct set <vmid> [OPTIONS]\n',
      code: 255,
    }],
    ['pct set 104 --features keyctl=1', {
      stdout: '',
      stderr: 'changing feature flags for privileged container is only allowed for root@pam\n',
      code: 255,
    }],
    ['pct status 102', { stdout: 'status: stopped\n', stderr: '', code: 0 }],
  ])('%s', async (command, expected) => {
    expect(await run(root, command)).toEqual(expected);
  });

  it('sets features as root@pam', async () => {
    expect(await run(root, 'pct set 101 --features nesting=1,keyctl=1')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(featureChanges).toContainEqual({ vmid: 101, features: 'nesting=1,keyctl=1', asUser: 'root@pam' });
  });

  it('refuses to run pct for anyone but root', async () => {
    const alice = await connect({ username: 'alice', password: 'alice-pw' });
    const before = featureChanges.length;
    const outcome = await run(alice, 'pct set 101 --features keyctl=1');
    alice.end();
    expect(outcome).toEqual({ stdout: '', stderr: 'please run as root\n', code: 255 });
    expect(featureChanges).toHaveLength(before);
  });
});

describe('commands on the node itself', () => {
  it.each<[string, Outcome]>([
    ['hostname', { stdout: 'pve1\n', stderr: '', code: 0 }],
    ['true; false', { stdout: '', stderr: '', code: 1 }],
    ['exit 3', { stdout: '', stderr: '', code: 3 }],
    ['nosuch', { stdout: '', stderr: 'bash: line 1: nosuch: command not found\n', code: 127 }],
    ['pveversion', { stdout: 'pve-manager/9.1.5/c3a1f0d7b2e94a65 (running kernel: 6.14.8-2-pve)\n', stderr: '', code: 0 }],
    ['cat /etc/os-release', { stdout: '', stderr: 'bash: line 1: cat: command not found\n', code: 127 }],
  ])('%s', async (command, expected) => {
    expect(await run(root, command)).toEqual(expected);
  });
});

describe('the command record', () => {
  it('records every command with its user, node and outcome, and no password', async () => {
    await run(root, "pct exec 101 -- sh -c 'echo recorded'");
    expect(records).toContainEqual(
      expect.objectContaining({
        node: 'pve1',
        user: 'root',
        command: "pct exec 101 -- sh -c 'echo recorded'",
        exitCode: 0,
        stdout: 'recorded\n',
        stderr: '',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    );
    expect(JSON.stringify(records)).not.toContain(ROOT_PASSWORD);
  });
});
