import { ApiextensionsV1Api } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTAINER, ContainerSchema, crdName, GROUP, installCrds, PROXMOX_NODE, ProxmoxNodeSchema } from '../../src/api/index.js';
import { hasKubectl, kubectl, testKubeConfig, withTestNamespace } from '../support/kube.js';
import { customResources, loadSamples } from './support.js';

const namespace = withTestNamespace('api-crds');

beforeAll(async () => {
  await installCrds(testKubeConfig());
});

describe('installCrds', () => {
  it('installs both CRDs as Established, and installing again concurrently changes nothing', async () => {
    const names = await Promise.all([installCrds(testKubeConfig()), installCrds(testKubeConfig())]);
    expect(names[0]).toEqual([crdName(PROXMOX_NODE), crdName(CONTAINER)]);
    const api = testKubeConfig().makeApiClient(ApiextensionsV1Api);
    for (const name of names[0] ?? []) {
      const crd = await api.readCustomResourceDefinition({ name });
      const conditions = Object.fromEntries((crd.status?.conditions ?? []).map((condition) => [condition.type, condition.status]));
      expect(conditions).toMatchObject({ Established: 'True', NamesAccepted: 'True' });
      expect(conditions.NonStructuralSchema).toBeUndefined();
      expect(crd.spec.group).toBe(GROUP);
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.names.categories).toEqual(['proxmox']);
    }
  });
});

describe('the samples in deploy/samples', () => {
  const ours = loadSamples().filter((object) => object.apiVersion.startsWith(`${GROUP}/`));

  it('contain a ProxmoxNode and three Containers', () => {
    expect(ours.map((object) => object.kind).sort()).toEqual(['Container', 'Container', 'Container', 'ProxmoxNode']);
  });

  it('are accepted by the apiserver, which fills in the same defaults as the zod schemas', async () => {
    const resources = customResources(testKubeConfig(), namespace.name);
    for (const object of ours) await resources.create(object);
    for (const object of ours) {
      const stored = await resources.get(object.kind, object.metadata.name);
      const schema = object.kind === CONTAINER.kind ? ContainerSchema : ProxmoxNodeSchema;
      expect(stored.spec, `${object.kind} ${object.metadata.name}`).toEqual(schema.parse(object).spec);
    }
    const minimal = await resources.get('Container', 'hello');
    expect(minimal.spec).toMatchObject({ unprivileged: true, memory: '512Mi', network: [{ name: 'eth0', ipv4: { dhcp: true } }] });
  });
});

// Where kubectl is missing the block is reported as skipped, with the reason in its name.
const kubectlTitle = hasKubectl() ? 'kubectl' : 'kubectl (skipped: not installed at /usr/bin/kubectl)';

describe.skipIf(!hasKubectl())(kubectlTitle, () => {
  it('prints the printer columns for `kubectl get pxn,ct`', async () => {
    await installSamplesOnce();
    const result = await kubectl(['get', 'pxn,ct', '-n', namespace.name]);
    expect(result.stderr).toBe('');
    const headers = result.stdout.split('\n').filter((line) => line.startsWith('NAME'));
    expect(headers.map((line) => line.split(/\s+/))).toEqual([
      ['NAME', 'NODE', 'DEFAULT', 'READY', 'VERSION', 'CONTAINERS', 'AGE'],
      ['NAME', 'NODE', 'VMID', 'STATE', 'IPV4', 'READY', 'AGE'],
    ]);
    const wide = await kubectl(['get', 'pxn,ct', '-n', namespace.name, '-o', 'wide']);
    expect(wide.stdout).toMatch(/NAME\s+NODE\s+DEFAULT\s+READY\s+VERSION\s+CONTAINERS\s+AGE\s+ENDPOINT/);
    expect(wide.stdout).toMatch(/NAME\s+NODE\s+VMID\s+STATE\s+IPV4\s+READY\s+AGE\s+TEMPLATE\s+CORES\s+MEMORY/);
    expect(wide.stdout).toContain('https://pve1.example.com:8006');
  });

  it('lists both kinds under the category `proxmox`', async () => {
    await installSamplesOnce();
    const result = await kubectl(['get', 'proxmox', '-n', namespace.name, '-o', 'name']);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'container.pve.operator.dev/builder',
      'container.pve.operator.dev/hello',
      'container.pve.operator.dev/web',
      'proxmoxnode.pve.operator.dev/pve1',
    ]);
  });

  it('explains the fields with their descriptions', async () => {
    const result = await kubectl(['explain', 'container.spec.network']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Network interfaces, keyed by name');
    expect(result.stdout).toContain('VLAN tag for traffic of this interface');
    const node = await kubectl(['explain', 'proxmoxnode.spec.tls']);
    expect(node.stdout).toContain('insecureSkipVerify');
  });
});

let samplesInstalled: Promise<void> | undefined;
/** The kubectl tests read the samples the test above created; create them if it did not run. */
function installSamplesOnce(): Promise<void> {
  samplesInstalled ??= (async () => {
    const resources = customResources(testKubeConfig(), namespace.name);
    for (const object of loadSamples().filter((candidate) => candidate.apiVersion.startsWith(`${GROUP}/`))) {
      await resources.create(object).catch((error: { code?: number }) => {
        if (error.code !== 409) throw error;
      });
    }
  })();
  return samplesInstalled;
}
