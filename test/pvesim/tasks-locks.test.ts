import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { fastTiming } from '../../src/pvesim/index.js';
import { PveCaller, startTestSimulator, TEMPLATE } from './raw-http.js';

let sim: Simulator;
let root: PveCaller;
let nextVmid = 400;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
});
afterEach(() => sim.control.setTiming(fastTiming()));
afterAll(() => sim.close());

async function createdContainer(running = false): Promise<number> {
  const vmid = nextVmid++;
  const { exitstatus } = await root.runTask('POST', '/nodes/pve1/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', start: running ? 1 : 0 });
  expect(exitstatus).toBe('OK');
  if (running) {
    await sim.control.idle();
    expect(sim.control.container(vmid)?.status).toBe('running');
  }
  return vmid;
}

function slowTask(type: string, ms: number): void {
  sim.control.setTiming({ taskDurationMs: { default: 5, [type]: ms } });
}

describe('tasks', () => {
  it('reports running, then stopped with exitstatus OK and a log ending in TASK OK with total', async () => {
    slowTask('vzcreate', 1500);
    const vmid = nextVmid++;
    const upid: string = (await root.post('/nodes/pve1/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' })).body.data;
    const running = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)).body.data;
    expect(running).toMatchObject({ upid, node: 'pve1', type: 'vzcreate', id: String(vmid), user: 'root@pam', tokenid: 'ci', status: 'running' });
    expect(running.exitstatus).toBeUndefined();
    expect(typeof running.pid).toBe('number');
    expect(typeof running.starttime).toBe('number');
    expect((await root.waitForTask(upid)).exitstatus).toBe('OK');
    const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { start: 0, limit: 0 })).body;
    expect(log.data[0]).toEqual({ n: 1, t: "extracting archive '/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst'" });
    expect(log.data.at(-1)).toEqual({ n: log.total, t: 'TASK OK' });
  });

  it('shows lock: create while the create task runs; destroy says CT is locked, PUT config waits for the flock', async () => {
    slowTask('vzcreate', 1500);
    sim.control.setTiming({ lockTimeoutMs: 50 });
    const vmid = nextVmid++;
    const upid: string = (await root.post('/nodes/pve1/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' })).body.data;
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/status/current`)).body.data).toMatchObject({ status: 'stopped', lock: 'create' });
    const destroy = await root.delete(`/nodes/pve1/lxc/${vmid}`);
    expect(destroy.status).toBe(500);
    expect(destroy.reason).toBe('CT is locked (create)');
    const put = await root.put(`/nodes/pve1/lxc/${vmid}/config`, { memory: 1024 });
    expect(put.reason).toBe(`can't lock file '/run/lock/lxc/pve-config-${vmid}.lock' - got timeout`);
    await root.waitForTask(upid);
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data.lock).toBeUndefined();
  });

  it('shows lock: destroyed while the destroy task runs', async () => {
    const vmid = await createdContainer();
    slowTask('vzdestroy', 1500);
    const upid: string = (await root.delete(`/nodes/pve1/lxc/${vmid}`)).body.data;
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data.lock).toBe('destroyed');
    expect((await root.waitForTask(upid)).exitstatus).toBe('OK');
  });

  it('starts a separate vzstart task for create with start=1', async () => {
    const vmid = await createdContainer(true);
    const tasks = (await root.get('/nodes/pve1/tasks', { vmid })).body.data.map((task: { type: string }) => task.type);
    expect(tasks).toEqual(['vzstart', 'vzcreate']);
  });

  it('ends a task whose fault injection fails it with TASK ERROR and the message as exitstatus', async () => {
    const vmid = await createdContainer();
    const rule = sim.control.faults.add({ path: '/nodes/{node}/lxc/{vmid}/status/start', taskFailureRate: 1, taskFailureMessage: 'boom' });
    try {
      const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/start`);
      expect(exitstatus).toBe('boom');
      const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data;
      expect(log.at(-1).t).toBe('TASK ERROR: boom');
    } finally {
      sim.control.faults.remove(rule);
    }
  });

  it('ends a task that logged warnings with TASK WARNINGS: n, which counts as success', async () => {
    const vmid = await createdContainer();
    const rule = sim.control.faults.add({ path: '/nodes/{node}/lxc/{vmid}/status/start', taskWarnings: 2 });
    try {
      const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/start`);
      expect(exitstatus).toBe('WARNINGS: 2');
      const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data.map((line: { t: string }) => line.t);
      expect(log.slice(-3)).toEqual(['WARN: injected warning', 'WARN: injected warning', 'TASK WARNINGS: 2']);
      expect(sim.control.container(vmid)?.status).toBe('running');
    } finally {
      sim.control.faults.remove(rule);
    }
  });

  it('stops a running task on DELETE: the worker ends with received interrupt', async () => {
    const vmid = await createdContainer(true);
    sim.control.setGuestBehaviour(vmid, { ignoresShutdown: true });
    sim.control.setTiming({ shutdownSecondMs: 1000 });
    const upid: string = (await root.post(`/nodes/pve1/lxc/${vmid}/status/shutdown`, { timeout: 30 })).body.data;
    expect((await root.delete(`/nodes/pve1/tasks/${encodeURIComponent(upid)}`)).body).toEqual({ data: null });
    expect((await root.waitForTask(upid)).exitstatus).toBe('received interrupt');
    expect(sim.control.container(vmid)?.status).toBe('running');
  });

  it('filters the task list by type, source and errors, newest first, with total', async () => {
    const vmid = await createdContainer();
    const rule = sim.control.faults.add({ path: '/nodes/{node}/lxc/{vmid}/status/start', taskFailureRate: 1 });
    await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/start`);
    sim.control.faults.remove(rule);
    const starts = (await root.get('/nodes/pve1/tasks', { vmid, typefilter: 'vzstart' })).body;
    expect(starts.total).toBe(1);
    expect(starts.data[0]).toMatchObject({ type: 'vzstart', id: String(vmid), user: 'root@pam!ci', status: 'injected task failure', endtime: expect.any(Number) });
    expect((await root.get('/nodes/pve1/tasks', { vmid, errors: 1 })).body.data.map((task: { type: string }) => task.type)).toEqual(['vzstart']);
    slowTask('vzstop', 1500);
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/start`)).exitstatus).toBe('OK');
    const stop: string = (await root.post(`/nodes/pve1/lxc/${vmid}/status/stop`)).body.data;
    const active = (await root.get('/nodes/pve1/tasks', { source: 'active', vmid })).body.data;
    expect(active).toEqual([expect.objectContaining({ upid: stop, status: 'RUNNING' })]);
    await root.waitForTask(stop);
  });

  it('answers an unknown UPID with 400 no such task and a malformed one with unable to parse', async () => {
    const missing = await root.get(`/nodes/pve1/tasks/${encodeURIComponent('UPID:pve1:00000001:00000001:00000001:vzstart:1:root@pam:')}/status`);
    expect(missing.body.errors).toEqual({ upid: 'no such task' });
    expect((await root.get('/nodes/pve1/tasks/garbage/status')).body.errors).toEqual({ upid: 'unable to parse worker upid' });
  });
});

describe('power actions', () => {
  it('refuses to start a running CT and to stop or reboot a stopped one, with PVE texts', async () => {
    const running = await createdContainer(true);
    expect((await root.post(`/nodes/pve1/lxc/${running}/status/start`)).reason).toBe(`CT ${running} already running`);
    const stopped = await createdContainer();
    expect((await root.post(`/nodes/pve1/lxc/${stopped}/status/stop`)).reason).toBe(`CT ${stopped} not running`);
    expect((await root.post(`/nodes/pve1/lxc/${stopped}/status/shutdown`)).reason).toBe(`CT ${stopped} not running`);
    expect((await root.post(`/nodes/pve1/lxc/${stopped}/status/reboot`)).reason).toBe(`VM ${stopped} not running`);
  });

  it('fails a start whose network device names a bridge the node does not have', async () => {
    const vmid = nextVmid++;
    await root.runTask('POST', '/nodes/pve1/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', net0: 'name=eth0,bridge=vmbr9,ip=dhcp' });
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/start`)).exitstatus).toBe("bridge 'vmbr9' does not exist");
    sim.control.addBridge('vmbr9', '10.99.0');
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/start`)).exitstatus).toBe('OK');
  });

  it('fails a shutdown the guest ignores with container did not stop, unless forceStop', async () => {
    const vmid = await createdContainer(true);
    sim.control.setGuestBehaviour(vmid, { ignoresShutdown: true });
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/shutdown`, { timeout: 1 })).exitstatus).toBe('container did not stop');
    expect(sim.control.container(vmid)?.status).toBe('running');
    expect((await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/shutdown`, { timeout: 1, forceStop: 1 })).exitstatus).toBe('OK');
    expect(sim.control.container(vmid)?.status).toBe('stopped');
  });

  it('refuses to destroy a running CT without force, and stops it first with force', async () => {
    const vmid = await createdContainer(true);
    expect((await root.delete(`/nodes/pve1/lxc/${vmid}`)).reason).toBe(`unable to destroy CT ${vmid} - container is running`);
    const { upid, exitstatus } = await root.runTask('DELETE', `/nodes/pve1/lxc/${vmid}`, { force: 1 });
    expect(exitstatus).toBe('OK');
    const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data;
    expect(log[0].t).toBe(`forced to stop CT ${vmid} before destroying!`);
  });

  it('refuses to destroy a protected CT', async () => {
    const vmid = await createdContainer();
    await root.put(`/nodes/pve1/lxc/${vmid}/config`, { protection: 1 });
    expect((await root.delete(`/nodes/pve1/lxc/${vmid}`)).reason).toBe(`can't remove CT ${vmid} - protection mode enabled`);
  });
});

describe('the config flock', () => {
  it('times out a PUT config while a long shutdown holds the lock, with PVE text', async () => {
    const vmid = await createdContainer(true);
    sim.control.setGuestBehaviour(vmid, { ignoresShutdown: true });
    sim.control.setTiming({ shutdownSecondMs: 400, lockTimeoutMs: 50 });
    const shutdown: string = (await root.post(`/nodes/pve1/lxc/${vmid}/status/shutdown`, { timeout: 5, forceStop: 1 })).body.data;
    const put = await root.put(`/nodes/pve1/lxc/${vmid}/config`, { memory: 1024 });
    expect(put.status).toBe(500);
    expect(put.reason).toBe(`can't lock file '/run/lock/lxc/pve-config-${vmid}.lock' - got timeout`);
    await root.waitForTask(shutdown);
  });

  it('fails a task that cannot get the lock with TASK ERROR and the same text', async () => {
    const vmid = await createdContainer(true);
    const rule = sim.control.faults.add({ path: '/nodes/{node}/lxc/{vmid}/status/stop', lockContentionRate: 1 });
    try {
      const { upid, exitstatus } = await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/stop`);
      expect(exitstatus).toBe(`can't lock file '/run/lock/lxc/pve-config-${vmid}.lock' - got timeout`);
      const log = (await root.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).body.data.map((line: { t: string }) => line.t);
      expect(log).toEqual(['trying to acquire lock...', ' failed', `TASK ERROR: can't lock file '/run/lock/lxc/pve-config-${vmid}.lock' - got timeout`]);
    } finally {
      sim.control.faults.remove(rule);
    }
  });
});

describe('config updates', () => {
  it('rejects a stale digest', async () => {
    const vmid = await createdContainer();
    const response = await root.put(`/nodes/pve1/lxc/${vmid}/config`, { memory: 1024, digest: '0'.repeat(40) });
    expect(response.reason).toBe('detected modified configuration - file changed by other user? Try again.');
  });

  it('accepts the current digest and changes it', async () => {
    const vmid = await createdContainer();
    const { digest } = (await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data;
    expect((await root.put(`/nodes/pve1/lxc/${vmid}/config`, { memory: 1024, digest })).status).toBe(200);
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data.digest).not.toBe(digest);
  });

  it('answers a PUT without options with no options specified', async () => {
    const vmid = await createdContainer();
    expect((await root.put(`/nodes/pve1/lxc/${vmid}/config`, {})).reason).toBe('no options specified');
  });

  it('refuses to delete required options and to change unprivileged', async () => {
    const vmid = await createdContainer();
    expect((await root.put(`/nodes/pve1/lxc/${vmid}/config`, { delete: 'memory' })).reason).toBe("unable to delete required option 'memory'");
    expect((await root.put(`/nodes/pve1/lxc/${vmid}/config`, { unprivileged: 0 })).reason).toBe("unable to modify read-only option: 'unprivileged'");
    const conflict = await root.put(`/nodes/pve1/lxc/${vmid}/config`, { cores: 2, delete: 'cores' });
    expect(conflict.body.errors).toEqual({ delete: "you can't use '-cores' and -delete cores' at the same time" });
  });

  it('moves a deleted mount point of a running CT to pending, then to unused0 on stop', async () => {
    const vmid = await createdContainer(true);
    await root.put(`/nodes/pve1/lxc/${vmid}/config`, { mp0: 'local-lvm:2,mp=/data' });
    const mp0 = (await root.get(`/nodes/pve1/lxc/${vmid}/config`, { current: 1 })).body.data.mp0;
    expect(mp0).toBe(`local-lvm:vm-${vmid}-disk-1,mp=/data,size=2G`);
    await root.put(`/nodes/pve1/lxc/${vmid}/config`, { delete: 'mp0' });
    expect((await root.get(`/nodes/pve1/lxc/${vmid}/pending`)).body.data).toContainEqual({ key: 'mp0', value: mp0, delete: 1 });
    await root.runTask('POST', `/nodes/pve1/lxc/${vmid}/status/stop`);
    const config = (await root.get(`/nodes/pve1/lxc/${vmid}/config`)).body.data;
    expect(config.mp0).toBeUndefined();
    expect(config.unused0).toBe(`local-lvm:vm-${vmid}-disk-1`);
  });

  it('refuses to shrink a disk or to resize to the same size', async () => {
    const vmid = await createdContainer();
    expect((await root.put(`/nodes/pve1/lxc/${vmid}/resize`, { disk: 'rootfs', size: '2G' })).reason).toBe('unable to shrink disk size');
    expect((await root.put(`/nodes/pve1/lxc/${vmid}/resize`, { disk: 'rootfs', size: '4G' })).reason).toBe('disk is already at specified size');
  });
});
