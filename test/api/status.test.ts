import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION, CONTAINER, GROUP, installCrds, PROXMOX_NODE, VERSION, type Condition } from '../../src/api/index.js';
import { hasKubectl, kubectl, testKubeConfig, withTestNamespace } from '../support/kube.js';
import { customResources, describeCauses, expectRejected } from './support.js';

// The status subresource as the controllers will use it: server-side apply per field manager.

const namespace = withTestNamespace('api-status');
const now = '2026-11-25T10:00:00Z';

const condition = (type: string, status: Condition['status'], reason: string): Condition => ({
  type,
  status,
  reason,
  message: '',
  lastTransitionTime: now,
  observedGeneration: 1,
});

function applyStatus(kind: string, name: string, status: Record<string, unknown>, fieldManager: string) {
  const plural = kind === CONTAINER.kind ? CONTAINER.plural : PROXMOX_NODE.plural;
  return testKubeConfig()
    .makeApiClient(CustomObjectsApi)
    .patchNamespacedCustomObjectStatus(
      {
        group: GROUP,
        version: VERSION,
        namespace: namespace.name,
        plural,
        name,
        body: { apiVersion: API_VERSION, kind, metadata: { name }, status },
        fieldManager,
        force: true,
      },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
}

beforeAll(async () => {
  await installCrds(testKubeConfig());
  const resources = customResources(testKubeConfig(), namespace.name);
  await resources.create({ apiVersion: API_VERSION, kind: CONTAINER.kind, metadata: { name: 'web' }, spec: { clone: { vmid: 9000 } } });
  await resources.create({
    apiVersion: API_VERSION,
    kind: PROXMOX_NODE.kind,
    metadata: { name: 'pve1' },
    spec: { endpoint: 'https://pve1:8006', nodeName: 'pve1', credentialsSecretRef: { name: 'creds' } },
  });
});

describe('status', () => {
  it('is written through the status subresource and keeps conditions of different managers apart', async () => {
    await applyStatus('Container', 'web', { observedGeneration: 1, vmid: 10100, node: 'pve1', powerState: 'Running', primaryIPv4: '192.0.2.10', conditions: [condition('Ready', 'True', 'Running')] }, 'container-controller');
    await applyStatus('Container', 'web', { conditions: [condition('Provisioned', 'False', 'WaitingForSsh')] }, 'provisioner');
    const stored = await customResources(testKubeConfig(), namespace.name).get('Container', 'web');
    const conditions = (stored.status as { conditions: Condition[] }).conditions;
    expect(conditions.map((entry) => `${entry.type}=${entry.status}`).sort()).toEqual(['Provisioned=False', 'Ready=True']);
    expect(stored.status).toMatchObject({ vmid: 10100, powerState: 'Running' });
  });

  it('is not changed by a write to the main resource', async () => {
    const resources = customResources(testKubeConfig(), namespace.name);
    const updated = await resources.mergePatch('Container', 'web', { spec: { description: 'x' }, status: { vmid: 999 } });
    expect(updated.status).toMatchObject({ vmid: 10100 });
  });

  it('rejects a condition status other than True, False or Unknown', async () => {
    const causes = await expectRejected(applyStatus('Container', 'web', { conditions: [condition('Ready', 'Maybe' as 'True', 'Running')] }, 'container-controller'));
    expect(causes.some((cause) => cause.field === 'status.conditions[0].status'), describeCauses(causes)).toBe(true);
  });

  it.skipIf(!hasKubectl())('appears in the kubectl columns (skipped without kubectl)', async () => {
    await applyStatus('ProxmoxNode', 'pve1', { observedGeneration: 1, pveVersion: '9.0.3', containerCount: 1, effectiveDefault: false, conditions: [condition('Ready', 'True', 'Connected')] }, 'node-controller');
    const result = await kubectl(['get', 'pxn,ct', '-n', namespace.name]);
    expect(result.stdout).toMatch(/pve1\s+pve1\s+false\s+True\s+9\.0\.3\s+1\s+/);
    expect(result.stdout).toMatch(/web\s+pve1\s+10100\s+Running\s+192\.0\.2\.10\s+True\s+/);
  });
});
