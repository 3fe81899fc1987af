import { timingSafeEqual } from 'node:crypto';
import { permissionError } from '../errors.js';
import { aclPrivileges, allPrivileges, type AclEntry } from './permissions.js';

export interface UserSpec {
  /** `root@pam`, `ops@pve`. */
  userid: string;
  password?: string;
  enabled?: boolean;
}

export interface TokenSpec {
  /** `root@pam!ci`. */
  tokenid: string;
  /** The secret, a UUID. */
  secret: string;
  /** Privilege separation (PVE default on): the token's own ACLs ∩ the user's. */
  privsep?: boolean;
  /** Unix seconds after which the token is expired; 0 or absent = never. */
  expire?: number;
}

/** Who made a request. `authid` is what PVE puts in UPIDs and compares with `root@pam`. */
export interface Identity {
  userid: string;
  tokenName?: string;
  authid: string;
  via: 'ticket' | 'token';
}

/** The users, tokens and ACLs of the simulated cluster (ACCESS user.cfg). */
export class AccessControl {
  private readonly users = new Map<string, Required<UserSpec>>();
  private readonly tokens = new Map<string, Required<TokenSpec>>();
  readonly acls: AclEntry[] = [];
  /** The pool a guest belongs to: privileges on `/pool/<pool>` also count for `/vms/<vmid>`. */
  poolOf: (vmid: number) => string | undefined = () => undefined;

  constructor(users: UserSpec[], tokens: TokenSpec[]) {
    for (const user of users) this.addUser(user);
    for (const token of tokens) this.addToken(token);
  }

  addUser(user: UserSpec): void {
    this.users.set(user.userid, { password: '', enabled: true, ...user });
  }

  addToken(token: TokenSpec): void {
    const userid = token.tokenid.split('!')[0]!;
    if (!this.users.has(userid)) this.addUser({ userid });
    this.tokens.set(token.tokenid, { privsep: true, expire: 0, ...token });
  }

  setAcl(entry: AclEntry): void {
    this.removeAcl(entry);
    this.acls.push(entry);
  }

  removeAcl(entry: Pick<AclEntry, 'path' | 'ugid' | 'role'>): void {
    const index = this.acls.findIndex((acl) => acl.path === entry.path && acl.ugid === entry.ugid && acl.role === entry.role);
    if (index >= 0) this.acls.splice(index, 1);
  }

  user(userid: string): Required<UserSpec> | undefined {
    return this.users.get(userid);
  }

  token(tokenid: string): Required<TokenSpec> | undefined {
    return this.tokens.get(tokenid);
  }

  checkPassword(userid: string, password: string): boolean {
    const user = this.users.get(userid);
    if (!user || !user.enabled || user.password === '') return false;
    const expected = Buffer.from(user.password);
    const given = Buffer.from(password);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /**
   * Effective privileges on `path` (RPCEnvironment::permissions); for `/vms/<vmid>` those on the
   * guest's pool (or on `pool`, for a guest being created into it) count too (check_vm_perm).
   */
  privileges(identity: Identity, path: string, pool?: string): ReadonlySet<string> {
    const held = this.pathPrivileges(identity, path);
    const vmid = /^\/vms\/(\d+)$/.exec(path)?.[1];
    const guestPool = pool ?? (vmid === undefined ? undefined : this.poolOf(Number(vmid)));
    if (vmid === undefined || guestPool === undefined) return held;
    return new Set([...held, ...this.pathPrivileges(identity, `/pool/${guestPool}`)]);
  }

  private pathPrivileges(identity: Identity, path: string): ReadonlySet<string> {
    const userPrivileges = identity.userid === 'root@pam' ? allPrivileges() : aclPrivileges(this.acls, identity.userid, path);
    if (identity.via !== 'token') return userPrivileges;
    const token = this.tokens.get(identity.authid);
    if (!token?.privsep) return userPrivileges;
    const tokenPrivileges = aclPrivileges(this.acls, identity.authid, path);
    return new Set([...tokenPrivileges].filter((privilege) => userPrivileges.has(privilege)));
  }

  has(identity: Identity, path: string, privilege: string, pool?: string): boolean {
    return this.privileges(identity, path, pool).has(privilege);
  }

  /** Throws 403 `Permission check failed (<path>, <priv>)` for the first missing privilege. */
  require(identity: Identity, path: string, privileges: readonly string[], pool?: string): void {
    const held = this.privileges(identity, path, pool);
    for (const privilege of privileges) {
      if (!held.has(privilege)) throw permissionError(`${path}, ${privilege}`);
    }
  }

  /** Throws 403 `Permission check failed (<path>, <a>|<b>)` unless one of them is held. */
  requireAny(identity: Identity, path: string, privileges: readonly string[]): void {
    const held = this.privileges(identity, path);
    if (!privileges.some((privilege) => held.has(privilege))) throw permissionError(`${path}, ${privileges.join('|')}`);
  }
}
