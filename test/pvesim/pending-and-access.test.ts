import { describe, expect, it } from 'vitest';
import { AccessControl, type Identity } from '../../src/pvesim/auth/access.js';
import { authenticate } from '../../src/pvesim/auth/authenticate.js';
import { aclPrivileges } from '../../src/pvesim/auth/permissions.js';
import { TicketAuthority, TICKET_LIFETIME_SECONDS } from '../../src/pvesim/auth/tickets.js';
import { FaultInjector } from '../../src/pvesim/faults.js';
import { applyAllPending, applyHotplug, effectiveConfig, stageChanges } from '../../src/pvesim/state/pending.js';

const running = { config: { memory: '512', hostname: 'a', mp0: 'local-lvm:vm-1-disk-1,mp=/d,size=1G' }, pending: {}, pendingDelete: {} };

describe('the hot-plug matrix of a running container', () => {
  it.each([
    ['memory', '1024', true],
    ['cores', '2', true],
    ['hostname', 'b', true],
    ['net0', 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,type=veth', true],
    ['mp1', 'local-lvm:vm-1-disk-2,mp=/e,size=1G', true],
    ['nameserver', '1.1.1.1', false],
    ['features', 'nesting=1', false],
    ['mp0', 'local-lvm:vm-1-disk-1,mp=/other,size=1G', false],
  ])('applies %s=%s at once: %s', (key, value, immediate) => {
    const applied = applyHotplug(stageChanges(running, { [key]: value }, []));
    expect(applied.config[key] === value).toBe(immediate);
    expect(applied.pending[key] === value).toBe(!immediate);
  });

  it('keeps the deletion of a mount point pending and turns it into unused0 when applied', () => {
    const staged = applyHotplug(stageChanges(running, {}, [{ key: 'mp0', force: false }]));
    expect(staged.pendingDelete).toEqual({ mp0: false });
    const applied = applyAllPending(staged);
    expect(applied.config.mp0).toBeUndefined();
    expect(applied.config.unused0).toBe('local-lvm:vm-1-disk-1');
  });

  it('merges pending values and drops pending deletions unless current', () => {
    const state = { config: { memory: '512', swap: '512' }, pending: { memory: '1024' }, pendingDelete: { swap: false } };
    expect(effectiveConfig(state, false)).toEqual({ memory: '1024' });
    expect(effectiveConfig(state, true)).toEqual({ memory: '512', swap: '512' });
  });
});

describe('ACLs', () => {
  const acls = [
    { path: '/vms', ugid: 'u@pve', role: 'PVEAuditor', propagate: true },
    { path: '/vms/101', ugid: 'u@pve', role: 'PVEVMAdmin', propagate: false },
    { path: '/storage/local', ugid: 'u@pve', role: 'NoAccess', propagate: true },
    { path: '/storage', ugid: 'u@pve', role: 'PVEDatastoreUser', propagate: true },
  ];

  it.each([
    ['/vms/100', 'VM.Audit', true],
    ['/vms/100', 'VM.PowerMgmt', false],
    ['/vms/101', 'VM.PowerMgmt', true],
    ['/storage/local-lvm', 'Datastore.AllocateSpace', true],
    ['/storage/local', 'Datastore.Audit', false],
    ['/nodes/pve1', 'Sys.Audit', false],
  ])('on %s grants %s: %s', (path, privilege, granted) => {
    expect(aclPrivileges(acls, 'u@pve', path).has(privilege)).toBe(granted);
  });

  it('gives a separated token the intersection with its user, and an unseparated one the user privileges', () => {
    const access = new AccessControl([{ userid: 'u@pve' }], [{ tokenid: 'u@pve!sep', secret: 's' }, { tokenid: 'u@pve!full', secret: 's', privsep: false }]);
    access.setAcl({ path: '/vms', ugid: 'u@pve', role: 'PVEVMAdmin', propagate: true });
    access.setAcl({ path: '/vms', ugid: 'u@pve!sep', role: 'PVEAuditor', propagate: true });
    const token = (name: string): Identity => ({ userid: 'u@pve', tokenName: name, authid: `u@pve!${name}`, via: 'token' });
    expect(access.has(token('sep'), '/vms/1', 'VM.Audit')).toBe(true);
    expect(access.has(token('sep'), '/vms/1', 'VM.PowerMgmt')).toBe(false);
    expect(access.has(token('full'), '/vms/1', 'VM.PowerMgmt')).toBe(true);
  });
});

describe('tickets and CSRF tokens', () => {
  const authority = new TicketAuthority();
  const now = 1_800_000_000;

  it('accepts a ticket until it is two hours old', () => {
    const ticket = authority.issueTicket('root@pam', now);
    expect(authority.verifyTicket(ticket, now + TICKET_LIFETIME_SECONDS - 1)).toBe('root@pam');
    expect(authority.verifyTicket(ticket, now + TICKET_LIFETIME_SECONDS)).toBeUndefined();
    expect(authority.verifyTicket(ticket.replace('root@pam', 'evil@pam'), now)).toBeUndefined();
    expect(new TicketAuthority().verifyTicket(ticket, now)).toBeUndefined();
  });

  it('binds a CSRF token to its user', () => {
    const token = authority.issueCsrfToken('root@pam', now);
    expect(authority.verifyCsrfToken(token, 'root@pam', now)).toBe(true);
    expect(authority.verifyCsrfToken(token, 'ops@pve', now)).toBe(false);
  });

  it('reads the token header with a space instead of =', () => {
    const access = new AccessControl([], [{ tokenid: 'root@pam!ci', secret: 's3cret' }]);
    const outcome = authenticate({
      headers: { authorization: 'PVEAPIToken root@pam!ci=s3cret' },
      method: 'GET',
      nowSeconds: now,
      access,
      tickets: authority,
      genericFailureText: true,
    });
    expect(outcome).toEqual({ ok: true, identity: { userid: 'root@pam', tokenName: 'ci', authid: 'root@pam!ci', via: 'token' } });
  });
});

describe('fault decisions', () => {
  it('depend only on seed, rule and the index of the matching request', () => {
    const draw = (seed: number, interleave: boolean) => {
      const faults = new FaultInjector(seed);
      faults.add({ id: 'r', path: '/version', errorRate: 0.3 });
      faults.add({ id: 'other', path: '/nodes', errorRate: 0.5 });
      const outcomes: boolean[] = [];
      for (let index = 0; index < 50; index++) {
        if (interleave) faults.decide('GET', '/nodes', '/nodes');
        outcomes.push(faults.decide('GET', '/version', '/version').error !== undefined);
      }
      return outcomes;
    };
    expect(draw(3, true)).toEqual(draw(3, false));
    expect(draw(3, false)).not.toEqual(draw(4, false));
  });
});
