import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AccessControl, type TokenSpec, type UserSpec } from './auth/access.js';
import { TicketAuthority } from './auth/tickets.js';
import { handleAdminRequest, type AdminExtension } from './admin/admin-api.js';
import { apiRouter } from './api/routes.js';
import { SimClock } from './clock.js';
import type { SimContext } from './context.js';
import { SimulatorControl } from './control.js';
import { FaultInjector } from './faults.js';
import { ApiRequestHandler } from './http/api-server.js';
import { RequestRecorder } from './recorder.js';
import { ClusterState, defaultStorages } from './state/cluster.js';
import { DebouncedSaver, loadState, saveState } from './state/persistence.js';
import { persistentTls, sshHostKey, ticketKey } from './state/secrets.js';
import { ResourceView } from './state/resources.js';
import type { StorageSpec } from './state/storage.js';
import { ConfigLocks } from './tasks/config-locks.js';
import { TaskManager } from './tasks/task-manager.js';
import { defaultTiming, fastTiming, type Timing } from './timing.js';
import { startNodeSshServers, type SimulatorSsh, type SshUser } from './ssh-wiring.js';
import { generateTlsMaterial, certificateFingerprint, type TlsMaterial } from './tls.js';
import { parsePveRelease } from './version.js';

export interface SimulatorOptions {
  /** Address to listen on (default `127.0.0.1`) and port (default 0 = any free port). */
  host?: string;
  port?: number;
  /** Node names of the cluster (default `['pve1']`). */
  nodes?: string[];
  clusterName?: string;
  /** Users that can get tickets (`root@pam` with a password). */
  users?: UserSpec[];
  /** API tokens; their users are created when missing. */
  tokens?: TokenSpec[];
  /** PVE version to imitate: `9.1`, `9.1.4`, `8.4`, ... (default `9.1`). */
  pveVersion?: string;
  /** `realistic` (default), `fast` (tests), or explicit values over the realistic ones. */
  timing?: 'realistic' | 'fast' | Partial<Timing>;
  /** Seed of every random decision: injected faults, generated MAC addresses. */
  seed?: number;
  storages?: StorageSpec[];
  /** Append every API request as a JSON line to this file. */
  recordFile?: string;
  /** Keep state in this directory so it survives restarts. */
  stateDir?: string;
  /** Certificate to serve instead of a generated one. */
  tls?: { keyPem: string; certPem: string; caPem?: string };
  /** Serve the `/_sim/` admin API (default true). */
  admin?: boolean;
  /**
   * Start one SSH server per node (`pct exec`, `pct set`), on consecutive ports from `port`
   * (0 = a free port each). Users default to the `@pam` users of `users`, by their bare name.
   */
  ssh?: { host?: string; port: number; users?: SshUser[] };
}

export interface Simulator {
  /** `https://127.0.0.1:PORT` — the API lives under `/api2/json`, the admin API under `/_sim`. */
  url: string;
  host: string;
  port: number;
  /** SHA-256 fingerprint of the served certificate (`AB:CD:...`). */
  fingerprint: string;
  /** PEM of the CA that signed the certificate: trust this to verify TLS. */
  caPem: string;
  nodes: string[];
  control: SimulatorControl;
  /** The SSH servers, their registered responses and recorded commands (with `ssh`). */
  ssh?: SimulatorSsh;
  close(): Promise<void>;
}

function resolveTiming(option: SimulatorOptions['timing']): Timing {
  if (option === 'fast') return fastTiming();
  if (option === undefined || option === 'realistic') return defaultTiming();
  const base = defaultTiming();
  return { ...base, ...option, taskDurationMs: { ...base.taskDurationMs, ...option.taskDurationMs } };
}

async function tlsMaterial(options: SimulatorOptions, host: string, nodes: string[]): Promise<TlsMaterial> {
  if (options.tls) {
    return { ...options.tls, caPem: options.tls.caPem ?? options.tls.certPem, fingerprint: certificateFingerprint(options.tls.certPem) };
  }
  const generate = () => generateTlsMaterial([host, ...nodes]);
  return options.stateDir === undefined ? generate() : persistentTls(options.stateDir, generate);
}

export async function startApiServer(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const nodes = options.nodes ?? ['pve1'];
  const tls = await tlsMaterial(options, host, nodes);
  const clock = new SimClock();
  const state = new ClusterState(options.clusterName ?? 'pvesim', nodes, options.storages ?? defaultStorages(), clock.nowMs(), tls.fingerprint);
  const timing = resolveTiming(options.timing);
  let saver: DebouncedSaver | undefined;
  const context: SimContext = {
    clock,
    state,
    tasks: new TaskManager(clock, (node) => Math.floor((state.nodes.get(node)?.bootedAtMs ?? 0) / 1000)),
    locks: new ConfigLocks(),
    access: new AccessControl(options.users ?? [], options.tokens ?? []),
    tickets: new TicketAuthority(options.stateDir === undefined ? undefined : ticketKey(options.stateDir)),
    release: parsePveRelease(options.pveVersion ?? '9.1'),
    timing,
    faults: new FaultInjector(options.seed ?? 1),
    resources: new ResourceView(state, clock),
    changed: () => saver?.changed(),
  };
  context.access.poolOf = (vmid) => {
    for (const [pool, members] of state.pools) if (members.has(vmid)) return pool;
    return undefined;
  };
  if (options.stateDir !== undefined) {
    const directory = options.stateDir;
    loadState(directory, context);
    saver = new DebouncedSaver(() => saveState(directory, context));
  }
  context.resources.refresh();
  context.resources.start(timing.resourcesRefreshMs);
  const recorder = new RequestRecorder(options.recordFile);
  const control = new SimulatorControl(context, recorder);
  const api = new ApiRequestHandler(context, apiRouter(), recorder);
  const admin = options.admin !== false;
  const extensions: AdminExtension[] = [];
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (request, response) => {
    const handled = admin && request.url?.startsWith('/_sim/') ? handleAdminRequest(control, extensions, request, response) : api.handle(request, response);
    handled.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, 'internal simulator error');
      response.end();
      process.emitWarning(`pvesim: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let ssh: SimulatorSsh | undefined;
  if (options.ssh) {
    try {
      const stateDir = options.stateDir;
      ssh = await startNodeSshServers(context, {
        host: options.ssh.host ?? host,
        port: options.ssh.port,
        users: options.ssh.users ?? pamUsers(options.users ?? []),
        ...(stateDir === undefined ? {} : { hostKeyFor: (node: string) => sshHostKey(stateDir, node) }),
      });
    } catch (error) {
      server.close();
      context.resources.stop();
      throw error;
    }
    extensions.push(ssh.adminExtension);
  }
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    fingerprint: tls.fingerprint,
    caPem: tls.caPem,
    nodes,
    control,
    ...(ssh ? { ssh } : {}),
    async close() {
      context.resources.stop();
      await ssh?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      saver?.flush();
      await recorder.close();
    },
  };
}

/** `root@pam` with a password logs in over SSH as `root` (PAM users are system users). */
function pamUsers(users: UserSpec[]): SshUser[] {
  return users
    .filter((user) => user.userid.endsWith('@pam') && user.password !== undefined)
    .map((user) => ({ username: user.userid.slice(0, -'@pam'.length), password: user.password! }));
}
