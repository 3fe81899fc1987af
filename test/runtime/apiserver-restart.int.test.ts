import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startControlPlane, type ControlPlane } from '../support/control-plane.js';
import { eventually } from '../support/kube.js';
import { Manager } from '../../src/runtime/manager.js';
import { HttpKubeClient } from '../../src/runtime/kube-client.js';
import { collectionPath, namespaceType, objectPath } from '../../src/runtime/kube-object.js';
import { isNotFound } from '../../src/runtime/kube-errors.js';
import { installWidgetCrd, widget, widgetType, type Widget } from './fixtures/widget.js';
import { registerWidgetController } from './fixtures/widget-controller.js';
import { PartitionableClient } from './fixtures/partitionable-client.js';

const namespace = 'apiserver-restart';

describe('a manager across a kube-apiserver restart', () => {
  let plane: ControlPlane;
  let client: HttpKubeClient;
  let manager: Manager;
  let managerLink: PartitionableClient;

  beforeAll(async () => {
    plane = await startControlPlane();
    client = new HttpKubeClient(plane.kubeConfig());
    await installWidgetCrd(client);
    await client.request({ method: 'POST', path: collectionPath(namespaceType), body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
    manager = new Manager({
      client: (managerLink = new PartitionableClient(new HttpKubeClient(plane.kubeConfig()))),
      logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
      leaderElection: false, metricsPort: false, healthPort: false,
      informerDefaults: { namespace },
    });
    registerWidgetController(manager);
    await manager.start();
  });
  afterAll(async () => {
    await manager?.stop();
    await plane?.stop();
  });

  const read = (name: string) => client.request<Widget>({ method: 'GET', path: objectPath(widgetType, namespace, name) });
  const sizeOf = async (name: string) => (await read(name)).status?.size;

  it('recovers its cache and reconciles the changes made while it was cut off', async () => {
    await client.request({ method: 'POST', path: collectionPath(widgetType, namespace), body: widget(namespace, 'resized', { size: 1 }) });
    await client.request({ method: 'POST', path: collectionPath(widgetType, namespace), body: widget(namespace, 'deleted', { size: 1 }) });
    await eventually(async () => {
      expect(await sizeOf('resized')).toBe(1);
      expect(await sizeOf('deleted')).toBe(1);
    });

    // Cut the manager off first, so that it provably cannot see the changes below until it recovers.
    managerLink.partition();
    await plane.restartApiServer();
    await client.request({
      method: 'PATCH', path: objectPath(widgetType, namespace, 'resized'),
      contentType: 'application/merge-patch+json', body: { spec: { size: 2 } },
    });
    await client.request({ method: 'POST', path: collectionPath(widgetType, namespace), body: widget(namespace, 'created', { size: 3 }) });
    await client.request({ method: 'DELETE', path: objectPath(widgetType, namespace, 'deleted') });
    managerLink.heal();

    await eventually(async () => {
      expect(await sizeOf('resized')).toBe(2);
      expect(await sizeOf('created')).toBe(3);
      // Deleting it needs the controller to run its cleanup and remove its finalizer.
      await expect(read('deleted')).rejects.toSatisfy(isNotFound);
    }, { timeoutMs: 90_000, intervalMs: 500 });
    const cache = manager.informer<Widget>(widgetType).store;
    expect(cache.get(`${namespace}/resized`)?.spec?.size).toBe(2);
    expect(cache.get(`${namespace}/deleted`)).toBeUndefined();
  });
});
