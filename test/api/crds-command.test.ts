import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderCrdFiles, renderCrdStream } from '../../src/api/index.js';
import { UsageError } from '../../src/cli/command.js';
import { crdsCommand } from '../../src/cli/crds.js';

let directory: string;
let stdout: string;
let stderr: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'pve-operator-crds-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

describe('pve-operator crds', () => {
  it('prints both CRDs as one YAML stream', async () => {
    expect(await crdsCommand.run([])).toBe(0);
    expect(stdout).toBe(renderCrdStream());
    expect(stdout).toContain('name: proxmoxnodes.pve.operator.dev');
    expect(stdout).toContain('name: containers.pve.operator.dev');
  });

  it('--write writes one file per CRD, which --check then accepts', async () => {
    expect(await crdsCommand.run(['--write', directory])).toBe(0);
    expect((await readdir(directory)).sort()).toEqual([
      'pve.operator.dev_containers.yaml',
      'pve.operator.dev_credentials-policy.yaml',
      'pve.operator.dev_proxmoxnodes.yaml',
    ]);
    for (const file of renderCrdFiles()) expect(await readFile(path.join(directory, file.fileName), 'utf8')).toBe(file.content);
    expect(await crdsCommand.run(['--check', directory])).toBe(0);
  });

  it('--check fails and names the stale and the missing file', async () => {
    await writeFile(path.join(directory, 'pve.operator.dev_containers.yaml'), 'stale\n');
    expect(await crdsCommand.run(['--check', directory])).toBe(1);
    expect(stderr).toContain('pve.operator.dev_containers.yaml is out of date: run npm run crds');
    expect(stderr).toContain('pve.operator.dev_proxmoxnodes.yaml is missing');
  });

  it('rejects --write together with --check instead of silently skipping the check', async () => {
    await expect(crdsCommand.run(['--write', directory, '--check', directory])).rejects.toThrow(UsageError);
    expect(await readdir(directory)).toEqual([]);
  });

  it('rejects an unknown flag', async () => {
    await expect(crdsCommand.run(['--output', directory])).rejects.toThrow(UsageError);
  });
});
