import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { PveCaller, startTestSimulator, TEMPLATE } from './raw-http.js';

let sim: Simulator;
let root: PveCaller;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
});
afterAll(() => sim.close());

describe('one VMID space over several nodes', () => {
  it('returns the next free id as a string, and 400 VM <id> already exists for a taken one', async () => {
    expect((await root.get('/cluster/nextid')).body).toEqual({ data: '100' });
    await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 100, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
    expect((await root.get('/cluster/nextid')).body).toEqual({ data: '101' });
    expect((await root.get('/cluster/nextid', { vmid: 105 })).body).toEqual({ data: '105' });
    const taken = await root.get('/cluster/nextid', { vmid: 100 });
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual({ data: null, errors: { vmid: 'VM 100 already exists' }, message: 'Parameter verification failed.\n' });
  });

  it('does not reserve the id: two callers get the same one and the second create fails', async () => {
    const [first, second] = await Promise.all([root.get('/cluster/nextid'), root.get('/cluster/nextid')]);
    expect(first.body.data).toBe(second.body.data);
    const vmid = Number(first.body.data);
    expect((await root.post('/nodes/pve1/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' })).status).toBe(200);
    const loser = await root.post('/nodes/pve2/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
    expect(loser.status).toBe(500);
    expect(loser.reason).toBe(`CT ${vmid} already exists on node 'pve1'`);
    await sim.control.idle();
  });

  it('honours the datacenter next-id range and reports it parsed, with string bounds', async () => {
    expect((await root.put('/cluster/options', { 'next-id': 'lower=200,upper=202' })).body).toEqual({ data: null });
    expect((await root.get('/cluster/options')).body.data).toMatchObject({ 'next-id': { lower: '200', upper: '202' }, mac_prefix: 'BC:24:11' });
    expect((await root.get('/cluster/nextid')).body.data).toBe('200');
    await root.runTask('POST', '/nodes/pve2/lxc', { vmid: 200, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
    await root.runTask('POST', '/nodes/pve2/lxc', { vmid: 201, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
    const full = await root.get('/cluster/nextid');
    expect(full.status).toBe(500);
    expect(full.reason).toBe('unable to get any free VMID in range [200, 202]');
    expect((await root.put('/cluster/options', { 'next-id': 'lower=300,upper=200' })).reason).toBe('lower (300) <= upper (200) boundary rule broken');
    await root.put('/cluster/options', { delete: 'next-id' });
  });
});

describe('cluster views', () => {
  it('names the cluster and its nodes in /cluster/status', async () => {
    const data = (await root.get('/cluster/status')).body.data;
    expect(data[0]).toMatchObject({ type: 'cluster', name: 'pvesim', nodes: 2, quorate: 1 });
    expect(data.slice(1).map((entry: { name: string }) => entry.name)).toEqual(['pve1', 'pve2']);
  });

  it('lists nodes with their certificate fingerprint', async () => {
    const nodes = (await root.get('/nodes')).body.data;
    expect(nodes.map((node: { node: string }) => node.node)).toEqual(['pve1', 'pve2']);
    expect(nodes[0]).toMatchObject({ id: 'node/pve1', type: 'node', status: 'online', ssl_fingerprint: sim.fingerprint, maxcpu: 16 });
  });

  it('reports node status with memory, cpuinfo and pveversion', async () => {
    const status = (await root.get('/nodes/pve2/status')).body.data;
    expect(status.pveversion).toMatch(/^pve-manager\/9\.1\.5\//);
    expect(status.memory.total).toBeGreaterThan(status.memory.used);
    expect(status.loadavg).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
  });

  it('fails a request for an unknown node as the proxy does', async () => {
    const response = await root.get('/nodes/pve9/lxc');
    expect(response.status).toBe(500);
    expect(response.reason).toBe("hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known");
  });

  it('answers 595 for a node that is offline, and refuses create and start without quorum', async () => {
    sim.control.setNodeOnline('pve2', false);
    try {
      expect((await root.get('/nodes/pve2/lxc')).status).toBe(595);
      expect((await root.get('/cluster/status')).body.data[0].quorate).toBe(0);
      const create = await root.post('/nodes/pve1/lxc', { vmid: 121, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
      expect(create.status).toBe(500);
      expect(create.reason).toBe('cluster not ready - no quorum?');
    } finally {
      sim.control.setNodeOnline('pve2', true);
    }
  });

  it('shows a new container in /cluster/resources at once, but as unknown until pvestatd samples it', async () => {
    await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 120, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: 'fresh' });
    const before = (await root.get('/cluster/resources', { type: 'vm' })).body.data.find((entry: { vmid: number }) => entry.vmid === 120);
    expect(before).toEqual({ id: 'lxc/120', type: 'lxc', vmid: 120, node: 'pve1', status: 'unknown' });
    sim.control.refreshResources();
    const after = (await root.get('/cluster/resources', { type: 'vm' })).body.data.find((entry: { vmid: number }) => entry.vmid === 120);
    expect(after).toMatchObject({ id: 'lxc/120', name: 'fresh', status: 'stopped', maxmem: 512 * 1024 ** 2, template: 0 });
  });

  it('lags the live status: a started container stays stopped in /cluster/resources until the next sample', async () => {
    await root.runTask('POST', '/nodes/pve1/lxc/120/status/start');
    const lagging = (await root.get('/cluster/resources', { type: 'vm' })).body.data.find((entry: { vmid: number }) => entry.vmid === 120);
    expect(lagging.status).toBe('stopped');
    expect((await root.get('/nodes/pve1/lxc/120/status/current')).body.data.status).toBe('running');
  });
});

describe('storage', () => {
  it('lists templates on local as vztmpl content with their format', async () => {
    const content = (await root.get('/nodes/pve1/storage/local/content', { content: 'vztmpl' })).body.data;
    expect(content).toContainEqual({
      volid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      format: 'tzst',
      size: expect.any(Number),
      ctime: expect.any(Number),
      content: 'vztmpl',
    });
  });

  it('lists the storages with usage, and refuses an unknown one', async () => {
    const storages = (await root.get('/nodes/pve1/storage')).body.data;
    expect(storages.map((storage: { storage: string }) => storage.storage)).toEqual(['local', 'local-lvm']);
    expect(storages[1]).toMatchObject({ type: 'lvmthin', content: 'rootdir,images', enabled: 1, active: 1, shared: 0 });
    expect(storages[1].used).toBeGreaterThan(0);
    expect((await root.get('/nodes/pve1/storage', { storage: 'nope' })).body.errors).toEqual({ storage: 'No such storage.' });
  });

  it('fails a create when local-lvm has no room left', async () => {
    sim.control.setStorage('local-lvm', { capacityBytes: 20 * 1024 ** 3 });
    const { exitstatus } = await root.runTask('POST', '/nodes/pve2/lxc', { vmid: 130, ostemplate: TEMPLATE, rootfs: 'local-lvm:64' });
    expect(exitstatus).toMatch(/^unable to create CT 130 - lvcreate 'pve\/vm-130-disk-0' error: {3}Volume group "pve" has insufficient free space/);
    expect((await root.get('/nodes/pve2/lxc/130/config')).status).toBe(500);
    sim.control.setStorage('local-lvm', { capacityBytes: 400 * 1024 ** 3 });
  });

  it('refuses a default storage without container content', async () => {
    const response = await root.post('/nodes/pve1/lxc', { vmid: 131, ostemplate: TEMPLATE });
    expect(response.body.errors).toEqual({ storage: "storage 'local' does not support container directories" });
  });

  it('fails a create whose template is not on the node', async () => {
    const { exitstatus } = await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 132, ostemplate: 'local:vztmpl/missing.tar.zst', rootfs: 'local-lvm:4' });
    expect(exitstatus).toBe("unable to create CT 132 - volume 'local:vztmpl/missing.tar.zst' does not exist");
  });

  it('downloads an appliance template from the index into local with a download task', async () => {
    const index = (await root.get('/nodes/pve2/aplinfo')).body.data;
    const fedora = index.find((entry: { template: string }) => entry.template.startsWith('fedora-42'));
    expect(fedora).toMatchObject({ type: 'lxc', section: 'system', os: 'fedora', architecture: 'amd64' });
    const { upid, exitstatus } = await root.runTask('POST', '/nodes/pve2/aplinfo', { storage: 'local', template: fedora.template });
    expect(exitstatus).toBe('OK');
    expect(upid.split(':').slice(5, 7)).toEqual(['download', fedora.template]);
    const content = (await root.get('/nodes/pve2/storage/local/content', { content: 'vztmpl' })).body.data;
    expect(content.map((volume: { volid: string }) => volume.volid)).toContain(`local:vztmpl/${fedora.template}`);
    expect((await root.post('/nodes/pve2/aplinfo', { storage: 'local', template: 'nope.tar.xz' })).body.errors).toEqual({ template: 'no such template' });
    expect((await root.post('/nodes/pve2/aplinfo', { storage: 'local-lvm', template: fedora.template })).reason).toBe("storage 'local-lvm' does not support templates");
  });
});

describe('directory indexes', () => {
  it('lists the subdirectories of a container and of its status', async () => {
    await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 140, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
    expect((await root.get('/nodes/pve1/lxc/140')).body.data).toContainEqual({ subdir: 'interfaces' });
    expect((await root.get('/nodes/pve1/lxc/140/status')).body.data).toContainEqual({ subdir: 'current' });
    expect((await root.get('/nodes/pve1/lxc/141')).reason).toBe("Configuration file 'nodes/pve1/lxc/141.conf' does not exist");
  });
});
