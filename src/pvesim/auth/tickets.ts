import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Tickets and CSRF tokens live 2 h (ACCESS AccessControl.pm $ticket_lifetime). */
export const TICKET_LIFETIME_SECONDS = 7200;
/** PVE accepts tickets minted up to 5 minutes "in the future" (clock skew between nodes). */
const MAX_CLOCK_SKEW_SECONDS = 300;

function hex8(seconds: number): string {
  return seconds.toString(16).toUpperCase().padStart(8, '0');
}

/**
 * Issues and checks `PVE:<userid>:<HEX time>::<signature>` tickets and `<HEX time>:<mac>` CSRF
 * tokens. Real PVE signs tickets with the cluster's RSA key; an HMAC keyed per simulator run is
 * indistinguishable to clients, which treat both as opaque.
 */
export class TicketAuthority {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64').replace(/=+$/, '');
  }

  issueTicket(userid: string, nowSeconds: number): string {
    const plain = `PVE:${userid}:${hex8(nowSeconds)}`;
    return `${plain}::${this.mac(plain)}`;
  }

  /** The user id of a valid, unexpired ticket, else undefined. */
  verifyTicket(ticket: string, nowSeconds: number): string | undefined {
    const match = /^(PVE:([^:\s]+):([0-9A-F]{8}))::(.+)$/.exec(ticket);
    if (!match) return undefined;
    const [, plain, userid, time, signature] = match;
    if (!sameText(this.mac(plain!), signature!)) return undefined;
    const age = nowSeconds - Number.parseInt(time!, 16);
    return age >= -MAX_CLOCK_SKEW_SECONDS && age < TICKET_LIFETIME_SECONDS ? userid : undefined;
  }

  issueCsrfToken(userid: string, nowSeconds: number): string {
    const time = hex8(nowSeconds);
    return `${time}:${this.mac(`${time}:${userid}`)}`;
  }

  verifyCsrfToken(token: string, userid: string, nowSeconds: number): boolean {
    const match = /^([0-9A-F]{8}):(.+)$/.exec(token);
    if (!match) return false;
    const [, time, signature] = match;
    if (!sameText(this.mac(`${time}:${userid}`), signature!)) return false;
    const age = nowSeconds - Number.parseInt(time!, 16);
    return age >= -MAX_CLOCK_SKEW_SECONDS && age < TICKET_LIFETIME_SECONDS;
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
