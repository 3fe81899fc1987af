import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { startControlPlane, type ControlPlane } from '../support/control-plane.js';
import { eventually, hasKubectl, kubectl, testKubeConfig, withTestNamespace } from '../support/kube.js';

const group = 'platform-test.pve.operator.dev';
const plural = 'widgets';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural, singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
          },
        },
      },
    ],
  },
};

/** Creates the Widget CRD (tolerating a concurrent or earlier creation) and waits until it is Established. */
async function installWidgetCrd(config: KubeConfig): Promise<void> {
  const api = config.makeApiClient(ApiextensionsV1Api);
  await api.createCustomResourceDefinition({ body: widgetCrd }).catch((error: { code?: number }) => {
    if (error.code !== 409) throw error;
  });
  await eventually(async () => {
    const crd = await api.readCustomResourceDefinition({ name: widgetCrd.metadata.name });
    expect(crd.status?.conditions?.find((condition) => condition.type === 'Established')?.status).toBe('True');
  });
}

function widget(name: string, size: number) {
  return { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name }, spec: { size } };
}

describe('the shared test control plane', () => {
  const namespace = withTestNamespace('platform');

  it('serves a custom resource that kubectl and client-node both read back', async () => {
    const config = testKubeConfig();
    await installWidgetCrd(config);
    const objects = config.makeApiClient(CustomObjectsApi);
    await objects.createNamespacedCustomObject({ group, version: 'v1', namespace: namespace.name, plural, body: widget('alpha', 3) });

    const read = (await objects.getNamespacedCustomObject({ group, version: 'v1', namespace: namespace.name, plural, name: 'alpha' })) as ReturnType<typeof widget>;
    expect(read.spec.size).toBe(3);

    if (!hasKubectl()) {
      console.warn('kubectl is not installed: skipping the kubectl read-back');
      return;
    }
    const result = await kubectl(['get', `${plural}.${group}`, 'alpha', '-n', namespace.name, '-o', 'jsonpath={.spec.size}']);
    expect(result).toMatchObject({ code: 0, stdout: '3' });
  });

  it('enforces RBAC: a ServiceAccount is denied until a RoleBinding allows it', async () => {
    const admin = testKubeConfig();
    await installWidgetCrd(admin);
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace: namespace.name, body: { metadata: { name: 'reader' } } });
    const { status } = await core.createNamespacedServiceAccountToken({
      name: 'reader',
      namespace: namespace.name,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const asReader = new KubeConfig();
    asReader.loadFromOptions({
      clusters: [admin.getCurrentCluster()!],
      users: [{ name: 'reader', token: status!.token }],
      contexts: [{ name: 'reader', cluster: admin.getCurrentCluster()!.name, user: 'reader' }],
      currentContext: 'reader',
    });
    const list = () => asReader.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group, version: 'v1', namespace: namespace.name, plural });

    await expect(list()).rejects.toMatchObject({ code: 403 });

    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: namespace.name,
      body: { metadata: { name: 'widget-reader' }, rules: [{ apiGroups: [group], resources: [plural], verbs: ['list'] }] },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: namespace.name,
      body: {
        metadata: { name: 'widget-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'widget-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: namespace.name }],
      },
    });
    const allowed = (await eventually(list)) as { items: unknown[] };
    expect(allowed.items).toBeInstanceOf(Array);
  });
});

describe('a private control plane', () => {
  let plane: ControlPlane;
  beforeAll(async () => {
    plane = await startControlPlane();
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('keeps objects in etcd across a kube-apiserver restart', async () => {
    await installWidgetCrd(plane.kubeConfig());
    const objects = () => plane.kubeConfig().makeApiClient(CustomObjectsApi);
    await objects().createNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural, body: widget('survivor', 7) });

    await plane.restartApiServer();

    const read = (await eventually(() =>
      objects().getNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural, name: 'survivor' }),
    )) as ReturnType<typeof widget>;
    expect(read.spec.size).toBe(7);
  });
});
