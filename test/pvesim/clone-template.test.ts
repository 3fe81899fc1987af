import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { fastTiming } from '../../src/pvesim/index.js';
import { volumeHasFeature } from '../../src/pvesim/state/volume-features.js';
import { eventually } from '../support/kube.js';
import { addOpsToken, PveCaller, startTestSimulator, TEMPLATE } from './raw-http.js';

const GIB = 1024 ** 3;
let sim: Simulator;
let root: PveCaller;
let ops: PveCaller;
let nextVmid = 500;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
  ops = addOpsToken(sim, { privsep: false });
  sim.control.addPool('tenant-a');
});
afterEach(() => sim.control.setTiming(fastTiming()));
afterAll(() => sim.close());

async function createCt(options: { running?: boolean; rootfs?: string } = {}): Promise<number> {
  const vmid = nextVmid++;
  const { exitstatus } = await root.runTask('POST', '/nodes/pve1/lxc', {
    vmid, ostemplate: TEMPLATE, rootfs: options.rootfs ?? 'local-lvm:4', net0: 'name=eth0,bridge=vmbr0,ip=dhcp', start: options.running ? 1 : 0,
  });
  expect(exitstatus).toBe('OK');
  await sim.control.idle();
  return vmid;
}

/** POST template answers null; the vztemplate task is found in the node's task list. */
async function convert(vmid: number): Promise<string> {
  const response = await root.post(`/nodes/pve1/lxc/${vmid}/template`);
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ data: null });
  return eventually(async () => {
    const [task] = (await root.get('/nodes/pve1/tasks', { typefilter: 'vztemplate', vmid, source: 'all' })).body.data;
    expect(task.status).not.toBe('RUNNING');
    return task.status as string;
  }, { timeoutMs: 10_000, intervalMs: 10 });
}

async function createTemplate(): Promise<number> {
  const vmid = await createCt();
  expect(await convert(vmid)).toBe('OK');
  return vmid;
}

const config = async (vmid: number, node = 'pve1') => (await root.get(`/nodes/${node}/lxc/${vmid}/config`)).body.data;
const used = async (storage = 'local-lvm') => (await root.get(`/nodes/pve1/storage/${storage}/status`)).body.data.used as number;

function grant(path: string, role: string): void {
  sim.control.setAcl({ path, ugid: 'ops@pve', role, propagate: true });
}

describe('POST /nodes/{node}/lxc/{vmid}/template', () => {
  it('turns a stopped CT into a template whose root disk is the base volume', async () => {
    const vmid = await createTemplate();
    const data = await config(vmid);
    expect(data).toMatchObject({ template: 1, rootfs: `local-lvm:base-${vmid}-disk-0,size=4G` });
    expect(data.lock).toBeUndefined();
    const volumes = (await root.get('/nodes/pve1/storage/local-lvm/content', { vmid })).body.data;
    expect(volumes.map((volume: { volid: string }) => volume.volid)).toEqual([`local-lvm:base-${vmid}-disk-0`]);
  });

  it('refuses a running CT and a template with the texts of PVE', async () => {
    const running = await createCt({ running: true });
    const refused = await root.post(`/nodes/pve1/lxc/${running}/template`);
    expect(refused.status).toBe(500);
    expect(refused.reason).toBe("you can't convert a CT to template if the CT is running");
    const template = await createTemplate();
    expect((await root.post(`/nodes/pve1/lxc/${template}/template`)).reason).toBe("you can't convert a template to a template");
  });

  it('fails the start task of a template', async () => {
    const vmid = await createTemplate();
    const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/start`);
    expect(exitstatus).toBe("you can't start a CT if it's a template");
    const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data;
    expect(log.at(-1).t).toBe("TASK ERROR: you can't start a CT if it's a template");
  });

  it('needs VM.Allocate on the CT', async () => {
    const vmid = await createCt();
    grant(`/vms/${vmid}`, 'PVEVMUser');
    const denied = await ops.post(`/nodes/pve1/lxc/${vmid}/template`);
    expect(denied.status).toBe(403);
    expect(denied.reason).toBe(`Permission check failed (/vms/${vmid}, VM.Allocate)`);
  });
});

describe('GET /nodes/{node}/lxc/{vmid}/feature', () => {
  it('offers linked clones only from a template on LVM-thin, and no snapshots on a directory storage', async () => {
    const template = await createTemplate();
    const plain = await createCt();
    sim.control.setStorage('local', { content: ['vztmpl', 'iso', 'backup', 'rootdir'] });
    const onDir = await createCt({ rootfs: 'local:2' });
    const has = async (vmid: number, feature: string) => (await root.get(`/nodes/pve1/lxc/${vmid}/feature`, { feature })).body.data;
    expect(await has(template, 'clone')).toEqual({ hasFeature: 1 });
    expect(await has(plain, 'clone')).toEqual({ hasFeature: 0 });
    expect(await has(plain, 'snapshot')).toEqual({ hasFeature: 1 });
    expect(await has(onDir, 'snapshot')).toEqual({ hasFeature: 0 });
    expect(await has(onDir, 'copy')).toEqual({ hasFeature: 1 });
  });
});

describe('POST /nodes/{node}/lxc/{vmid}/clone', () => {
  it('links a template by default: vzclone task of the source, disk lock on the source, create lock on the clone', async () => {
    const template = await createTemplate();
    const newid = nextVmid++;
    const before = await used();
    sim.control.setTiming({ taskDurationMs: { default: 5, vzclone: 1500 } });
    const response = await root.post(`/nodes/pve1/lxc/${template}/clone`, { newid, hostname: 'web-clone', description: 'from template' });
    expect(response.status).toBe(200);
    const upid: string = response.body.data;
    expect(upid.split(':').slice(5, 8)).toEqual(['vzclone', String(template), 'root@pam!ci']);
    expect((await config(template)).lock).toBe('disk');
    expect((await config(newid)).lock).toBe('create');
    expect((await root.waitForTask(upid)).exitstatus).toBe('OK');
    const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data.map((line: { t: string }) => line.t);
    expect(log).toEqual([
      `creating a clone of container ${template} with ID ${newid}`,
      `create linked clone of mount point rootfs (local-lvm:base-${template}-disk-0)`,
      'TASK OK',
    ]);
    const source = await config(template);
    const clone = await config(newid);
    expect(source.lock).toBeUndefined();
    expect(clone).toMatchObject({ hostname: 'web-clone', description: 'from template', rootfs: `local-lvm:vm-${newid}-disk-0,size=4G` });
    expect(clone.lock).toBeUndefined();
    expect(clone.template).toBeUndefined();
    expect(clone.net0).toMatch(/^name=eth0,bridge=vmbr0,hwaddr=BC:24:11(:[0-9A-F]{2}){3},ip=dhcp,type=veth$/);
    expect(clone.net0).not.toBe(source.net0);
    expect(await used()).toBe(before);
  });

  it('copies every disk with full=1 and counts the copy against the storage', async () => {
    const template = await createTemplate();
    const newid = nextVmid++;
    const before = await used();
    const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${template}/clone`, { newid, full: 1, pool: 'tenant-a' });
    expect(exitstatus).toBe('OK');
    const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data;
    expect(log[1].t).toBe(`create full clone of mountpoint rootfs (local-lvm:base-${template}-disk-0)`);
    expect(await used()).toBe(before + 4 * GIB);
    sim.control.refreshResources();
    const resources = (await root.get('/cluster/resources', { type: 'vm' })).body.data;
    expect(resources.find((entry: { vmid: number }) => entry.vmid === newid)).toMatchObject({ pool: 'tenant-a', template: 0, node: 'pve1' });
  });

  it('makes a full copy of a normal CT, and refuses a linked clone of it', async () => {
    const plain = await createCt();
    const refused = await root.post(`/nodes/pve1/lxc/${plain}/clone`, { newid: nextVmid, full: 0 });
    expect(refused.status).toBe(500);
    expect(refused.reason).toBe(`Linked clone feature for 'local-lvm:vm-${plain}-disk-0' is not available`);
    expect((await config(plain)).lock).toBeUndefined();
    expect((await root.get(`/nodes/pve1/lxc/${nextVmid}/config`)).status).toBe(500);
    const newid = nextVmid++;
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${plain}/clone`, { newid })).exitstatus).toBe('OK');
    expect((await config(newid)).rootfs).toBe(`local-lvm:vm-${newid}-disk-0,size=4G`);
  });

  it('clones onto another node through a shared storage', async () => {
    sim.control.setStorage('nfs', { type: 'dir', shared: true, content: ['rootdir', 'images'], capacityBytes: 100 * GIB });
    const plain = await createCt();
    const newid = nextVmid++;
    const { exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${plain}/clone`, { newid, storage: 'nfs', target: 'pve2' });
    expect(exitstatus).toBe('OK');
    expect((await root.get(`/nodes/pve1/lxc/${newid}/config`)).status).toBe(500);
    expect((await config(newid, 'pve2')).rootfs).toBe(`nfs:${newid}/vm-${newid}-disk-0.raw,size=4G`);
    const local = await root.post(`/nodes/pve1/lxc/${plain}/clone`, { newid: nextVmid, storage: 'local-lvm', target: 'pve2' });
    expect(local.reason).toBe("can't clone to non-shared storage 'local-lvm'");
  });

  it('answers the synchronous refusals with the texts of PVE and leaves the source unlocked', async () => {
    const template = await createTemplate();
    const running = await createCt({ running: true });
    const cases: Array<[number, Record<string, string | number>, string]> = [
      [template, { newid: template }, `CT ${template} already exists on node 'pve1'`],
      [template, { newid: 990, storage: 'local-lvm' }, "parameter 'storage' not allowed for linked clones"],
      [template, { newid: 990, target: 'pve2' }, "can't clone CT to node 'pve2' (CT uses local storage)"],
      [template, { newid: 990, target: 'pve9' }, "no such cluster node 'pve9'"],
      [template, { newid: 990, full: 1, storage: 'nope' }, "storage 'nope' does not exist"],
      [running, { newid: 990 }, 'Full clone of a running container is only possible from a snapshot'],
    ];
    for (const [vmid, params, reason] of cases) {
      const response = await root.post(`/nodes/pve1/lxc/${vmid}/clone`, params);
      expect({ status: response.status, reason: response.reason }).toEqual({ status: 500, reason });
      expect((await config(vmid)).lock).toBeUndefined();
    }
    expect((await root.get('/nodes/pve1/lxc/990/config')).status).toBe(500);
  });

  it('refuses a locked source with CT is locked', async () => {
    const template = await createTemplate();
    sim.control.setTiming({ taskDurationMs: { default: 5, vzclone: 1500 } });
    const first = await root.post(`/nodes/pve1/lxc/${template}/clone`, { newid: nextVmid++ });
    const second = await root.post(`/nodes/pve1/lxc/${template}/clone`, { newid: nextVmid++ });
    expect(second.reason).toBe('CT is locked (disk)');
    expect((await root.waitForTask(first.body.data)).exitstatus).toBe('OK');
  });

  it('fails the task when the target storage is full, and removes the half-made clone', async () => {
    const template = await createTemplate();
    const newid = nextVmid++;
    sim.control.setStorage('local-lvm', { capacityBytes: (await used()) + 2 * GIB });
    try {
      const { exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${template}/clone`, { newid, full: 1 });
      expect(exitstatus).toMatch(/^clone failed: lvcreate 'pve\/vm-\d+-disk-0' error: {3}Volume group "pve" has insufficient free space \(512 extents\): 1024 required\.$/);
    } finally {
      sim.control.setStorage('local-lvm', { capacityBytes: 400 * GIB });
    }
    expect((await root.get(`/nodes/pve1/lxc/${newid}/config`)).reason).toBe(`Configuration file 'nodes/pve1/lxc/${newid}.conf' does not exist`);
    expect((await config(template)).lock).toBeUndefined();
  });

  it('checks VM.Clone on the source, VM.Allocate on the new VMID or its pool, space on the storage and SDN.Use on the bridge', async () => {
    const template = await createTemplate();
    const newid = nextVmid++;
    const noClone = await ops.post(`/nodes/pve1/lxc/${template}/clone`, { newid });
    expect(noClone.status).toBe(403);
    expect(noClone.reason).toBe(`Permission check failed (/vms/${template}, VM.Clone)`);
    grant(`/vms/${template}`, 'PVEVMAdmin');
    const noAllocate = await ops.post(`/nodes/pve1/lxc/${template}/clone`, { newid });
    expect(noAllocate.status).toBe(403);
    expect(noAllocate.reason).toBe('Permission check failed');
    grant('/pool/tenant-a', 'PVEVMAdmin');
    const noBridge = await ops.post(`/nodes/pve1/lxc/${template}/clone`, { newid, pool: 'tenant-a' });
    expect(noBridge.reason).toBe('Permission check failed (/sdn/zones/localnetwork/vmbr0, SDN.Use)');
    grant('/sdn/zones/localnetwork/vmbr0', 'PVESDNUser');
    const noSpace = await ops.post(`/nodes/pve1/lxc/${template}/clone`, { newid, pool: 'tenant-a' });
    expect(noSpace.reason).toBe('Permission check failed (/storage/local-lvm, Datastore.AllocateSpace)');
    expect((await config(template)).lock).toBeUndefined();
    grant('/storage/local-lvm', 'PVEDatastoreUser');
    const { exitstatus } = await ops.runTask('POST', `/nodes/pve1/lxc/${template}/clone`, { newid, pool: 'tenant-a' });
    expect(exitstatus).toBe('OK');
  });
});

describe('destroying a template', () => {
  it('keeps a base volume that linked clones use, with the warning of PVE', async () => {
    const template = await createTemplate();
    const newid = nextVmid++;
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${template}/clone`, { newid })).exitstatus).toBe('OK');
    const { upid, exitstatus } = await root.runTask('DELETE', `/nodes/pve1/lxc/${template}`, { purge: 1, 'destroy-unreferenced-disks': 1 });
    expect(exitstatus).toBe('WARNINGS: 1');
    const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data.map((line: { t: string }) => line.t);
    expect(log).toContain(`WARN: base volume 'base-${template}-disk-0' is still in use by linked clones`);
    const volumes = (await root.get('/nodes/pve1/storage/local-lvm/content', { vmid: template })).body.data;
    expect(volumes.map((volume: { volid: string }) => volume.volid)).toEqual([`local-lvm:base-${template}-disk-0`]);
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${newid}/status/start`)).exitstatus).toBe('OK');
  });
});

describe('POST status/suspend and status/resume', () => {
  it('checkpoints a running CT (vzsuspend) and restores it (vzresume), with PVE texts for the wrong state', async () => {
    const vmid = await createCt({ running: true });
    const base = `/nodes/pve1/lxc/${vmid}/status`;
    const suspended = await root.runTask('POST', `${base}/suspend`);
    expect(suspended.upid.split(':')[5]).toBe('vzsuspend');
    expect(suspended.exitstatus).toBe('OK');
    expect((await root.get(`${base}/current`)).body.data.status).toBe('stopped');
    expect((await root.post(`${base}/suspend`)).reason).toBe(`CT ${vmid} not running`);
    const resumed = await root.runTask('POST', `${base}/resume`);
    expect(resumed.upid.split(':')[5]).toBe('vzresume');
    expect(resumed.exitstatus).toBe('OK');
    expect((await root.get(`${base}/current`)).body.data.status).toBe('running');
    expect((await root.post(`${base}/resume`)).reason).toBe(`CT ${vmid} already running`);
  });

  it('fails the resume task of a CT that was never suspended', async () => {
    const vmid = await createCt();
    const { exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/resume`);
    expect(exitstatus).toBe(`command 'lxc-checkpoint -n ${vmid} -r --foreground -D /var/lib/vz/dump' failed: exit code 1`);
  });
});

describe('volume features by storage type (volume_has_feature)', () => {
  it.each([
    ['lvmthin', 'vm-101-disk-0', 'clone', false],
    ['lvmthin', 'base-101-disk-0', 'clone', true],
    ['lvmthin', 'vm-101-disk-0', 'snapshot', true],
    ['lvmthin', 'base-101-disk-0', 'snapshot', false],
    ['lvmthin', 'vm-101-disk-0', 'template', true],
    ['dir', '101/vm-101-disk-0.raw', 'template', true],
    ['dir', '101/vm-101-disk-0.raw', 'snapshot', false],
    ['dir', '101/base-101-disk-0.raw', 'copy', true],
  ] as const)('%s %s %s → %s', (storageType, volname, feature, expected) => {
    expect(volumeHasFeature({ storageType, volname, feature })).toBe(expected);
  });

  it('never offers a linked container clone from a directory storage', () => {
    expect(volumeHasFeature({ storageType: 'dir', volname: '101/base-101-disk-0.raw', feature: 'clone', containerTargetsOnly: true })).toBe(false);
  });
});
