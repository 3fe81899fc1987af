import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { loginWithTicket, PveCaller, ROOT_PASSWORD, startTestSimulator, TEMPLATE } from './raw-http.js';

const UPID = /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-F]{8}):([0-9A-F]{8,9}):([0-9A-F]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

let sim: Simulator;
let token: PveCaller;
let ticket: PveCaller;

beforeAll(async () => {
  ({ sim, root: token } = await startTestSimulator());
  ticket = await loginWithTicket(sim, 'root@pam', ROOT_PASSWORD);
});
afterAll(() => sim.close());

describe.each([
  ['an API token', () => token, 201, 'root@pam!ci'],
  ['a ticket', () => ticket, 202, 'root@pam'],
])('a full container life cycle over %s', (_name, caller, vmid, user) => {
  const base = `/nodes/pve1/lxc/${vmid}`;

  it('creates the container and returns a vzcreate UPID owned by the caller', async () => {
    const response = await caller().post('/nodes/pve1/lxc', {
      vmid,
      ostemplate: TEMPLATE,
      hostname: 'web1',
      rootfs: 'local-lvm:8',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp,firewall=1',
      tags: 'Web;k8s,web',
      unprivileged: 1,
    });
    expect(response.status).toBe(200);
    const upid: string = response.body.data;
    expect(upid).toMatch(UPID);
    expect(upid.split(':').slice(5, 8)).toEqual(['vzcreate', String(vmid), user]);
    expect((await caller().waitForTask(upid)).exitstatus).toBe('OK');
  });

  it('stores the config normalised as PVE does', async () => {
    const { data } = (await caller().get(`${base}/config`)).body;
    expect(data).toMatchObject({
      arch: 'amd64',
      hostname: 'web1',
      memory: 512,
      swap: 512,
      ostype: 'debian',
      rootfs: `local-lvm:vm-${vmid}-disk-0,size=8G`,
      tags: 'k8s;web',
      unprivileged: 1,
    });
    expect(data.net0).toMatch(/^name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11(:[0-9A-F]{2}){3},ip=dhcp,type=veth$/);
    expect(data.digest).toMatch(/^[0-9a-f]{40}$/);
  });

  it('starts it, reports it running and hands out a DHCP address', async () => {
    expect((await caller().runTask('POST', `${base}/status/start`)).exitstatus).toBe('OK');
    const status = (await caller().get(`${base}/status/current`)).body.data;
    expect(status).toMatchObject({ vmid, type: 'lxc', name: 'web1', status: 'running', maxmem: 512 * 1024 ** 2, ha: { managed: 0 } });
    expect(status.pid).toEqual(expect.any(Number));
    const interfaces = (await caller().get(`${base}/interfaces`)).body.data;
    expect(interfaces.map((entry: { name: string }) => entry.name)).toEqual(['lo', 'eth0']);
    expect(interfaces[1].inet).toMatch(/^10\.10\.0\.\d+\/24$/);
    expect(interfaces[1]['ip-addresses'][0]).toMatchObject({ 'ip-address-type': 'inet', prefix: '24' });
  });

  it('keeps non-hot-pluggable changes pending while running, and merges them unless current=1', async () => {
    const put = await caller().put(`${base}/config`, { memory: 1024, nameserver: '1.1.1.1' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ data: null });
    expect((await caller().get(`${base}/config`)).body.data).toMatchObject({ memory: 1024, nameserver: '1.1.1.1' });
    const current = (await caller().get(`${base}/config`, { current: 1 })).body.data;
    expect(current.memory).toBe(1024);
    expect(current.nameserver).toBeUndefined();
    const pending = (await caller().get(`${base}/pending`)).body.data;
    expect(pending).toContainEqual({ key: 'nameserver', pending: '1.1.1.1' });
    expect(pending).toContainEqual({ key: 'memory', value: 1024 });
    expect(pending.at(-1)).toEqual({ key: 'digest', value: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it('applies pending changes on reboot', async () => {
    expect((await caller().runTask('POST', `${base}/status/reboot`)).exitstatus).toBe('OK');
    expect((await caller().get(`${base}/config`, { current: 1 })).body.data.nameserver).toBe('1.1.1.1');
    expect((await caller().get(`${base}/pending`)).body.data.some((item: { pending?: unknown }) => item.pending !== undefined)).toBe(false);
  });

  it('grows the root disk with resize +2G', async () => {
    expect((await caller().runTask('PUT', `${base}/resize`, { disk: 'rootfs', size: '+2G' })).exitstatus).toBe('OK');
    expect((await caller().get(`${base}/config`)).body.data.rootfs).toBe(`local-lvm:vm-${vmid}-disk-0,size=10G`);
  });

  it('shuts it down, destroys it, and then reports the config missing', async () => {
    expect((await caller().runTask('POST', `${base}/status/shutdown`, { timeout: 10 })).exitstatus).toBe('OK');
    expect((await caller().get(`${base}/interfaces`)).body).toEqual({ data: null });
    expect((await caller().runTask('DELETE', base, { purge: 1, 'destroy-unreferenced-disks': 1 })).exitstatus).toBe('OK');
    const gone = await caller().get(`${base}/status/current`);
    expect(gone.status).toBe(500);
    expect(gone.reason).toBe(`Configuration file 'nodes/pve1/lxc/${vmid}.conf' does not exist`);
    const volumes = (await caller().get('/nodes/pve1/storage/local-lvm/content')).body.data;
    expect(volumes.filter((volume: { vmid?: number }) => volume.vmid === vmid)).toEqual([]);
  });
});

describe('guest networking', () => {
  it('leases an address for a DHCP device hot-plugged into a running container, from that bridge', async () => {
    await token.runTask('POST', '/nodes/pve2/lxc', { vmid: 250, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1', start: 1 });
    await sim.control.idle();
    await token.put('/nodes/pve2/lxc/250/config', { net1: 'name=eth1,bridge=vmbr1,ip=dhcp' });
    const interfaces = (await token.get('/nodes/pve2/lxc/250/interfaces')).body.data;
    expect(interfaces.map((entry: { name: string }) => entry.name)).toEqual(['lo', 'eth0', 'eth1']);
    expect(interfaces[1].inet).toBe('10.0.0.5/24');
    expect(interfaces[2].inet).toMatch(/^10\.11\.0\.\d+\/24$/);
    expect(interfaces[2].inet6).toMatch(/^fe80::/);
  });

  it('shows no IPv4 address while the guest has no DHCP answer', async () => {
    await token.runTask('POST', '/nodes/pve2/lxc', { vmid: 251, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', net0: 'name=eth0,bridge=vmbr0,ip=dhcp' });
    sim.control.setGuestBehaviour(251, { dhcpAnswers: false });
    await token.runTask('POST', '/nodes/pve2/lxc/251/status/start');
    const eth0 = (await token.get('/nodes/pve2/lxc/251/interfaces')).body.data[1];
    expect(eth0.inet).toBeUndefined();
    expect(eth0['ip-addresses']).toEqual([{ 'ip-address': expect.stringMatching(/^fe80::/), 'ip-address-type': 'inet6', prefix: '64' }]);
  });
});
