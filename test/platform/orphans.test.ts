import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/kube.js';

const fixture = fileURLToPath(new URL('../support/fixtures/hold-platform.ts', import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the test platform after its owner dies', () => {
  it('leaves no etcd, kube-apiserver or postgres running, and no scratch directory, when the test process is SIGKILLed', async () => {
    const { DATABASE_URL: _ownServerOnly, ...environment } = process.env;
    const owner = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'inherit'], env: environment });
    const [line] = (await once(createInterface({ input: owner.stdout! }), 'line')) as [string];
    const { pids, directories } = JSON.parse(line) as { pids: number[]; directories: string[] };
    expect(pids.length).toBeGreaterThanOrEqual(3);
    expect(pids.every(isAlive)).toBe(true);
    expect(directories.filter((directory) => existsSync(directory))).toHaveLength(2);

    owner.kill('SIGKILL');

    await eventually(
      () => {
        expect(pids.filter(isAlive)).toEqual([]);
        expect(directories.filter((directory) => existsSync(directory))).toEqual([]);
      },
      { timeoutMs: 30_000 },
    );
  });
});
