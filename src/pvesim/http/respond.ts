import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { PveError } from '../errors.js';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** The reason phrase PVE sends: the first line of the message, without characters HTTP forbids. */
export function reasonPhrase(message: string): string {
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

function commonHeaders(response: ServerResponse): void {
  const now = new Date().toUTCString();
  response.setHeader('Server', 'pve-api-daemon/3.0');
  response.setHeader('Cache-Control', 'max-age=0');
  response.setHeader('Pragma', 'no-cache');
  response.setHeader('Expires', now);
  response.setHeader('Date', now);
}

function writeJson(response: ServerResponse, status: number, reason: string, body: unknown, acceptEncoding: string): void {
  commonHeaders(response);
  response.setHeader('Content-Type', JSON_CONTENT_TYPE);
  let payload: Buffer = Buffer.from(JSON.stringify(body));
  // pveproxy compresses bodies over 1 KiB when the client accepts it.
  if (payload.length > 1024 && /\bgzip\b/.test(acceptEncoding)) {
    payload = gzipSync(payload);
    response.setHeader('Content-Encoding', 'gzip');
  }
  response.setHeader('Content-Length', payload.length);
  response.writeHead(status, reason);
  response.end(payload);
}

/** `200 OK` with `{"data": ...}` and `total` where the handler sets it. */
export function writeData(response: ServerResponse, data: unknown, total: number | undefined, acceptEncoding: string): void {
  const body: Record<string, unknown> = { data: data === undefined ? null : data };
  if (total !== undefined) body.total = total;
  writeJson(response, 200, 'OK', body, acceptEncoding);
}

/**
 * A handler error: reason = first line, body `{"data":null,"message":...}` (`message` only on
 * PVE ≥ 8.3) plus `errors` for parameter errors.
 */
export function writeError(response: ServerResponse, error: PveError, messageInBody: boolean, acceptEncoding: string): void {
  const body: Record<string, unknown> = { data: null };
  if (error.errors) body.errors = error.errors;
  if (messageInBody) body.message = error.message;
  writeJson(response, error.status, reasonPhrase(error.message), body, acceptEncoding);
}

/** A 401 from the auth layer: reason only, empty body, no Content-Type (spec §2.3). */
export function writeAuthFailure(response: ServerResponse, reason: string): void {
  commonHeaders(response);
  response.setHeader('Content-Length', 0);
  response.writeHead(401, reasonPhrase(reason));
  response.end();
}
