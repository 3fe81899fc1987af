import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule, Simulator } from '../../src/pvesim/index.js';
import { rawRequest, startTestSimulator, TEMPLATE, TOKEN_SECRET, type PveCaller } from './raw-http.js';

async function statusesWith(seed: number, rule: FaultRule, count: number): Promise<number[]> {
  const { sim, root } = await startTestSimulator({ seed });
  try {
    sim.control.faults.add(rule);
    const statuses: number[] = [];
    for (let index = 0; index < count; index++) statuses.push((await root.get('/version')).status);
    return statuses;
  } finally {
    await sim.close();
  }
}

describe('fault injection', () => {
  const rule: FaultRule = { path: '/version', errorRate: 0.5, errorStatus: 503, errorMessage: 'service busy' };

  it('injects the same fault sequence for the same seed', async () => {
    const first = await statusesWith(7, rule, 30);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await statusesWith(7, rule, 30)).toEqual(first);
  });

  it('injects a different sequence for another seed', async () => {
    expect(await statusesWith(8, rule, 30)).not.toEqual(await statusesWith(7, rule, 30));
  });

  it('answers an injected error in PVE envelope with the configured status and text', async () => {
    const { sim, root } = await startTestSimulator();
    try {
      sim.control.faults.add({ path: '/nodes/{node}/lxc*', errorRate: 1, errorStatus: 500, errorMessage: 'got timeout' });
      const response = await root.get('/nodes/pve1/lxc');
      expect(response.status).toBe(500);
      expect(response.reason).toBe('got timeout');
      expect(response.body).toEqual({ data: null, message: 'got timeout\n' });
      expect((await root.get('/version')).status).toBe(200);
      expect(sim.control.faults.log()).toEqual([expect.objectContaining({ kind: 'error', method: 'GET', path: '/nodes/pve1/lxc', match: 0 })]);
    } finally {
      await sim.close();
    }
  });

  it('drops the connection without an answer', async () => {
    const { sim, root } = await startTestSimulator();
    try {
      sim.control.faults.add({ method: 'GET', path: '/version', dropRate: 1 });
      await expect(root.get('/version')).rejects.toThrow(/socket hang up|ECONNRESET/);
    } finally {
      await sim.close();
    }
  });

  it('can be driven over the admin API', async () => {
    const { sim, root } = await startTestSimulator();
    try {
      const added = await rawRequest(sim, 'POST', '/_sim/faults', { json: { path: '/cluster/nextid', errorRate: 1, errorStatus: 596 } });
      expect(added.body.data).toMatch(/^fault-/);
      expect((await root.get('/cluster/nextid')).status).toBe(596);
      await rawRequest(sim, 'DELETE', '/_sim/faults');
      expect((await root.get('/cluster/nextid')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('the request record', () => {
  let directory: string;
  let sim: Simulator;
  let root: PveCaller;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pvesim-record-'));
    ({ sim, root } = await startTestSimulator({ recordFile: join(directory, 'requests.jsonl') }));
  });
  afterAll(async () => {
    await sim.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('writes every request as a JSON line, with passwords and secrets redacted', async () => {
    await rawRequest(sim, 'POST', '/api2/json/access/ticket', { params: { username: 'root@pam', password: 'not-the-password' } });
    await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 500, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', password: 'guest-secret' });
    await sim.close();
    const text = readFileSync(join(directory, 'requests.jsonl'), 'utf8');
    expect(text).not.toContain('not-the-password');
    expect(text).not.toContain('guest-secret');
    expect(text).not.toContain(TOKEN_SECRET);
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ method: 'POST', path: '/api2/json/access/ticket', status: 401, params: { username: 'root@pam', password: '[redacted]' } });
    expect(lines[1]).toMatchObject({ method: 'POST', path: '/api2/json/nodes/pve1/lxc', status: 200, authid: 'root@pam!ci', params: { vmid: '500', password: '[redacted]' } });
  });
});
