import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth/authenticate.js';
import { sleep } from '../clock.js';
import type { SimContext } from '../context.js';
import type { Identity } from '../auth/access.js';
import { handlerError, notImplemented, parameterError, PveError } from '../errors.js';
import { NO_FAULTS, type RequestFaults } from '../faults.js';
import type { RequestRecorder } from '../recorder.js';
import { redactParams } from '../recorder.js';
import { validateParameters, type RawParams } from '../schema-bridge.js';
import { decodeForm, decodeJsonBody, mergeParams } from './params.js';
import { writeAuthFailure, writeData, writeError } from './respond.js';
import type { RouteMatch, Router } from './router.js';

const MAX_BODY_BYTES = 64 * 1024;
const API_PATH = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/;
const NODE_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => (size > MAX_BODY_BYTES ? reject(new PveError(413, 'Request Entity Too Large\n')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

/** Query and body parameters as pveproxy extracts them (spec §1.1). */
function extractParams(method: string, query: string, contentType: string, body: string): RawParams | PveError {
  const queryParams = decodeForm(query);
  if (method === 'GET' || method === 'DELETE') return queryParams;
  if (/^application\/json/i.test(contentType)) {
    const json = decodeJsonBody(body);
    if (!json) return handlerError('unable to parse JSON body');
    return mergeParams(json, queryParams);
  }
  return mergeParams(decodeForm(body), queryParams);
}

/**
 * Serves `/api2/json/...` in PVE's order (spec §1.5): authentication, handler lookup, path/body
 * conflicts, token rule, permissions, node proxying, validation, handler.
 */
export class ApiRequestHandler {
  constructor(
    private readonly sim: SimContext,
    private readonly router: Router,
    private readonly recorder: RequestRecorder,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const [rawPath = '/', query = ''] = (request.url ?? '/').split(/\?(.*)/s, 2);
    const acceptEncoding = String(request.headers['accept-encoding'] ?? '');
    const api = API_PATH.exec(rawPath);
    const relativePath = api?.[2] ?? '/';
    const matched = api?.[1] === 'json' ? this.router.match(method, relativePath) : undefined;
    const faults = this.sim.faults.decide(method, matched?.route.template ?? relativePath, relativePath);
    const finish = (status: number, params: RawParams, authid?: string) =>
      this.recorder.record({ time: new Date().toISOString(), method, path: rawPath, params: redactParams(params), status, ...(authid ? { authid } : {}) });

    let params: RawParams = {};
    try {
      const body = await readBody(request);
      if (faults.drop) {
        finish(0, decodeForm(query));
        request.socket.destroy();
        return;
      }
      await sleep(this.sim.timing.requestLatencyMs + faults.latencyMs);
      if (!api) throw new PveError(501, 'no such uri\n');
      if ((method === 'GET' || method === 'DELETE') && body.length > 0) throw new PveError(501, `Unexpected content for method '${method}'\n`);
      const extracted = extractParams(method, query, String(request.headers['content-type'] ?? ''), body);
      if (extracted instanceof PveError) throw extracted;
      params = extracted;
      if (api[1] !== 'json') throw new PveError(501, `no such uri\n`);
      const result = await this.dispatch(request, response, method, relativePath, matched, params, faults, finish);
      if (result === undefined) return;
      writeData(response, result.data, result.total, acceptEncoding);
      finish(200, params, result.authid);
    } catch (error) {
      const pveError = error instanceof PveError ? error : handlerError(error instanceof Error ? error.message : String(error));
      if (!response.headersSent) writeError(response, pveError, this.sim.release.messageInErrorBody, acceptEncoding);
      finish(pveError.status, params);
    }
  }

  /** Returns the handler's result, or undefined when a 401 was already written. */
  private async dispatch(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    relativePath: string,
    matched: RouteMatch | undefined,
    params: RawParams,
    faults: RequestFaults,
    finish: (status: number, params: RawParams, authid?: string) => void,
  ): Promise<{ data: unknown; total?: number; authid?: string } | undefined> {
    const identity = await this.authenticateRequest(request, response, method, matched, params, finish);
    if (identity === undefined) return undefined;
    if (!matched) throw notImplemented(method, relativePath);
    if (faults.error) throw new PveError(faults.error.status, `${faults.error.message}\n`);
    this.checkBeforeValidation(matched, params, identity);
    const { route, pathParams } = matched;
    const validated = validateParameters(route.method, route.template, { ...params, ...pathParams });
    if (!validated.ok) throw parameterError(validated.errors);
    const result = await route.handler({ sim: this.sim, identity, params: validated.params, faults: faults ?? NO_FAULTS });
    return { ...result, authid: identity.authid };
  }

  /** The caller's identity; undefined after writing the (delayed) 401. */
  private async authenticateRequest(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    matched: RouteMatch | undefined,
    params: RawParams,
    finish: (status: number, params: RawParams) => void,
  ): Promise<Identity | undefined> {
    const sim = this.sim;
    if (matched?.route.noAuth) {
      if (matched.route.rejectTokens && /(?:^|\s)PVEAPIToken[= ]/.test(String(request.headers.authorization ?? ''))) {
        throw new PveError(403, 'API tokens cannot access this API endpoint\n');
      }
      return { userid: '', authid: '', via: 'ticket' };
    }
    const outcome = authenticate({
      headers: request.headers,
      method,
      nowSeconds: sim.clock.nowSeconds(),
      access: sim.access,
      tickets: sim.tickets,
      genericFailureText: sim.release.genericAuthFailureText,
    });
    if (outcome.ok) return outcome.identity;
    await sleep(sim.timing.authFailureDelayMs);
    writeAuthFailure(response, outcome.reason);
    finish(401, params);
    return undefined;
  }

  /** Path/body conflicts, the token rule, the handler's permissions and node proxying (spec §1.5 steps 3–6). */
  private checkBeforeValidation({ route, pathParams }: RouteMatch, params: RawParams, identity: Identity): void {
    const sim = this.sim;
    const conflicts: Record<string, string> = {};
    for (const [key, value] of Object.entries(pathParams)) {
      const sent = params[key];
      if (sent !== undefined && sent !== value) conflicts[key] = 'duplicate parameter (already defined in URI) with conflicting values!';
    }
    if (Object.keys(conflicts).length > 0) throw parameterError(conflicts);
    if (route.rejectTokens && identity.via === 'token') throw new PveError(403, 'API tokens cannot access this API endpoint\n');
    if (route.permission) {
      const permissionParams: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...params, ...pathParams })) {
        if (value !== undefined) permissionParams[key] = Array.isArray(value) ? value.join(',') : value;
      }
      const path = route.permission.path(permissionParams);
      if (route.permission.any) sim.access.requireAny(identity, path, route.permission.privileges);
      else sim.access.require(identity, path, route.permission.privileges);
    }
    const node = pathParams.node;
    if (node !== undefined && NODE_NAME.test(node)) {
      const nodeState = sim.state.nodes.get(node);
      if (!nodeState) throw handlerError(`hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`);
      if (!nodeState.online) throw new PveError(595, 'Connection refused\n');
    }
  }
}
