import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { fastTiming } from '../../src/pvesim/index.js';
import { mapStorage, parseStorageMap } from '../../src/pvesim/api/storage-map.js';
import { addOpsToken, PveCaller, startTestSimulator, TEMPLATE } from './raw-http.js';

const GIB = 1024 ** 3;
const STAMP = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}';
let sim: Simulator;
let root: PveCaller;
let ops: PveCaller;
let nextVmid = 600;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator({ nodes: ['pve1', 'pve2', 'pve3'] }));
  ops = addOpsToken(sim, { privsep: false });
});
afterEach(() => sim.control.setTiming(fastTiming()));
afterAll(() => sim.close());

async function createCt(running = false): Promise<number> {
  const vmid = nextVmid++;
  const params = { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', net0: 'name=eth0,bridge=vmbr0,ip=dhcp', start: running ? 1 : 0 };
  expect((await root.runTask('POST', '/nodes/pve1/lxc', params)).exitstatus).toBe('OK');
  await sim.control.idle();
  return vmid;
}

async function taskLog(upid: string): Promise<string[]> {
  const node = upid.split(':')[1];
  return (await root.get(`/nodes/${node}/tasks/${encodeURIComponent(upid)}/log`)).body.data.map((line: { t: string }) => line.t);
}

const volids = async (node: string, vmid: number) =>
  (await root.get(`/nodes/${node}/storage/local-lvm/content`, { vmid })).body.data.map((volume: { volid: string }) => volume.volid);

describe('POST /nodes/{node}/lxc/{vmid}/migrate', () => {
  it('moves a stopped CT with its local disk under a migrate lock, and the old node no longer knows it', async () => {
    const vmid = await createCt();
    sim.control.setTiming({ taskDurationMs: { default: 5, vzmigrate: 1500 } });
    const response = await root.post(`/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve2' });
    expect(response.status).toBe(200);
    const upid: string = response.body.data;
    expect(upid.split(':').slice(0, 2)).toEqual(['UPID', 'pve1']);
    expect(upid.split(':').slice(5, 8)).toEqual(['vzmigrate', String(vmid), 'root@pam!ci']);
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data.lock).toBe('migrate');
    expect((await root.waitForTask(upid)).exitstatus).toBe('OK');
    const log = await taskLog(upid);
    const expected = [
      `starting migration of CT ${vmid} to node 'pve2' \\(192\\.0\\.2\\.12\\)`,
      `found local volume 'local-lvm:vm-${vmid}-disk-0' \\(in current VM config\\)`,
      `volume 'local-lvm:vm-${vmid}-disk-0' is 'local-lvm:vm-${vmid}-disk-0' on the target`,
      'start final cleanup',
      'migration finished successfully \\(duration \\d{2}:\\d{2}:\\d{2}\\)',
    ];
    expect(log.slice(0, -1)).toHaveLength(expected.length);
    expected.forEach((line, index) => expect(log[index]).toMatch(new RegExp(`^${STAMP} ${line}$`)));
    expect(log.at(-1)).toBe('TASK OK');
    const gone = await root.get(`/nodes/pve1/lxc/${vmid}/status/current`);
    expect(gone.status).toBe(500);
    expect(gone.reason).toBe(`Configuration file 'nodes/pve1/lxc/${vmid}.conf' does not exist`);
    const moved = (await root.get(`/nodes/pve2/lxc/${vmid}/config`)).body.data;
    expect(moved.rootfs).toBe(`local-lvm:vm-${vmid}-disk-0,size=4G`);
    expect(moved.lock).toBeUndefined();
    expect(await volids('pve1', vmid)).toEqual([]);
    expect(await volids('pve2', vmid)).toEqual([`local-lvm:vm-${vmid}-disk-0`]);
    sim.control.refreshResources();
    const resources = (await root.get('/cluster/resources', { type: 'vm' })).body.data;
    expect(resources.find((entry: { vmid: number }) => entry.vmid === vmid)).toMatchObject({ id: `lxc/${vmid}`, node: 'pve2', status: 'stopped' });
  });

  it('refuses a running CT without restart, and aborts a live migration with the text of PVE', async () => {
    const vmid = await createCt(true);
    const refused = await root.post(`/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve2' });
    expect(refused.status).toBe(500);
    expect(refused.reason).toBe("can't migrate running container without --online or --restart");
    const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve2', online: 1 });
    expect(exitstatus).toBe('migration aborted');
    const log = await taskLog(upid);
    expect(log[0]).toMatch(new RegExp(`^${STAMP} ERROR: migration aborted \\(duration 00:00:00\\): lxc live migration is currently not implemented$`));
    expect(log.at(-1)).toBe('TASK ERROR: migration aborted');
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/status/current`)).body.data.status).toBe('running');
  });

  it('shuts a running CT down, moves it and starts it on the target in restart mode', async () => {
    const vmid = await createCt(true);
    const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve2', restart: 1, timeout: 30 });
    expect(exitstatus).toBe('OK');
    const log = (await taskLog(upid)).map((line) => line.replace(new RegExp(`^${STAMP} `), ''));
    expect(log[0]).toBe(`shutdown CT ${vmid}`);
    expect(log.slice(-3)).toEqual(['start container on target node', expect.stringMatching(/^migration finished successfully/), 'TASK OK']);
    expect((await root.get(`/nodes/pve2/lxc/${vmid}/status/current`)).body.data).toMatchObject({ status: 'running', vmid });
  });

  it('answers bad targets as PVE does', async () => {
    const vmid = await createCt();
    const local = await root.post(`/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve1' });
    expect(local.status).toBe(400);
    expect(local.body.errors).toEqual({ target: 'target is local node.' });
    const unknown = await root.post(`/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve9' });
    expect(unknown.reason).toBe("no such cluster node 'pve9'");
    const missing = await root.post('/nodes/pve1/lxc/999/migrate', { target: 'pve2' });
    expect(missing.reason).toBe("Configuration file 'nodes/pve1/lxc/999.conf' does not exist");
    const noRootdir = await root.post(`/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve2', 'target-storage': 'local' });
    expect(noRootdir.reason).toBe("storage 'local' does not support CT rootdirs");
    const badMap = await root.post(`/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve2', 'target-storage': '1,local-lvm' });
    expect(badMap.body.errors).toEqual({ 'target-storage': 'failed to parse storage map: identity mapping cannot be combined with other mappings\n' });
  });

  it('aborts the task when the target node cannot be reached; the CT stays where it was', async () => {
    const vmid = await createCt();
    sim.control.setNodeOnline('pve3', false);
    try {
      const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve3' });
      expect(exitstatus).toBe('migration aborted');
      expect((await taskLog(upid))[0]).toMatch(/ERROR: migration aborted \(duration 00:00:00\): Can't connect to destination address using public key$/);
    } finally {
      sim.control.setNodeOnline('pve3', true);
    }
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data.lock).toBeUndefined();
  });

  it('fails when the target storage has no room, cleans up and keeps the CT on its node', async () => {
    const vmid = await createCt();
    const pve3Used = (await root.get('/nodes/pve3/storage/local-lvm/status')).body.data.used as number;
    sim.control.setStorage('local-lvm', { capacityBytes: Math.max(pve3Used + 2 * GIB, 0) });
    let upid: string;
    try {
      ({ upid } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve3' }));
    } finally {
      sim.control.setStorage('local-lvm', { capacityBytes: 400 * GIB });
    }
    const log = (await taskLog(upid)).map((line) => line.replace(new RegExp(`^${STAMP} `), ''));
    expect(log).toContain(`ERROR: storage migration for 'local-lvm:vm-${vmid}-disk-0' to storage 'local-lvm' failed - lvcreate 'pve/vm-${vmid}-disk-0' error:   Volume group "pve" has insufficient free space (512 extents): 1024 required.`);
    expect(log).toContain('aborting phase 1 - cleanup resources');
    expect(log.at(-1)).toBe('TASK ERROR: migration aborted');
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data.lock).toBeUndefined();
    expect(await volids('pve1', vmid)).toEqual([`local-lvm:vm-${vmid}-disk-0`]);
  });

  it('needs VM.Migrate on the CT', async () => {
    const vmid = await createCt();
    sim.control.setAcl({ path: `/vms/${vmid}`, ugid: 'ops@pve', role: 'PVEVMUser', propagate: true });
    const denied = await ops.post(`/nodes/pve1/lxc/${vmid}/migrate`, { target: 'pve2' });
    expect(denied.status).toBe(403);
    expect(denied.reason).toBe(`Permission check failed (/vms/${vmid}, VM.Migrate)`);
  });
});

describe('GET /nodes/{node}/lxc/{vmid}/migrate', () => {
  it('lists the other nodes as allowed targets and tells whether the CT runs', async () => {
    const vmid = await createCt(true);
    const { data } = (await root.get(`/nodes/pve1/lxc/${vmid}/migrate`)).body;
    expect(data).toEqual({ running: 1, 'allowed-nodes': ['pve2', 'pve3'], 'not-allowed-nodes': {} });
  });
});

describe('the target-storage map (parse_idmap)', () => {
  it.each([
    ['local-lvm', { identity: false, default: 'local-lvm', entries: {} }],
    ['1', { identity: true, entries: {} }],
    ['local-lvm:fast,slow', { identity: false, default: 'slow', entries: { 'local-lvm': 'fast' } }],
  ])('parses %s', (text, expected) => {
    expect(parseStorageMap(text)).toEqual(expected);
  });

  it.each([
    ['a,b', 'default target ID can only be provided once'],
    ['a:b;a:c', "duplicate mapping for source 'a'"],
    ['1,a:b', 'identity mapping cannot be combined with other mappings'],
  ])('rejects %s', (text, message) => {
    expect(() => parseStorageMap(text)).toThrow(message);
  });

  it('maps a source storage through entries, then the default, else to itself', () => {
    const map = parseStorageMap('local-lvm:fast,slow');
    expect([mapStorage(map, 'local-lvm'), mapStorage(map, 'other'), mapStorage(undefined, 'other')]).toEqual(['fast', 'slow', 'other']);
  });
});
