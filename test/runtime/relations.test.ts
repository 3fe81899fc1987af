import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { enqueueMapped, referencedBy, startResync } from '../../src/runtime/relations.js';
import { Informer } from '../../src/runtime/informer.js';
import { secretType, type KubeObject } from '../../src/runtime/kube-object.js';
import { ScriptedClient } from './fixtures/scripted-client.js';

type Container = KubeObject & { spec: { credentialsSecret: string } };
const container = (name: string, secret: string): Container => ({ metadata: { name, namespace: 'tenant', resourceVersion: '1' }, spec: { credentialsSecret: secret } });
const secret = (name: string): KubeObject => ({ metadata: { name, namespace: 'tenant' } });

function containersInformer(): Informer<Container> {
  const client = new ScriptedClient(() => ({ metadata: {}, items: [] }));
  return new Informer<Container>({
    client, type: { ...secretType, kind: 'Container', plural: 'containers' }, logger: pino({ level: 'silent' }),
    indexers: { byReferencedSecret: (c) => [`${c.metadata.namespace}/${c.spec.credentialsSecret}`] },
  });
}

describe('relations', () => {
  it('maps a referenced Secret to every owner that references it', () => {
    const containers = containersInformer();
    containers.store.upsert(container('web', 'creds'));
    containers.store.upsert(container('db', 'creds'));
    containers.store.upsert(container('cache', 'other'));
    expect(referencedBy(containers, 'byReferencedSecret')(secret('creds')).sort()).toEqual(['tenant/db', 'tenant/web']);
  });

  it('enqueues the owners of both the old and the new version of a changed object', () => {
    const enqueued: string[] = [];
    const handler = enqueueMapped<Container>((c) => [`owner-of-${c.spec.credentialsSecret}`], (key) => enqueued.push(key));
    handler.updated!(container('web', 'old'), container('web', 'new'));
    handler.updated!(container('web', 'same'), container('web', 'same'));
    expect(enqueued).toEqual(['owner-of-old', 'owner-of-new', 'owner-of-same']);
  });

  describe('startResync', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('enqueues every cached key each period, shortened by its jitter, until stopped', async () => {
      const containers = containersInformer();
      containers.store.upsert(container('web', 'creds'));
      containers.store.upsert(container('db', 'creds'));
      const enqueued: string[] = [];
      const stop = startResync(containers, (key) => enqueued.push(key), 60_000, { jitter: 0.5, random: () => 1 });
      await vi.advanceTimersByTimeAsync(29_999);
      expect(enqueued).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(enqueued.sort()).toEqual(['tenant/db', 'tenant/web']);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(enqueued).toHaveLength(4);
      stop();
      await vi.advanceTimersByTimeAsync(600_000);
      expect(enqueued).toHaveLength(4);
    });
  });
});
