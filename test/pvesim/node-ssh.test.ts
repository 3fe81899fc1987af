import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import type { Simulator } from '../../src/pvesim/index.js';
import { PveCaller, rawRequest, ROOT_PASSWORD, startTestSimulator, TEMPLATE } from './raw-http.js';

let sim: Simulator;
let root: PveCaller;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator({ ssh: { port: 0 } }));
  await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 600, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: 'ssh-guest', start: 1 });
  await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 601, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
  await sim.control.idle();
});
afterAll(() => sim.close());

/** Runs one command as root on a node's SSH server. */
function exec(node: string, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const server = sim.ssh!.servers.find((entry) => entry.node === node)!;
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .on('ready', () => {
        client.exec(command, (error, channel) => {
          if (error) return reject(error);
          let stdout = '';
          let stderr = '';
          channel.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          channel.on('exit', (code: number) => {
            channel.on('close', () => {
              client.end();
              resolve({ code, stdout, stderr });
            });
          });
        });
      })
      .on('error', reject)
      .connect({ host: server.host, port: server.port, username: 'root', password: ROOT_PASSWORD });
  });
}

describe('SSH per node', () => {
  it('serves one SSH server per node with a SHA256 host-key fingerprint', () => {
    expect(sim.ssh!.servers.map((server) => server.node)).toEqual(['pve1', 'pve2']);
    for (const server of sim.ssh!.servers) expect(server.hostKeyFingerprint).toMatch(/^SHA256:/);
  });

  it('runs pct exec in a running container of that node only', async () => {
    expect(await exec('pve1', 'pct exec 600 -- hostname')).toMatchObject({ code: 0, stdout: 'ssh-guest\n' });
    const elsewhere = await exec('pve2', 'pct exec 600 -- true');
    expect(elsewhere.code).not.toBe(0);
    expect(elsewhere.stderr).toContain("Configuration file 'nodes/pve2/lxc/600.conf' does not exist");
  });

  it('lets root set keyctl through pct set: applied at once when stopped, pending while running', async () => {
    expect((await exec('pve1', 'pct set 601 --features keyctl=1,nesting=1')).code).toBe(0);
    expect((await root.get('/nodes/pve1/lxc/601/config', { current: 1 })).body.data.features).toBe('keyctl=1,nesting=1');
    expect((await exec('pve1', 'pct set 600 --features keyctl=1,nesting=1')).code).toBe(0);
    expect((await root.get('/nodes/pve1/lxc/600/pending')).body.data).toContainEqual({ key: 'features', pending: 'keyctl=1,nesting=1' });
  });

  it('answers with responses registered over the admin API and records every command', async () => {
    await rawRequest(sim, 'POST', '/_sim/ssh/responses', { json: { node: 'pve1', vmid: 600, command: 'cat /etc/os-release', stdout: 'ID=debian\n', exitCode: 0 } });
    expect(await exec('pve1', 'pct exec 600 -- cat /etc/os-release')).toMatchObject({ code: 0, stdout: 'ID=debian\n' });
    const recorded = (await rawRequest(sim, 'GET', '/_sim/ssh/commands')).body.data;
    expect(recorded.at(-1)).toMatchObject({ node: 'pve1', user: 'root', command: 'pct exec 600 -- cat /etc/os-release', exitCode: 0 });
    expect(JSON.stringify(recorded)).not.toContain(ROOT_PASSWORD);
  });
});
