import { beforeAll, describe, expect, it } from 'vitest';
import { testKubeConfig, withTestNamespace } from '../support/kube.js';
import { HttpKubeClient } from '../../src/runtime/kube-client.js';
import { collectionPath, objectPath } from '../../src/runtime/kube-object.js';
import { addFinalizer, removeFinalizer } from '../../src/runtime/finalizers.js';
import { applyStatus } from '../../src/runtime/status.js';
import { KubeApiError } from '../../src/runtime/kube-errors.js';
import { CountingClient } from './fixtures/counting-client.js';
import { installWidgetCrd, widget, widgetType, type Widget } from './fixtures/widget.js';

const namespace = withTestNamespace('runtime-finalizers');
const ours = 'runtime-test.pve.operator.dev/cleanup';
const theirs = 'other.example.com/keep';

describe('finalizer and status helpers against the apiserver', () => {
  let client: HttpKubeClient;
  beforeAll(async () => {
    client = new HttpKubeClient(testKubeConfig());
    await installWidgetCrd(client);
  });

  const create = (name: string, finalizers?: string[]) => {
    const object = widget(namespace.name, name, { size: 1 });
    if (finalizers) object.metadata.finalizers = finalizers;
    return client.request<Widget>({ method: 'POST', path: collectionPath(widgetType, namespace.name), body: object });
  };
  const read = (name: string) => client.request<Widget>({ method: 'GET', path: objectPath(widgetType, namespace.name, name) });
  const setFinalizers = (name: string, finalizers: string[]) => client.request<Widget>({
    method: 'PATCH', path: objectPath(widgetType, namespace.name, name), contentType: 'application/merge-patch+json', body: { metadata: { finalizers } },
  });

  it('refuses to add from a stale copy instead of replacing a list someone else just created', async () => {
    const stale = await create('stale-add');
    await setFinalizers('stale-add', [theirs]);
    await expect(addFinalizer(client, widgetType, stale, ours)).rejects.toBeInstanceOf(KubeApiError);
    expect((await read('stale-add')).metadata.finalizers).toEqual([theirs]);
    expect((await addFinalizer(client, widgetType, await read('stale-add'), ours))?.metadata.finalizers).toEqual([theirs, ours]);
  });

  it('refuses to remove by a stale index instead of removing another controller\'s finalizer', async () => {
    await create('stale-remove', [ours, theirs]);
    const stale = await read('stale-remove');
    await setFinalizers('stale-remove', [theirs, ours]);
    await expect(removeFinalizer(client, widgetType, stale, ours)).rejects.toBeInstanceOf(KubeApiError);
    expect((await read('stale-remove')).metadata.finalizers).toEqual([theirs, ours]);
    expect((await removeFinalizer(client, widgetType, await read('stale-remove'), ours))?.metadata.finalizers).toEqual([theirs]);
  });

  it('writes status through the subresource only when it changed, without touching spec', async () => {
    const counting = new CountingClient(client);
    const created = await create('status');
    const written = await applyStatus(counting, widgetType, created, { size: 1, observedGeneration: created.metadata.generation });
    expect(written?.status).toEqual({ size: 1, observedGeneration: 1 });
    expect(written?.spec).toEqual({ size: 1 });
    expect(counting.writes).toEqual([{ method: 'PATCH', path: objectPath(widgetType, namespace.name, 'status', 'status') }]);
    expect(await applyStatus(counting, widgetType, written!, { observedGeneration: 1, size: 1 })).toBeUndefined();
    expect(counting.writes).toHaveLength(1);
    const managers = ((await read('status')).metadata as { managedFields?: { manager: string; subresource?: string }[] }).managedFields ?? [];
    expect(managers).toContainEqual(expect.objectContaining({ manager: 'pve-operator', subresource: 'status' }));
  });
});
