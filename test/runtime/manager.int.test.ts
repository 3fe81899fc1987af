import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eventually, testKubeConfig, withTestNamespace } from '../support/kube.js';
import { Manager } from '../../src/runtime/manager.js';
import { HttpKubeClient } from '../../src/runtime/kube-client.js';
import { collectionPath, objectPath, secretType, eventType, type KubeObject, type ListResponse } from '../../src/runtime/kube-object.js';
import { CountingClient } from './fixtures/counting-client.js';
import { installWidgetCrd, widget, widgetType, type Widget } from './fixtures/widget.js';
import { registerWidgetController, widgetFinalizer } from './fixtures/widget-controller.js';

const namespace = withTestNamespace('runtime-manager');
const silent = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

describe('Manager with a test controller against the apiserver', () => {
  const admin = () => new HttpKubeClient(testKubeConfig());
  let client: CountingClient;
  let manager: Manager;
  const reconciles: string[] = [];

  beforeAll(async () => {
    await installWidgetCrd(admin());
    client = new CountingClient(new HttpKubeClient(testKubeConfig()));
    manager = new Manager({
      client, logger: silent, leaderElection: false, metricsPort: 0, healthPort: 0,
      informerDefaults: { namespace: namespace.name, pageSize: 2 },
    });
    registerWidgetController(manager, { onReconcile: (key) => reconciles.push(key), resyncPeriodMs: 1_000 });
    await manager.start();
  });
  afterAll(async () => {
    await manager?.stop();
  });

  const create = (object: KubeObject, type = widgetType) =>
    admin().request({ method: 'POST', path: collectionPath(type, namespace.name), body: object });
  const read = (name: string) => admin().request<Widget>({ method: 'GET', path: objectPath(widgetType, namespace.name, name) });

  it('converges new objects: finalizer added, status mirrors spec, Ready=True', async () => {
    await Promise.all([1, 2, 3].map((size) => create(widget(namespace.name, `converge-${size}`, { size }))));
    for (const size of [1, 2, 3]) {
      const converged = await eventually(async () => {
        const current = await read(`converge-${size}`);
        expect(current.status?.size).toBe(size);
        expect(current.status?.observedGeneration).toBe(current.metadata.generation);
        return current;
      });
      expect(converged.metadata.finalizers).toEqual([widgetFinalizer]);
      expect(converged.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
  });

  it('reconciles an object again when the Secret it references appears', async () => {
    await create(widget(namespace.name, 'needs-secret', { size: 1, secretName: 'creds' }));
    await eventually(async () => expect((await read('needs-secret')).status?.secretFound).toBe(false));
    await create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: namespace.name }, stringData: { token: 'x' } }, secretType);
    await eventually(async () => expect((await read('needs-secret')).status?.secretFound).toBe(true));
  });

  it('makes zero writes when a resync finds nothing to change', async () => {
    const names = ['quiet-1', 'quiet-2'];
    await Promise.all(names.map((name) => create(widget(namespace.name, name, { size: 7 }))));
    await eventually(async () => {
      for (const name of names) expect((await read(name)).status?.size).toBe(7);
    });
    const runsOfQuiet = () => reconciles.filter((key) => key.endsWith('/quiet-1')).length;
    const nextResyncRound = async () => {
      const runsBefore = runsOfQuiet();
      await eventually(() => expect(runsOfQuiet()).toBeGreaterThan(runsBefore), { timeoutMs: 20_000 });
    };
    // Settled: the follow-up runs triggered by our own status writes are over once a round passes without writes.
    await eventually(async () => {
      const writesBefore = client.writes.length;
      await nextResyncRound();
      expect(client.writes.length).toBe(writesBefore);
    }, { timeoutMs: 30_000 });
    const versions = async () => Promise.all(names.map(async (name) => (await read(name)).metadata.resourceVersion));
    const writesBefore = client.writes.length;
    const versionsBefore = await versions();
    await nextResyncRound();
    await nextResyncRound();
    expect(client.writes.slice(writesBefore)).toEqual([]);
    expect(await versions()).toEqual(versionsBefore);
  });

  it('keeps other controllers\' finalizers when adding and removing its own', async () => {
    const guarded = widget(namespace.name, 'shared-finalizers', { size: 1 });
    guarded.metadata.finalizers = ['other.example.com/keep'];
    await create(guarded);
    await eventually(async () => expect((await read('shared-finalizers')).metadata.finalizers).toEqual(['other.example.com/keep', widgetFinalizer]));
    await admin().request({ method: 'DELETE', path: objectPath(widgetType, namespace.name, 'shared-finalizers') });
    await eventually(async () => expect((await read('shared-finalizers')).metadata.finalizers).toEqual(['other.example.com/keep']));
  });

  it('records one Event when an object becomes ready', async () => {
    await create(widget(namespace.name, 'eventful', { size: 2 }));
    const events = await eventually(async () => {
      const list = await admin().request<ListResponse>({ method: 'GET', path: collectionPath(eventType, namespace.name) });
      const about = list.items.filter((event) => (event['regarding'] as { name?: string }).name === 'eventful');
      expect(about).toHaveLength(1);
      return about;
    });
    expect(events[0]).toMatchObject({ reason: 'Converged', type: 'Normal', action: 'Reconcile' });
  });

  it('reports ready on /readyz and serves controller-runtime metrics on /metrics', async () => {
    const [metricsPort, healthPort] = manager.endpointPorts;
    const ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/controller_runtime_reconcile_total\{controller="widget",result="success"\} [1-9]/);
    expect(metrics).toContain('workqueue_depth{name="widget",controller="widget"}');
    expect(metrics).toContain('controller_runtime_max_concurrent_reconciles{controller="widget"} 2');
  });
});
