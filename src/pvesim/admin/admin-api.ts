import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorControl } from '../control.js';
import type { FaultRule } from '../faults.js';

/** Extra admin operations that live outside the control object (SSH, added by the server). */
export type AdminExtension = (method: string, path: string, body: unknown) => Promise<unknown> | unknown | typeof NOT_HANDLED;
export const NOT_HANDLED = Symbol('not handled');

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

function body(value: unknown): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AdminError(400, 'expected a JSON object body');
  return value as Body;
}

/** Routes of `/_sim/...`: JSON in, `{"data": ...}` out. */
function route(control: SimulatorControl, method: string, path: string, input: unknown): unknown {
  const segments = path.split('/').filter((part) => part !== '').slice(1);
  const [resource, id, sub] = segments;
  const key = `${method} ${resource ?? ''}${id !== undefined ? '/:id' : ''}${sub !== undefined ? `/${sub}` : ''}`;
  switch (key) {
    case 'GET containers':
      return control.containers();
    case 'GET containers/:id':
      return control.container(Number(id)) ?? null;
    case 'PUT containers/:id/behaviour':
      control.setGuestBehaviour(Number(id), body(input));
      return null;
    case 'GET tasks':
      return control.tasks();
    case 'GET faults':
      return control.faults.list();
    case 'POST faults':
      return control.faults.add(body(input) as FaultRule);
    case 'DELETE faults':
      control.faults.clear();
      return null;
    case 'DELETE faults/:id':
      control.faults.remove(id!);
      return null;
    case 'GET fault-log':
      return control.faults.log();
    case 'POST acl':
      control.setAcl({ propagate: true, ...body(input) } as never);
      return null;
    case 'DELETE acl':
      control.removeAcl(body(input) as never);
      return null;
    case 'POST bridges': {
      const { name, dhcpPrefix, mtu } = body(input);
      control.addBridge(String(name), String(dhcpPrefix), mtu === undefined ? undefined : Number(mtu));
      return null;
    }
    case 'POST pools':
      control.addPool(String(body(input).pool));
      return null;
    case 'POST users':
      control.addUser(body(input) as never);
      return null;
    case 'POST tokens':
      control.addToken(body(input) as never);
      return null;
    case 'POST clock':
      control.advanceClock(Number(body(input).advanceMs ?? 0));
      return null;
    case 'POST resources':
      control.refreshResources();
      return null;
    case 'GET timing':
      return control.timing();
    case 'PUT timing':
      control.setTiming(body(input));
      return null;
    case 'PUT nodes/:id':
      control.setNodeOnline(id!, body(input).online !== false);
      return null;
    case 'POST templates': {
      const { storage, file, sizeBytes, node } = body(input);
      control.addTemplate(String(storage ?? 'local'), String(file), sizeBytes === undefined ? undefined : Number(sizeBytes), node === undefined ? undefined : String(node));
      return null;
    }
    case 'PUT storages/:id':
      control.setStorage(id!, body(input));
      return null;
    case 'GET stats':
      return control.stats();
    case 'GET requests':
      return control.requests();
    default:
      throw new AdminError(404, `no admin operation ${method} ${path}`);
  }
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        reject(new AdminError(400, 'body is not JSON'));
      }
    });
    request.on('error', reject);
  });
}

/**
 * The admin API outside `/api2`. It has no authentication of its own: the simulator is a test
 * tool meant to listen on loopback; `--no-admin` turns it off.
 */
export async function handleAdminRequest(control: SimulatorControl, extensions: AdminExtension[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  let status = 200;
  let payload: unknown;
  try {
    const input = await readJson(request);
    let result: unknown = NOT_HANDLED;
    for (const extension of extensions) {
      result = await extension(method, path, input);
      if (result !== NOT_HANDLED) break;
    }
    payload = { data: result === NOT_HANDLED ? route(control, method, path, input) : (result ?? null) };
  } catch (error) {
    status = error instanceof AdminError ? error.status : 500;
    payload = { error: error instanceof Error ? error.message : String(error) };
  }
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
