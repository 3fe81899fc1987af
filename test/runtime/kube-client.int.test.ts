import { beforeAll, describe, expect, it } from 'vitest';
import { testKubeConfig, withTestNamespace } from '../support/kube.js';
import { HttpKubeClient } from '../../src/runtime/kube-client.js';
import { isNotFound, KubeApiError } from '../../src/runtime/kube-errors.js';
import { collectionPath, objectPath } from '../../src/runtime/kube-object.js';
import { installWidgetCrd, widget, widgetType, type Widget } from './fixtures/widget.js';

const namespace = withTestNamespace('runtime-client');

describe('HttpKubeClient against the apiserver', () => {
  let client: HttpKubeClient;
  beforeAll(async () => {
    client = new HttpKubeClient(testKubeConfig());
    await installWidgetCrd(client);
  });

  it('sends a PATCH without a content type as a merge patch', async () => {
    await client.request({ method: 'POST', path: collectionPath(widgetType, namespace.name), body: widget(namespace.name, 'patched', { size: 1 }) });
    const patched = await client.request<Widget>({ method: 'PATCH', path: objectPath(widgetType, namespace.name, 'patched'), body: { spec: { size: 2 } } });
    expect(patched.spec?.size).toBe(2);
  });

  it('rejects with a KubeApiError that says what happened', async () => {
    const missing = client.request({ method: 'GET', path: objectPath(widgetType, namespace.name, 'missing') });
    await expect(missing).rejects.toBeInstanceOf(KubeApiError);
    await expect(missing).rejects.toSatisfy(isNotFound);
  });
});
