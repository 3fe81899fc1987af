import { describe, expect, it } from 'vitest';
import { Store } from '../../src/runtime/store.js';
import type { KubeObject } from '../../src/runtime/kube-object.js';

type Container = KubeObject & { spec: { node: string; secrets: string[] } };
const container = (name: string, node: string, secrets: string[] = [], resourceVersion = '1'): Container =>
  ({ metadata: { name, namespace: 'tenant', resourceVersion }, spec: { node, secrets } });

const indexers = {
  byNodeRef: (c: Container) => [c.spec.node],
  byReferencedSecret: (c: Container) => c.spec.secrets.map((secret) => `tenant/${secret}`),
};

describe('Store', () => {
  it('finds objects by a custom index and follows changes of the indexed field', () => {
    const store = new Store<Container>(indexers);
    store.upsert(container('web', 'pve1'));
    store.upsert(container('db', 'pve1'));
    expect(store.indexKeys('byNodeRef', 'pve1').sort()).toEqual(['tenant/db', 'tenant/web']);
    store.upsert(container('web', 'pve2'));
    expect(store.indexKeys('byNodeRef', 'pve1')).toEqual(['tenant/db']);
    expect(store.byIndex('byNodeRef', 'pve2').map((c) => c.metadata.name)).toEqual(['web']);
    store.delete('tenant/db');
    expect(store.indexKeys('byNodeRef', 'pve1')).toEqual([]);
  });

  it('indexes one object under several values', () => {
    const store = new Store<Container>(indexers);
    store.upsert(container('web', 'pve1', ['creds', 'ssh-key']));
    expect(store.indexKeys('byReferencedSecret', 'tenant/creds')).toEqual(['tenant/web']);
    expect(store.indexKeys('byReferencedSecret', 'tenant/ssh-key')).toEqual(['tenant/web']);
  });

  it('indexes objects already stored when an index is added later', () => {
    const store = new Store<Container>();
    store.upsert(container('web', 'pve1'));
    store.addIndexer('byNodeRef', indexers.byNodeRef);
    expect(store.indexKeys('byNodeRef', 'pve1')).toEqual(['tenant/web']);
  });

  it('names the known indexes when asked for an unknown one', () => {
    expect(() => new Store<Container>(indexers).indexKeys('byNode', 'x')).toThrow(/byNodeRef, byReferencedSecret/);
  });

  it('reports added, changed (new resourceVersion only) and vanished objects on replace', () => {
    const store = new Store<Container>(indexers);
    store.replace([container('same', 'pve1'), container('changed', 'pve1'), container('gone', 'pve1')]);
    const delta = store.replace([container('same', 'pve1'), container('changed', 'pve2', [], '2'), container('new', 'pve1')]);
    expect(delta.added.map((c) => c.metadata.name)).toEqual(['new']);
    expect(delta.updated.map(({ current }) => current.metadata.name)).toEqual(['changed']);
    expect(delta.deleted.map((c) => c.metadata.name)).toEqual(['gone']);
    expect(store.indexKeys('byNodeRef', 'pve1').sort()).toEqual(['tenant/new', 'tenant/same']);
  });
});
