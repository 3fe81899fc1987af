import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trunkTags } from '../../src/pvesim/api/bridge-access.js';
import type { Simulator } from '../../src/pvesim/index.js';
import { addOpsToken, grantOps, PveCaller, startTestSimulator, TEMPLATE, type RawResponse } from './raw-http.js';

let sim: Simulator;
let root: PveCaller;
/** `ops@pve!k8s` (privilege separation): VM admin on /vms, space on /storage, SDN.Use as each test grants. */
let ops: PveCaller;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
  ops = addOpsToken(sim, { privsep: true });
  grant('/vms', 'PVEVMAdmin');
  grant('/storage', 'PVEDatastoreUser');
  sim.control.addBridge('vmbr2', '10.20.0');
});
afterAll(() => sim.close());

const grant = (path: string, role: string, propagate = true) => grantOps(sim, path, role, propagate);

function expectSdnRefusal(response: RawResponse, path: string): void {
  expect(response.status).toBe(403);
  expect(response.reason).toBe(`Permission check failed (${path}, SDN.Use)`);
  expect(response.body).toEqual({ data: null, message: `Permission check failed (${path}, SDN.Use)\n` });
}

const create = (vmid: number, net0: string) => ({ vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', net0 });

describe('trunk VLANs (get_tags_from_trunk)', () => {
  it.each([
    ['20', ['20']],
    ['20;10', ['10', '20']],
    ['30-32;5', ['30', '31', '32', '5']],
    ['7-7', ['7']],
  ])('reads %s as %j', (trunks, tags) => {
    expect(trunkTags(trunks)).toEqual(tags);
  });
});

describe('POST /nodes/{node}/lxc checks SDN.Use on each bridge (check_ct_modify_config_perm)', () => {
  it('refuses a device on a bridge without SDN.Use and creates no container', async () => {
    expectSdnRefusal(await ops.post('/nodes/pve1/lxc', create(400, 'name=eth0,bridge=vmbr0,ip=dhcp')), '/sdn/zones/localnetwork/vmbr0');
    expect((await root.get('/nodes/pve1/lxc')).body.data).toEqual([]);
  });

  it('checks a tagged device on its VLAN: SDN.Use on the VLAN alone is enough for it, not for the bridge', async () => {
    grant('/sdn/zones/localnetwork/vmbr0/20', 'PVESDNUser', false);
    expectSdnRefusal(await ops.post('/nodes/pve1/lxc', create(401, 'name=eth0,bridge=vmbr0,tag=30')), '/sdn/zones/localnetwork/vmbr0/30');
    expectSdnRefusal(await ops.post('/nodes/pve1/lxc', create(401, 'name=eth0,bridge=vmbr0')), '/sdn/zones/localnetwork/vmbr0');
    const created = await ops.runTask('POST', '/nodes/pve1/lxc', create(401, 'name=eth0,bridge=vmbr0,tag=20'));
    expect(created.exitstatus).toBe('OK');
  });

  it('checks every trunk VLAN', async () => {
    grant('/sdn/zones/localnetwork/vmbr2/10', 'PVESDNUser', false);
    expectSdnRefusal(await ops.post('/nodes/pve1/lxc', create(402, 'name=eth0,bridge=vmbr2,trunks=10;20')), '/sdn/zones/localnetwork/vmbr2/20');
  });

  it('needs no SDN.Use for a device without a bridge', async () => {
    expect((await ops.runTask('POST', '/nodes/pve1/lxc', create(403, 'name=eth0'))).exitstatus).toBe('OK');
  });
});

describe('PUT /nodes/{node}/lxc/{vmid}/config checks SDN.Use on the old and the new bridge', () => {
  beforeAll(async () => {
    grant('/sdn/zones/localnetwork/vmbr0', 'PVESDNUser');
    await root.runTask('POST', '/nodes/pve1/lxc', create(410, 'name=eth0,bridge=vmbr1'));
    await root.runTask('POST', '/nodes/pve1/lxc', create(411, 'name=eth0,bridge=vmbr0'));
  });

  it('refuses to move a device off a bridge the caller may not use, or to delete it', async () => {
    expectSdnRefusal(await ops.put('/nodes/pve1/lxc/410/config', { net0: 'name=eth0,bridge=vmbr0' }), '/sdn/zones/localnetwork/vmbr1');
    expectSdnRefusal(await ops.put('/nodes/pve1/lxc/410/config', { delete: 'net0' }), '/sdn/zones/localnetwork/vmbr1');
    expect((await root.get('/nodes/pve1/lxc/410/config')).body.data.net0).toMatch(/bridge=vmbr1/);
    expect((await ops.put('/nodes/pve1/lxc/410/config', { hostname: 'renamed' })).status).toBe(200);
  });

  it('refuses a new bridge the caller may not use', async () => {
    expectSdnRefusal(await ops.put('/nodes/pve1/lxc/411/config', { net1: 'name=eth1,bridge=vmbr1' }), '/sdn/zones/localnetwork/vmbr1');
    expect((await root.get('/nodes/pve1/lxc/411/config')).body.data.net1).toBeUndefined();
  });

  it('lets SDN.Use on the bridge reach its VLANs by propagation', async () => {
    expect((await ops.put('/nodes/pve1/lxc/411/config', { net0: 'name=eth0,bridge=vmbr0,tag=5' })).status).toBe(200);
    expect((await ops.put('/nodes/pve1/lxc/411/config', { delete: 'net0' })).status).toBe(200);
  });
});
