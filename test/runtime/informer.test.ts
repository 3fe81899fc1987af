import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { Informer } from '../../src/runtime/informer.js';
import { KubeApiError } from '../../src/runtime/kube-errors.js';
import { secretType, type KubeObject, type ListResponse } from '../../src/runtime/kube-object.js';
import { object, ScriptedClient } from './fixtures/scripted-client.js';

const silent = pino({ level: 'silent' });
const backoff = { baseMs: 800, capMs: 30_000, factor: 2, jitter: 0 };
const list = (resourceVersion: string, items: KubeObject[], next?: string): ListResponse => ({ metadata: { resourceVersion, continue: next }, items });

function informerOver(client: ScriptedClient, options: { stallTimeoutMs?: number; pageSize?: number } = {}) {
  const informer = new Informer({ client, type: secretType, logger: silent, backoff, random: () => 0, stallTimeoutMs: 60_000, ...options });
  const seen: string[] = [];
  informer.addHandler({
    added: (o) => seen.push(`added ${o.metadata.name}`),
    updated: (_p, o) => seen.push(`updated ${o.metadata.name}`),
    deleted: (o) => seen.push(`deleted ${o.metadata.name}`),
  });
  informer.start();
  return { informer, seen };
}

describe('Informer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lists page by page and reports synced only after the last page', async () => {
    const pages: Record<string, ListResponse> = {
      start: list('10', [object('a', '1'), object('b', '2')], 'page2'),
      page2: list('10', [object('c', '3')]),
    };
    const client = new ScriptedClient((query) => pages[(query['continue'] as string | undefined) ?? 'start']!);
    const { informer, seen } = informerOver(client, { pageSize: 2 });
    await informer.synced;
    expect(client.lists.map((query) => [query['limit'], query['continue']])).toEqual([[2, undefined], [2, 'page2']]);
    expect(informer.store.keys().sort()).toEqual(['ns/a', 'ns/b', 'ns/c']);
    expect(informer.store.get('ns/a')?.kind).toBe('Secret');
    expect(seen).toEqual(['added a', 'added b', 'added c']);
    await informer.stop();
  });

  it('watches from the listed resourceVersion, asks for bookmarks and applies events', async () => {
    const client = new ScriptedClient(() => list('10', [object('a', '1')]));
    const { informer, seen } = informerOver(client);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.lastWatch.query).toMatchObject({ resourceVersion: '10', allowWatchBookmarks: true });
    client.lastWatch.send({ type: 'ADDED', object: object('b', '11') });
    client.lastWatch.send({ type: 'MODIFIED', object: object('a', '12') });
    client.lastWatch.send({ type: 'DELETED', object: object('b', '13') });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['added a', 'added b', 'updated a', 'deleted b']);
    expect(informer.store.keys()).toEqual(['ns/a']);
    await informer.stop();
  });

  it('resumes from the last bookmark when the server ends the watch', async () => {
    const client = new ScriptedClient(() => list('10', []));
    const { informer } = informerOver(client);
    await vi.advanceTimersByTimeAsync(0);
    client.lastWatch.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '50' } } });
    await vi.advanceTimersByTimeAsync(2_000);
    client.lastWatch.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.watches).toHaveLength(2);
    expect(client.lastWatch.query['resourceVersion']).toBe('50');
    expect(client.lists).toHaveLength(1);
    await informer.stop();
  });

  it('relists at once on 410 Gone and reports what vanished meanwhile', async () => {
    let items = [object('a', '1'), object('b', '2')];
    const client = new ScriptedClient(() => list('20', items));
    const { informer, seen } = informerOver(client);
    await vi.advanceTimersByTimeAsync(0);
    items = [object('a', '1'), object('c', '19')];
    client.lastWatch.send({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', metadata: {} } as never });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.lists).toHaveLength(2);
    expect(seen).toEqual(['added a', 'added b', 'added c', 'deleted b']);
    expect(client.lastWatch.query['resourceVersion']).toBe('20');
    await informer.stop();
  });

  it('restarts a watch that stays silent past the stall timeout, from the last resourceVersion', async () => {
    const client = new ScriptedClient(() => list('10', []));
    const { informer } = informerOver(client, { stallTimeoutMs: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    client.lastWatch.send({ type: 'ADDED', object: object('a', '11') });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(client.watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000 + 800);
    expect(client.watches).toHaveLength(2);
    expect(client.watches[0]!.closed).toBe(true);
    expect(client.lastWatch.query['resourceVersion']).toBe('11');
    await informer.stop();
  });

  it('retries a failing list with growing, capped backoff and never gives up', async () => {
    let failures = 8;
    const listedAt: number[] = [];
    const client = new ScriptedClient(() => {
      listedAt.push(Date.now());
      if (failures-- > 0) throw new KubeApiError(503, 'ServiceUnavailable', 'apiserver starting');
      return list('10', [object('a', '1')]);
    });
    const { informer } = informerOver(client);
    while (!informer.hasSynced) await vi.advanceTimersByTimeAsync(100);
    const gaps = listedAt.slice(1).map((at, index) => at - listedAt[index]!);
    expect(gaps).toEqual([800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000]);
    await informer.stop();
  });

  it('contains a throwing handler and keeps delivering to the others', async () => {
    const client = new ScriptedClient(() => list('10', []));
    const informer = new Informer({ client, type: secretType, logger: silent, backoff, random: () => 0 });
    const delivered: string[] = [];
    informer.addHandler({ added: () => { throw new Error('bug in a handler'); } });
    informer.addHandler({ added: (o) => delivered.push(o.metadata.name!) });
    informer.start();
    await vi.advanceTimersByTimeAsync(0);
    client.lastWatch.send({ type: 'ADDED', object: object('a', '11') });
    client.lastWatch.send({ type: 'ADDED', object: object('b', '12') });
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual(['a', 'b']);
    expect(client.watches).toHaveLength(1);
    await informer.stop();
  });
});
