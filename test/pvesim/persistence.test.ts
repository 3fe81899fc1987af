import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loginWithTicket, PveCaller, ROOT_PASSWORD, startTestSimulator, TEMPLATE } from './raw-http.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'pvesim-state-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

it('keeps containers, volumes, tasks, datacenter options, the certificate and tickets across a restart with a state directory', async () => {
  const first = await startTestSimulator({ stateDir: directory });
  await first.root.runTask('POST', '/nodes/pve2/lxc', { vmid: 700, ostemplate: TEMPLATE, rootfs: 'local-lvm:8', hostname: 'kept', start: 1 });
  await first.sim.control.idle();
  await first.root.put('/cluster/options', { 'next-id': 'lower=700,upper=800' });
  const config = (await first.root.get('/nodes/pve2/lxc/700/config')).body.data;
  const ticket = await loginWithTicket(first.sim, 'root@pam', ROOT_PASSWORD);
  const fingerprint = first.sim.fingerprint;
  await first.sim.close();

  const second = await startTestSimulator({ stateDir: directory });
  try {
    expect(second.sim.fingerprint).toBe(fingerprint);
    const sameTicket = new PveCaller(second.sim, ticket.credentials);
    expect((await sameTicket.get('/version')).status).toBe(200);
    expect((await second.root.get('/nodes/pve2/lxc/700/config')).body.data).toEqual(config);
    expect((await second.root.get('/nodes/pve2/lxc/700/status/current')).body.data.status).toBe('running');
    expect((await second.root.get('/cluster/nextid')).body.data).toBe('701');
    const volumes = (await second.root.get('/nodes/pve2/storage/local-lvm/content')).body.data;
    expect(volumes).toContainEqual(expect.objectContaining({ volid: 'local-lvm:vm-700-disk-0', vmid: 700, size: 8 * 1024 ** 3 }));
    const tasks = (await second.root.get('/nodes/pve2/tasks', { vmid: 700 })).body.data;
    expect(tasks.map((task: { type: string }) => task.type)).toEqual(['vzstart', 'vzcreate']);
  } finally {
    await second.sim.close();
  }
});
