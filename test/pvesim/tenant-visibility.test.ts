import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { PveCaller, startTestSimulator, TEMPLATE } from './raw-http.js';

/**
 * Two tenants, each a user with a separated token holding PVEVMAdmin on its own pool: the lists
 * of PVE (vmlist, cluster resources, storage content) show each only its own guests.
 */
let sim: Simulator;
let root: PveCaller;
let tenantA: PveCaller;
let tenantB: PveCaller;

function tenant(name: string, secret: string): PveCaller {
  const userid = `${name}@pve`;
  sim.control.addPool(name);
  sim.control.addUser({ userid });
  sim.control.addToken({ tokenid: `${userid}!k8s`, secret, privsep: true });
  for (const ugid of [userid, `${userid}!k8s`]) {
    sim.control.setAcl({ path: `/pool/${name}`, ugid, role: 'PVEVMAdmin', propagate: true });
    sim.control.setAcl({ path: '/storage', ugid, role: 'PVEDatastoreUser', propagate: true });
  }
  return new PveCaller(sim, { token: `${userid}!k8s=${secret}` });
}

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
  tenantA = tenant('tenant-a', '11111111-2222-4333-8444-555555555555');
  tenantB = tenant('tenant-b', '66666666-7777-4888-8999-aaaaaaaaaaaa');
  await tenantA.runTask('POST', '/nodes/pve1/lxc', { vmid: 500, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', pool: 'tenant-a' });
  await tenantB.runTask('POST', '/nodes/pve1/lxc', { vmid: 501, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', pool: 'tenant-b' });
  await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 502, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
  sim.control.refreshResources();
});
afterAll(() => sim.close());

const vmids = (data: Array<{ vmid: number | string }>) => data.map((entry) => Number(entry.vmid)).sort();

describe('what a tenant token sees', () => {
  it('GET /nodes/{node}/lxc lists only the guests with VM.Audit (vmlist)', async () => {
    expect(vmids((await tenantA.get('/nodes/pve1/lxc')).body.data)).toEqual([500]);
    expect(vmids((await tenantB.get('/nodes/pve1/lxc')).body.data)).toEqual([501]);
    expect(vmids((await root.get('/nodes/pve1/lxc')).body.data)).toEqual([500, 501, 502]);
  });

  it('GET /cluster/resources lists only those guests too', async () => {
    expect(vmids((await tenantA.get('/cluster/resources', { type: 'vm' })).body.data)).toEqual([500]);
    const all = (await tenantB.get('/cluster/resources')).body.data.filter((entry: { type: string }) => entry.type === 'lxc');
    expect(vmids(all)).toEqual([501]);
  });

  it('storage content shows templates and the tenant’s own disks, not other guests’ (check_volume_access)', async () => {
    const volids = (await tenantA.get('/nodes/pve1/storage/local-lvm/content')).body.data.map((volume: { volid: string }) => volume.volid);
    expect(volids).toEqual(['local-lvm:vm-500-disk-0']);
    const templates = (await tenantA.get('/nodes/pve1/storage/local/content', { content: 'vztmpl' })).body.data;
    expect(templates.map((volume: { volid: string }) => volume.volid)).toContain(TEMPLATE);
    const rootVolids = (await root.get('/nodes/pve1/storage/local-lvm/content')).body.data.map((volume: { volid: string }) => volume.volid);
    expect(rootVolids).toEqual(['local-lvm:vm-500-disk-0', 'local-lvm:vm-501-disk-0', 'local-lvm:vm-502-disk-0']);
  });

  it('refuses another tenant’s guest with the check on its path', async () => {
    const response = await tenantA.get('/nodes/pve1/lxc/501/status/current');
    expect(response.status).toBe(403);
    expect(response.reason).toBe('Permission check failed (/vms/501, VM.Audit)');
  });

  it('lists a guest for VM.Audit alone, but its disks only with VM.Config.Disk', async () => {
    for (const ugid of ['tenant-a@pve', 'tenant-a@pve!k8s']) sim.control.setAcl({ path: '/vms/502', ugid, role: 'PVEAuditor', propagate: true });
    expect(vmids((await tenantA.get('/nodes/pve1/lxc')).body.data)).toEqual([500, 502]);
    const volids = (await tenantA.get('/nodes/pve1/storage/local-lvm/content')).body.data.map((volume: { volid: string }) => volume.volid);
    expect(volids).toEqual(['local-lvm:vm-500-disk-0']);
  });
});
