import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, inject } from 'vitest';

/** A KubeConfig for the admin identity of the run's shared kube-apiserver. */
export function testKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(inject('kubeconfigPath'));
  return config;
}

/** Creates a namespace with a unique name starting with `prefix`. */
export async function createTestNamespace(config: KubeConfig, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`.toLowerCase();
  await config.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name, labels: { 'pve-operator.dev/test': 'true' } } } });
  return name;
}

/**
 * A unique namespace for the calling test file: created before its tests, deleted after.
 * Read `.name` inside tests (it is set once beforeAll has run).
 */
export function withTestNamespace(prefix: string): { name: string } {
  const namespace = { name: '' };
  beforeAll(async () => {
    namespace.name = await createTestNamespace(testKubeConfig(), prefix);
  });
  afterAll(async () => {
    if (!namespace.name) return;
    await testKubeConfig().makeApiClient(CoreV1Api).deleteNamespace({ name: namespace.name }).catch(() => {});
  });
  return namespace;
}

const kubectlPath = '/usr/bin/kubectl';

/** Whether kubectl is installed; tests skip their kubectl assertions (with a message) when not. */
export function hasKubectl(): boolean {
  return existsSync(kubectlPath);
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs kubectl against the run's shared apiserver (or the given kubeconfig). Never throws on exit codes. */
export function kubectl(args: string[], options: { kubeconfig?: string; input?: string } = {}): Promise<CommandResult> {
  const kubeconfig = options.kubeconfig ?? inject('kubeconfigPath');
  return new Promise((resolve, reject) => {
    const child = execFile(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ stdout, stderr: stderr.replace(/^WARNING: version difference.*\n/m, ''), code: error ? Number(error.code) : 0 });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * Retries `assertion` until it stops throwing, then returns its result; after `timeoutMs` rethrows
 * its last error. For state that converges (caches, controllers) without timing assumptions.
 */
export async function eventually<T>(assertion: () => T | Promise<T>, { timeoutMs = 30_000, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
