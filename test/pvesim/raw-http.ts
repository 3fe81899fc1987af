/**
 * Raw HTTPS for the simulator's conformance tests: node:https only, so the tests see exactly
 * what goes over the wire (status line, reason phrase, headers, body), not what a client library
 * makes of it.
 */
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/pvesim/index.js';

export interface RawResponse {
  status: number;
  reason: string;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body; throws when the body is not JSON. */
  body: any;
}

export interface RawRequest {
  /** Sent as `application/x-www-form-urlencoded` (POST/PUT) or in the query string (GET/DELETE). */
  params?: Record<string, string | number | string[]>;
  /** Sent as an `application/json` body instead of a form. */
  json?: unknown;
  /** Raw body text with its content type. */
  rawBody?: { contentType: string; text: string };
  headers?: Record<string, string>;
}

export function formEncode(params: Record<string, string | number | string[]>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
  }
  return parts.join('&');
}

const agents = new WeakMap<Simulator, Agent>();

function agentFor(sim: Simulator): Agent {
  let agent = agents.get(sim);
  if (!agent) agents.set(sim, (agent = new Agent({ ca: sim.caPem, keepAlive: true })));
  return agent;
}

/** Sends one request to the simulator and collects the whole answer. */
export function rawRequest(sim: Simulator, method: string, path: string, options: RawRequest = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  let fullPath = path;
  if (options.params && (method === 'GET' || method === 'DELETE')) {
    const query = formEncode(options.params);
    if (query !== '') fullPath += `${path.includes('?') ? '&' : '?'}${query}`;
  } else if (options.params) {
    body = formEncode(options.params);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  }
  if (options.rawBody) {
    body = options.rawBody.text;
    headers['Content-Type'] = options.rawBody.contentType;
  }
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
  const requestOptions: RequestOptions = { host: sim.host, port: sim.port, method, path: fullPath, headers, agent: agentFor(sim) };
  return new Promise((resolve, reject) => {
    const outgoing = request(requestOptions, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          reason: response.statusMessage ?? '',
          headers: response.headers,
          text,
          get body() {
            return JSON.parse(text);
          },
        });
      });
    });
    outgoing.on('error', reject);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

/** Credentials of one API caller: a token or a ticket session (cookie + CSRF header). */
export type Credentials = { token: string } | { ticket: string; csrf: string };

/** A caller of the API; every request goes out raw with its credentials. */
export class PveCaller {
  constructor(
    readonly sim: Simulator,
    readonly credentials: Credentials,
  ) {}

  private authHeaders(method: string): Record<string, string> {
    if ('token' in this.credentials) return { Authorization: `PVEAPIToken=${this.credentials.token}` };
    const headers: Record<string, string> = { Cookie: `PVEAuthCookie=${encodeURIComponent(this.credentials.ticket)}` };
    if (method !== 'GET') headers.CSRFPreventionToken = this.credentials.csrf;
    return headers;
  }

  call(method: string, path: string, options: RawRequest = {}): Promise<RawResponse> {
    return rawRequest(this.sim, method, `/api2/json${path}`, { ...options, headers: { ...this.authHeaders(method), ...options.headers } });
  }

  get(path: string, params?: RawRequest['params']) {
    return this.call('GET', path, params ? { params } : {});
  }

  post(path: string, params?: RawRequest['params']) {
    return this.call('POST', path, params ? { params } : {});
  }

  put(path: string, params?: RawRequest['params']) {
    return this.call('PUT', path, params ? { params } : {});
  }

  delete(path: string, params?: RawRequest['params']) {
    return this.call('DELETE', path, params ? { params } : {});
  }

  /** Polls a task's status until it has stopped, within a generous deadline. */
  async waitForTask(upid: string, timeoutMs = 20_000): Promise<{ status: string; exitstatus: string }> {
    const node = upid.split(':')[1]!;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await this.get(`/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`);
      const data = response.body.data;
      if (data?.status === 'stopped') return data;
      if (Date.now() > deadline) throw new Error(`task ${upid} still ${data?.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Runs a task-returning request and waits for its end; returns UPID and exit status. */
  async runTask(method: string, path: string, params?: RawRequest['params']): Promise<{ upid: string; exitstatus: string }> {
    const response = await this.call(method, path, params ? { params } : {});
    if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${response.reason}`);
    const upid = response.body.data as string;
    const { exitstatus } = await this.waitForTask(upid);
    return { upid, exitstatus };
  }
}

export const TOKEN_SECRET = '5f0c7a1e-3b4d-4c2a-9e8f-0123456789ab';
export const ROOT_PASSWORD = 'sim-root-password';

/** A simulator with fast timings, a `root@pam!ci` token (no privilege separation) and a root password. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<{ sim: Simulator; root: PveCaller }> {
  const sim = await startSimulator({
    nodes: ['pve1', 'pve2'],
    timing: 'fast',
    users: [{ userid: 'root@pam', password: ROOT_PASSWORD }],
    tokens: [{ tokenid: 'root@pam!ci', secret: TOKEN_SECRET, privsep: false }],
    ...options,
  });
  return { sim, root: new PveCaller(sim, { token: `root@pam!ci=${TOKEN_SECRET}` }) };
}

export const OPS_TOKEN_SECRET = '0d6f8e4a-1c2b-4d3e-8f9a-abcdefabcdef';

/**
 * Adds the user `ops@pve` with the API token `ops@pve!k8s` and returns a caller using that token.
 * With `privsep` the token has only what ACLs grant it; without, its user's privileges.
 */
export function addOpsToken(sim: Simulator, { privsep }: { privsep: boolean }): PveCaller {
  sim.control.addUser({ userid: 'ops@pve', password: 'ops-password' });
  sim.control.addToken({ tokenid: 'ops@pve!k8s', secret: OPS_TOKEN_SECRET, privsep });
  return new PveCaller(sim, { token: `ops@pve!k8s=${OPS_TOKEN_SECRET}` });
}

/** Grants `role` on `path` to both `ops@pve` and its token, as a privilege-separated token needs. */
export function grantOps(sim: Simulator, path: string, role: string, propagate = true): void {
  for (const ugid of ['ops@pve', 'ops@pve!k8s']) sim.control.setAcl({ path, ugid, role, propagate });
}

/** Logs in through `POST /access/ticket` and returns a ticket caller. */
export async function loginWithTicket(sim: Simulator, username: string, password: string): Promise<PveCaller> {
  const response = await rawRequest(sim, 'POST', '/api2/json/access/ticket', { params: { username, password } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.reason}`);
  const { ticket, CSRFPreventionToken } = response.body.data;
  return new PveCaller(sim, { ticket, csrf: CSRFPreventionToken });
}

export const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
