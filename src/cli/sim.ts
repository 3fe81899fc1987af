import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { parseFlags, UsageError } from './command.js';
import { startSimulator, type SimulatorOptions, type TokenSpec, type UserSpec } from '../pvesim/index.js';

const usage = `Usage: pve-operator sim [flags]

Runs a simulated Proxmox VE 9 cluster: the HTTPS API under /api2/json (tokens, tickets, LXC
containers, tasks, locks, storages) and, with --ssh-listen, one SSH server per node for pct.
On start it prints one JSON line: {"url","api","fingerprint","caPem","nodes","ssh":[...]}.
An admin API (state, faults, ACLs, clock, SSH responses) is served under /_sim/.

Flags:
  --listen HOST:PORT       API address (default 127.0.0.1:8006; port 0 picks a free one)
  --nodes A,B,...          node names of the cluster (default pve1)
  --cluster-name NAME      cluster name (default pvesim)
  --token ID=SECRET        API token, e.g. 'root@pam!ci=<uuid>' (repeatable); the token has its
                           user's privileges unless --privsep is given
  --privsep                give the --token tokens privilege separation (they then need ACLs)
  --user USER:PASSWORD     user that may log in for a ticket, e.g. root@pam:secret (repeatable)
  --ssh-listen HOST:PORT   SSH for the first node; further nodes use the following ports
  --pve-version VERSION    PVE release to imitate: 9.1 (default), 9.1.4, 9.0, 8.4, ...
  --timing MODE            realistic (default) or fast (no latency, near-instant tasks)
  --seed N                 seed of injected faults and generated MAC addresses (default 1)
  --record FILE            append every API request (secrets redacted) as a JSON line
  --state-dir DIR          keep the cluster's state in DIR across restarts
  --cert FILE --key FILE   serve this certificate (PEM) instead of a generated one
  --ca FILE                the CA certificate that signed --cert (reported as caPem)
  --disable-admin          do not serve the /_sim/ admin API`;

function hostPort(flag: string, value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value);
  if (!match) throw new UsageError(`--${flag} must be HOST:PORT, got '${value}'`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

function parseToken(value: string, privsep: boolean): TokenSpec {
  const split = value.lastIndexOf('=');
  const tokenid = value.slice(0, split);
  if (split < 0 || !/^[^!\s]+@[^!\s]+![A-Za-z][A-Za-z0-9.\-_]+$/.test(tokenid)) {
    throw new UsageError(`--token must be USER@REALM!NAME=SECRET, got '${value.replace(/=.*/, '=…')}'`);
  }
  return { tokenid, secret: value.slice(split + 1), privsep };
}

function parseUser(value: string): UserSpec {
  const split = value.indexOf(':');
  if (split < 0 || !value.slice(0, split).includes('@')) throw new UsageError('--user must be USER@REALM:PASSWORD');
  return { userid: value.slice(0, split), password: value.slice(split + 1) };
}

export const simCommand: Command = {
  name: 'sim',
  summary: 'Run a simulated Proxmox VE cluster (HTTPS API and SSH)',
  usage,
  async run(args) {
    const { values } = parseFlags(args, {
      listen: { type: 'string', default: '127.0.0.1:8006' },
      nodes: { type: 'string', default: 'pve1' },
      'cluster-name': { type: 'string' },
      token: { type: 'string', multiple: true },
      privsep: { type: 'boolean', default: false },
      user: { type: 'string', multiple: true },
      'ssh-listen': { type: 'string' },
      'pve-version': { type: 'string', default: '9.1' },
      timing: { type: 'string', default: 'realistic' },
      seed: { type: 'string', default: '1' },
      record: { type: 'string' },
      'state-dir': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      'disable-admin': { type: 'boolean', default: false },
    });
    const listen = hostPort('listen', values.listen);
    const nodes = values.nodes.split(',').map((node) => node.trim()).filter((node) => node !== '');
    if (values.timing !== 'fast' && values.timing !== 'realistic') throw new UsageError('--timing must be fast or realistic');
    if (!/^\d+$/.test(values.seed)) throw new UsageError('--seed must be a non-negative integer');
    if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');
    const options: SimulatorOptions = {
      host: listen.host,
      port: listen.port,
      nodes,
      pveVersion: values['pve-version'],
      timing: values.timing,
      seed: Number(values.seed),
      tokens: (values.token ?? []).map((token) => parseToken(token, values.privsep)),
      users: (values.user ?? []).map(parseUser),
      admin: !values['disable-admin'],
    };
    if (values['cluster-name'] !== undefined) options.clusterName = values['cluster-name'];
    if (values.record !== undefined) options.recordFile = values.record;
    if (values['state-dir'] !== undefined) options.stateDir = values['state-dir'];
    if (values.cert !== undefined && values.key !== undefined) {
      options.tls = { certPem: readFileSync(values.cert, 'utf8'), keyPem: readFileSync(values.key, 'utf8') };
      if (values.ca !== undefined) options.tls.caPem = readFileSync(values.ca, 'utf8');
    }
    if (values['ssh-listen'] !== undefined) options.ssh = hostPort('ssh-listen', values['ssh-listen']);
    const sim = await startSimulator(options);
    process.stdout.write(
      `${JSON.stringify({
        url: sim.url,
        api: `${sim.url}/api2/json`,
        fingerprint: sim.fingerprint,
        caPem: sim.caPem,
        nodes: sim.nodes,
        ssh: (sim.ssh?.servers ?? []).map((server) => ({ node: server.node, address: `${server.host}:${server.port}`, hostKeyFingerprint: server.hostKeyFingerprint })),
      })}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.close();
    return 0;
  },
};
