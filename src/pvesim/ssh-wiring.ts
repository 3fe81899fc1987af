import type { AdminExtension } from './admin/admin-api.js';
import { NOT_HANDLED } from './admin/admin-api.js';
import type { SimContext } from './context.js';
import { guestAccessFor } from './ssh-guests.js';
import type { RunningSshServer, startSshServer as StartSshServer } from './ssh/index.js';
import { SshResponseRegistry } from './ssh/response-registry.js';
import type { SshCommandRecord, SshResponse } from './ssh/types.js';

export interface SshUser {
  username: string;
  password?: string;
  /** OpenSSH public key lines. */
  authorizedKeys?: string[];
}

export interface SshEndpoint {
  node: string;
  host: string;
  port: number;
  /** `SHA256:...` of the node's host key. */
  hostKeyFingerprint: string;
}

/** The SSH side of a simulator: one server per node, shared responses, every command recorded. */
export interface SimulatorSsh {
  servers: SshEndpoint[];
  responses: SshResponseRegistry;
  commands(): SshCommandRecord[];
  /** Admin routes `/_sim/ssh/responses` and `/_sim/ssh/commands`. */
  adminExtension: AdminExtension;
  close(): Promise<void>;
}

type SshServerHandle = RunningSshServer;

/** Loaded on first use: ssh2 is only needed when a simulator serves SSH. */
async function loadSshServer(): Promise<typeof StartSshServer> {
  return (await import('./ssh/index.js')).startSshServer;
}

/** Starts one SSH server per node on consecutive ports from `port` (0 = any free port each). */
export async function startNodeSshServers(context: SimContext, options: { host: string; port: number; users: SshUser[]; hostKeyFor?: (node: string) => string }): Promise<SimulatorSsh> {
  const responses = new SshResponseRegistry();
  const records: SshCommandRecord[] = [];
  const startSshServer = await loadSshServer();
  const started: Array<SshServerHandle & { node: string }> = [];
  try {
    let index = 0;
    for (const node of context.state.nodes.keys()) {
      const server = await startSshServer({
        host: options.host,
        port: options.port === 0 ? 0 : options.port + index,
        nodeName: node,
        ...(options.hostKeyFor ? { hostKeyPem: options.hostKeyFor(node) } : {}),
        pveVersion: context.release.version,
        users: options.users,
        guests: guestAccessFor(context, node),
        responses,
        record: (entry) => {
          records.push(entry);
          if (records.length > 10_000) records.shift();
        },
      });
      started.push({ ...server, node });
      index++;
    }
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
  const adminExtension: AdminExtension = (method, path, body) => {
    if (method === 'GET' && path === '/_sim/ssh/commands') return records;
    if (method === 'GET' && path === '/_sim/ssh/responses') return responses.list();
    if (method === 'POST' && path === '/_sim/ssh/responses') {
      const { node, vmid, command, regexp, stdout, stderr, exitCode } = (body ?? {}) as Record<string, unknown>;
      const response: SshResponse = {
        command: regexp === true ? new RegExp(String(command)) : String(command),
        exitCode: Number(exitCode ?? 0),
        ...(vmid === undefined ? {} : { vmid: Number(vmid) }),
        ...(stdout === undefined ? {} : { stdout: String(stdout) }),
        ...(stderr === undefined ? {} : { stderr: String(stderr) }),
      };
      const nodes = node === undefined ? [...context.state.nodes.keys()] : [String(node)];
      for (const name of nodes) responses.register(name, response);
      return null;
    }
    if (method === 'DELETE' && path === '/_sim/ssh/responses') {
      responses.clear();
      return null;
    }
    return NOT_HANDLED;
  };
  return {
    servers: started.map((server) => ({ node: server.node, host: server.address.host, port: server.address.port, hostKeyFingerprint: server.hostKeyFingerprint })),
    responses,
    commands: () => [...records],
    adminExtension,
    async close() {
      await Promise.all(started.map((server) => server.close()));
    },
  };
}
