import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { addOpsToken, grantOps, loginWithTicket, PveCaller, rawRequest, ROOT_PASSWORD, startTestSimulator, TEMPLATE, TOKEN_SECRET } from './raw-http.js';

let sim: Simulator;
let root: PveCaller;
/** `ops@pve!k8s` with privilege separation: only what its ACLs allow. */
let ops: PveCaller;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
  ops = addOpsToken(sim, { privsep: true });
  grantOps(sim, '/vms/300', 'PVEVMAdmin');
  grantOps(sim, '/storage', 'PVEDatastoreUser');
});
afterAll(() => sim.close());

function expectBare401(response: { status: number; reason: string; text: string; headers: Record<string, unknown> }, reason: string) {
  expect(response.status).toBe(401);
  expect(response.reason).toBe(reason);
  expect(response.text).toBe('');
  expect(response.headers['content-type']).toBeUndefined();
}

describe('authentication failures', () => {
  it('answers a request without credentials with 401 No ticket and an empty body', async () => {
    expectBare401(await rawRequest(sim, 'GET', '/api2/json/version'), 'No ticket');
  });

  it('answers an unknown token or a wrong secret with Authentication failed! on 9.1.5', async () => {
    const unknown = new PveCaller(sim, { token: `root@pam!nope=${TOKEN_SECRET}` });
    expectBare401(await unknown.get('/version'), 'Authentication failed!');
    const wrong = new PveCaller(sim, { token: 'root@pam!ci=00000000-0000-0000-0000-000000000000' });
    expectBare401(await wrong.get('/version'), 'Authentication failed!');
    const badTicket = new PveCaller(sim, { ticket: 'PVE:root@pam:6B000000::forged', csrf: 'x' });
    expectBare401(await badTicket.get('/version'), 'Authentication failed!');
  });

  it('uses the detailed texts of pve-manager before 9.1.5', async () => {
    const { sim: old } = await startTestSimulator({ pveVersion: '9.1.4' });
    try {
      expectBare401(await new PveCaller(old, { token: `root@pam!nope=${TOKEN_SECRET}` }).get('/version'), "no such token 'nope' for user 'root@pam'");
      expectBare401(await new PveCaller(old, { token: 'root@pam!ci=00000000-0000-0000-0000-000000000000' }).get('/version'), 'invalid token value!');
      expectBare401(await new PveCaller(old, { ticket: 'PVE:root@pam:6B000000::forged', csrf: 'x' }).get('/version'), 'permission denied - invalid PVE ticket');
    } finally {
      await old.close();
    }
  });

  it('answers wrong login credentials with 401 and a JSON body', async () => {
    const response = await rawRequest(sim, 'POST', '/api2/json/access/ticket', { params: { username: 'root@pam', password: 'wrong' } });
    expect(response.status).toBe(401);
    expect(response.reason).toBe('authentication failure');
    expect(response.body).toEqual({ data: null, message: 'authentication failure\n' });
  });

  it('refuses API tokens on /access/ticket with 403', async () => {
    const response = await root.post('/access/ticket', { username: 'root@pam', password: ROOT_PASSWORD });
    expect(response.status).toBe(403);
  });
});

describe('tickets', () => {
  it('issues a PVE ticket and CSRF token in their formats, with the cluster name', async () => {
    const response = await rawRequest(sim, 'POST', '/api2/json/access/ticket', { params: { username: 'root@pam', password: ROOT_PASSWORD } });
    const data = response.body.data;
    expect(data.username).toBe('root@pam');
    expect(data.ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::\S+$/);
    expect(data.CSRFPreventionToken).toMatch(/^[0-9A-F]{8}:[A-Za-z0-9+/]+$/);
    expect(data.clustername).toBe('pvesim');
    expect(data.cap.vms['VM.Allocate']).toBe(1);
  });

  it('accepts the cookie and the Authorization: PVEAuthCookie fallback', async () => {
    const caller = await loginWithTicket(sim, 'root@pam', ROOT_PASSWORD);
    const { ticket } = caller.credentials as { ticket: string };
    expect((await caller.get('/version')).status).toBe(200);
    const fallback = await rawRequest(sim, 'GET', '/api2/json/version', { headers: { Authorization: `PVEAuthCookie=${ticket}` } });
    expect(fallback.status).toBe(200);
  });

  it('requires the CSRF header on writes', async () => {
    const caller = await loginWithTicket(sim, 'root@pam', ROOT_PASSWORD);
    const { ticket } = caller.credentials as { ticket: string };
    const response = await rawRequest(sim, 'PUT', '/api2/json/cluster/options', {
      params: { console: 'xtermjs' },
      headers: { Cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` },
    });
    expectBare401(response, 'Permission denied - invalid csrf token');
    expect((await caller.put('/cluster/options', { console: 'xtermjs' })).status).toBe(200);
  });

  it('renews a valid ticket given as password, and rejects it after two hours', async () => {
    const caller = await loginWithTicket(sim, 'root@pam', ROOT_PASSWORD);
    const { ticket } = caller.credentials as { ticket: string };
    const renewed = await loginWithTicket(sim, 'root@pam', ticket);
    expect((await renewed.get('/version')).status).toBe(200);
    sim.control.advanceClock(2 * 3600 * 1000 + 1000);
    try {
      expectBare401(await caller.get('/version'), 'Authentication failed!');
    } finally {
      sim.control.advanceClock(-(2 * 3600 * 1000 + 1000));
    }
  });
});

describe('permissions', () => {
  it('checks the privilege on /vms/<vmid> before validating parameters', async () => {
    const response = await ops.get('/nodes/pve1/lxc/301/status/current');
    expect(response.status).toBe(403);
    expect(response.reason).toBe('Permission check failed (/vms/301, VM.Audit)');
    expect(response.body).toEqual({ data: null, message: 'Permission check failed (/vms/301, VM.Audit)\n' });
  });

  it('gives a bare Permission check failed on create without VM.Allocate', async () => {
    const response = await ops.post('/nodes/pve1/lxc', { vmid: 301, ostemplate: TEMPLATE });
    expect(response.status).toBe(403);
    expect(response.body.message).toBe('Permission check failed\n');
  });

  it('lets a token create where its ACLs allow, but not change keyctl: that is root@pam only', async () => {
    const denied = await ops.post('/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', features: 'nesting=1,keyctl=1' });
    expect(denied.status).toBe(403);
    expect(denied.reason).toBe('Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)');
    const created = await ops.runTask('POST', '/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', features: 'nesting=1' });
    expect(created.exitstatus).toBe('OK');
  });

  it('treats the token root@pam!ci as not root@pam, but a root@pam ticket as root', async () => {
    const token = await root.put('/nodes/pve1/lxc/300/config', { features: 'nesting=1,keyctl=1' });
    expect(token.status).toBe(403);
    const ticket = await loginWithTicket(sim, 'root@pam', ROOT_PASSWORD);
    expect((await ticket.put('/nodes/pve1/lxc/300/config', { features: 'nesting=1,keyctl=1' })).status).toBe(200);
  });

  it('allows bind mounts for root@pam only', async () => {
    const response = await root.put('/nodes/pve1/lxc/300/config', { mp0: '/srv/data,mp=/data' });
    expect(response.reason).toBe('Permission check failed (mount point type bind is only allowed for root@pam)');
  });

  it('checks node privileges on /nodes/<node>', async () => {
    const response = await ops.get('/nodes/pve1/status');
    expect(response.reason).toBe('Permission check failed (/nodes/pve1, Sys.Audit)');
  });

  it('intersects a separated token with its user: the user ACL alone grants the token nothing', async () => {
    sim.control.setAcl({ path: '/vms/302', ugid: 'ops@pve', role: 'PVEVMAdmin', propagate: true });
    expect((await ops.get('/nodes/pve1/lxc/302/status/current')).status).toBe(403);
  });

  it('lists only the containers the caller may audit', async () => {
    await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 303, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
    const listed = (await ops.get('/nodes/pve1/lxc')).body.data.map((entry: { vmid: number }) => entry.vmid);
    expect(listed).toEqual([300]);
  });

  it('refuses a pool that does not exist, and lets VM.Allocate on the pool create into it', async () => {
    const missing = await ops.post('/nodes/pve1/lxc', { vmid: 310, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', pool: 'tenant-a' });
    expect(missing.status).toBe(403);
    expect(missing.reason).toBe("Permission check failed (pool 'tenant-a' does not exist)");
    sim.control.addPool('tenant-a');
    grantOps(sim, '/pool/tenant-a', 'PVEVMAdmin');
    const created = await ops.runTask('POST', '/nodes/pve1/lxc', { vmid: 310, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', pool: 'tenant-a' });
    expect(created.exitstatus).toBe('OK');
    sim.control.refreshResources();
    const entry = (await root.get('/cluster/resources', { type: 'vm' })).body.data.find((item: { vmid: number }) => item.vmid === 310);
    expect(entry.pool).toBe('tenant-a');
  });

  it('refuses skiplock to anyone but root@pam', async () => {
    const response = await ops.post('/nodes/pve1/lxc/300/status/start', { skiplock: 1 });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ skiplock: 'Only root may use this option.' });
  });
});
