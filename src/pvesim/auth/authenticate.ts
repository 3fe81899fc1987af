import type { IncomingHttpHeaders } from 'node:http';
import type { AccessControl, Identity } from './access.js';
import type { TicketAuthority } from './tickets.js';

export type AuthOutcome = { ok: true; identity: Identity } | { ok: false; reason: string };

export interface AuthInputs {
  headers: IncomingHttpHeaders;
  method: string;
  nowSeconds: number;
  access: AccessControl;
  tickets: TicketAuthority;
  /** pve-manager ≥ 9.1.5 answers every credential failure with `Authentication failed!`. */
  genericFailureText: boolean;
}

function cookieTicket(headers: IncomingHttpHeaders): string | undefined {
  const cookie = headers.cookie;
  if (cookie) {
    const match = /(?:^|;\s*)PVEAuthCookie=([^;]*)/.exec(cookie);
    if (match) return decodeURIComponent(match[1]!);
  }
  const authorization = headers.authorization;
  const fallback = authorization ? /(?:^|\s)PVEAuthCookie=([^;\s]*)/.exec(authorization) : null;
  return fallback ? decodeURIComponent(fallback[1]!) : undefined;
}

/**
 * Decides who sent a request (HTTP AnyEvent.pm + MGR HTTPServer.pm auth_handler, spec §2.2–2.3):
 * a ticket in the cookie (or the `Authorization: PVEAuthCookie=` fallback) wins over a token;
 * writes by ticket need the CSRF header; each failure has its version's 401 reason.
 */
export function authenticate(inputs: AuthInputs): AuthOutcome {
  const { headers, nowSeconds, access, tickets, genericFailureText } = inputs;
  const fail = (detailed: string): AuthOutcome => ({ ok: false, reason: genericFailureText ? 'Authentication failed!' : detailed });
  const ticket = cookieTicket(headers);
  if (ticket !== undefined) {
    const userid = tickets.verifyTicket(ticket, nowSeconds);
    if (userid === undefined) return fail('permission denied - invalid PVE ticket');
    const user = access.user(userid);
    if (!user?.enabled) return fail(`user '${userid}' is disabled`);
    if (inputs.method !== 'GET') {
      const csrf = headers.csrfpreventiontoken;
      const token = Array.isArray(csrf) ? csrf[0] : csrf;
      if (!token || !tickets.verifyCsrfToken(token, userid, nowSeconds)) {
        return { ok: false, reason: 'Permission denied - invalid csrf token' };
      }
    }
    return { ok: true, identity: { userid, authid: userid, via: 'ticket' } };
  }
  const header = headers.authorization;
  const match = header ? /(?:^|\s)PVEAPIToken(?:=| )([^;]*)/.exec(header) : null;
  if (!match) return { ok: false, reason: 'No ticket' };
  const value = match[1]!;
  const split = value.lastIndexOf('=');
  const tokenid = split < 0 ? value : value.slice(0, split);
  const secret = split < 0 ? '' : value.slice(split + 1);
  const idMatch = /^([^!\s]+@[^!\s]+)!([A-Za-z][A-Za-z0-9.\-_]+)$/.exec(tokenid);
  if (!idMatch) return fail('invalid token value!');
  const [, userid, tokenName] = idMatch;
  const token = access.token(tokenid);
  if (!token) return fail(`no such token '${tokenName}' for user '${userid}'`);
  const user = access.user(userid!);
  if (!user?.enabled) return fail(`user '${userid}' is disabled`);
  if (token.expire > 0 && token.expire < nowSeconds) return fail(`token '${tokenName}' access expired`);
  if (token.secret !== secret) return fail('invalid token value!');
  return { ok: true, identity: { userid: userid!, tokenName: tokenName!, authid: tokenid, via: 'token' } };
}
