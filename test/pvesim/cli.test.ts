import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:https';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const secret = '7e1a2b3c-4d5e-4f60-8172-93a4b5c6d7e8';

function cli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'cmd/pve-operator.ts', 'sim', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

function get(url: string, caPem: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${url}${path}`, { ca: caPem, headers: { Authorization: `PVEAPIToken=root@pam!ci=${secret}` } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('pve-operator sim', () => {
  it('prints one JSON line with the API, fingerprint and SSH servers, serves the API, and stops on SIGTERM', async () => {
    const child = cli(['--listen', '127.0.0.1:0', '--nodes', 'pve1,pve2', '--token', `root@pam!ci=${secret}`, '--user', 'root@pam:cli-password', '--ssh-listen', '127.0.0.1:0', '--timing', 'fast', '--seed', '3']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
    });
    const started = JSON.parse(line);
    expect(started).toMatchObject({ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), api: `${started.url}/api2/json`, nodes: ['pve1', 'pve2'] });
    expect(started.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(started.ssh).toEqual([
      { node: 'pve1', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/), hostKeyFingerprint: expect.stringMatching(/^SHA256:/) },
      { node: 'pve2', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/), hostKeyFingerprint: expect.stringMatching(/^SHA256:/) },
    ]);
    const version = await get(started.url, started.caPem, '/api2/json/version');
    expect(version.status).toBe(200);
    expect(JSON.parse(version.body).data.release).toBe('9.1');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('documents its flags in --help', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'cmd/pve-operator.ts', 'sim', '--help'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const flag of ['--listen', '--nodes', '--token', '--user', '--ssh-listen', '--pve-version', '--record', '--seed', '--state-dir', '--cert']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('names a malformed flag and exits 2', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'cmd/pve-operator.ts', 'sim', '--token', 'no-user=abc'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--token must be USER@REALM!NAME=SECRET');
    expect(result.stderr).not.toContain('abc');
  });
});
