import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { addOpsToken, PveCaller, startTestSimulator, TEMPLATE } from './raw-http.js';

const GIB = 1024 ** 3;
let sim: Simulator;
let root: PveCaller;
let ops: PveCaller;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
  ops = addOpsToken(sim, { privsep: false });
});
afterAll(() => sim.close());

const names = (data: Array<{ iface: string }>) => data.map((entry) => entry.iface);

describe('GET /nodes/{node}/network', () => {
  it('lists the NICs and bridges without lo, sorted, vmbr0 carrying the node address', async () => {
    const response = await root.get('/nodes/pve2/network');
    expect(response.status).toBe(200);
    const data = response.body.data;
    expect(names(data)).toEqual(['eno1', 'eno2', 'vmbr0', 'vmbr1']);
    expect(data.find((entry: { iface: string }) => entry.iface === 'vmbr0')).toEqual({
      iface: 'vmbr0', type: 'bridge', method: 'static', method6: 'manual', families: ['inet'], active: 1, autostart: 1,
      bridge_ports: 'eno1', bridge_stp: 'off', bridge_fd: '0', priority: 4,
      address: '192.0.2.12', netmask: '24', cidr: '192.0.2.12/24', gateway: '192.0.2.1',
    });
    expect(data.find((entry: { iface: string }) => entry.iface === 'eno1')).toEqual({
      iface: 'eno1', type: 'eth', method: 'manual', method6: 'manual', families: ['inet'], active: 1, exists: 1, priority: 3,
    });
  });

  it('filters by type; any_bridge keeps every bridge, and a bridge added later shows up with its MTU', async () => {
    sim.control.addBridge('vmbr9', '10.99.0', 9000);
    expect(names((await root.get('/nodes/pve1/network', { type: 'bridge' })).body.data)).toEqual(['vmbr0', 'vmbr1', 'vmbr9']);
    const anyBridge = (await root.get('/nodes/pve1/network', { type: 'any_bridge' })).body.data;
    expect(names(anyBridge)).toEqual(['vmbr0', 'vmbr1', 'vmbr9']);
    expect(anyBridge[2]).toMatchObject({ iface: 'vmbr9', type: 'bridge', method: 'manual', mtu: 9000, active: 1 });
    expect(anyBridge[2].bridge_ports).toBeUndefined();
    expect(names((await root.get('/nodes/pve1/network', { type: 'eth' })).body.data)).toEqual(['eno1', 'eno2']);
    expect((await root.get('/nodes/pve1/network', { type: 'vlan' })).body.data).toEqual([]);
  });

  it('rejects an unknown type as a parameter error', async () => {
    const response = await root.get('/nodes/pve1/network', { type: 'wifi' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors)).toEqual(['type']);
  });

  it('shows bridges only to callers with SDN.Audit or SDN.Use on them', async () => {
    expect(names((await ops.get('/nodes/pve1/network')).body.data)).toEqual(['eno1', 'eno2']);
    sim.control.setAcl({ path: '/sdn/zones/localnetwork/vmbr0', ugid: 'ops@pve', role: 'PVESDNUser', propagate: true });
    expect(names((await ops.get('/nodes/pve1/network', { type: 'bridge' })).body.data)).toEqual(['vmbr0']);
  });
});

describe('GET /nodes/{node}/storage/{storage}/status', () => {
  it("reports the storage's type, content, flags and space in PVE's shape, per node", async () => {
    const before = (await root.get('/nodes/pve1/storage/local-lvm/status')).body.data;
    expect(before).toEqual({
      type: 'lvmthin', content: 'rootdir,images', shared: 0, enabled: 1, active: 1,
      total: 400 * GIB, used: expect.any(Number), avail: 400 * GIB - before.used,
    });
    expect((await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 700, ostemplate: TEMPLATE, rootfs: 'local-lvm:8' })).exitstatus).toBe('OK');
    expect((await root.get('/nodes/pve1/storage/local-lvm/status')).body.data.used).toBe(before.used + 8 * GIB);
    expect((await root.get('/nodes/pve2/storage/local-lvm/status')).body.data.used).toBe(0);
  });

  it('reports a disabled storage as inactive with no figures', async () => {
    sim.control.setStorage('local', { enabled: false });
    try {
      expect((await root.get('/nodes/pve1/storage/local/status')).body.data).toEqual({
        type: 'dir', content: 'vztmpl,iso,backup', shared: 0, enabled: 0, active: 0, total: 0, used: 0, avail: 0,
      });
    } finally {
      sim.control.setStorage('local', { enabled: true });
    }
  });

  it('answers an unknown storage with a parameter error and a caller without rights with 403', async () => {
    const unknown = await root.get('/nodes/pve1/storage/nope/status');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual({ storage: 'No such storage.' });
    const denied = await ops.get('/nodes/pve1/storage/local-lvm/status');
    expect(denied.status).toBe(403);
    expect(denied.reason).toBe('Permission check failed (/storage/local-lvm, Datastore.Audit|Datastore.AllocateSpace)');
  });
});
