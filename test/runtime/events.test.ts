import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { EventRecorder, eventName } from '../../src/runtime/events.js';
import type { KubeClient, KubeRequest } from '../../src/runtime/kube-client.js';
import type { KubeObject } from '../../src/runtime/kube-object.js';

class RecordingClient implements KubeClient {
  readonly requests: KubeRequest[] = [];
  async request<T>(request: KubeRequest): Promise<T> {
    this.requests.push(request);
    return {} as T;
  }
  async *watch(): AsyncIterable<never> {
    throw new Error('not used');
  }
}

const container = (name: string): KubeObject => ({ apiVersion: 'pve.operator.dev/v1alpha1', kind: 'Container', metadata: { name, namespace: 'tenant', uid: `uid-${name}` } });
const failed = { type: 'Warning' as const, reason: 'TaskFailed', action: 'Create', note: 'clone failed: storage full' };

describe('EventRecorder', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function recorder(client: RecordingClient) {
    return new EventRecorder({ client, logger: pino({ level: 'silent' }), reportingController: 'pve.operator.dev/pve-operator', reportingInstance: 'pod-1', burst: 3, refillMs: 300_000 });
  }

  it('creates one events.k8s.io/v1 Event and folds repeats into one series update per interval', async () => {
    const client = new RecordingClient();
    const events = recorder(client);
    for (let run = 0; run < 50; run++) events.record(container('web'), failed);
    expect(client.requests).toHaveLength(1);
    expect(client.requests[0]).toMatchObject({
      method: 'POST', path: '/apis/events.k8s.io/v1/namespaces/tenant/events',
      body: { reason: 'TaskFailed', type: 'Warning', action: 'Create', regarding: { kind: 'Container', name: 'web', uid: 'uid-web' }, reportingInstance: 'pod-1' },
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(client.requests).toHaveLength(2);
    expect(client.requests[1]).toMatchObject({ method: 'PATCH', body: { series: { count: 50 } } });
    await vi.advanceTimersByTimeAsync(300_000);
    expect(client.requests).toHaveLength(2);
  });

  it('limits distinct events per object to the burst, then refills slowly', async () => {
    const client = new RecordingClient();
    const events = recorder(client);
    for (let attempt = 0; attempt < 10; attempt++) events.record(container('web'), { ...failed, note: `attempt ${attempt}` });
    events.record(container('db'), failed);
    expect(client.requests.map((r) => (r.body as { regarding: { name: string } }).regarding.name)).toEqual(['web', 'web', 'web', 'db']);
    await vi.advanceTimersByTimeAsync(300_000);
    events.record(container('web'), { ...failed, note: 'after refill' });
    expect(client.requests).toHaveLength(5);
  });

  it.each([
    ['a short name', 'web', /^web\.[0-9a-f]{16}$/],
    ['a name of 253 characters', 'a'.repeat(253), /^a{236}\.[0-9a-f]{16}$/],
    ['a name whose cut ends in a dash', `${'a'.repeat(235)}-bbb`, /^a{235}\.[0-9a-f]{16}$/],
  ])('names the Event of an object with %s as a valid DNS subdomain', (_case, objectName, expected) => {
    const name = eventName(objectName);
    expect(name).toMatch(expected);
    expect(name.length).toBeLessThanOrEqual(253);
  });

  it('creates the Event on a later repeat when creating it failed', async () => {
    const client = new RecordingClient();
    let refuse = true;
    const request = client.request.bind(client);
    client.request = <T>(r: KubeRequest) => (refuse ? (void client.requests.push(r), Promise.reject(new Error('etcd leader changed'))) : request<T>(r));
    const events = recorder(client);
    events.record(container('web'), failed);
    await vi.advanceTimersByTimeAsync(0);
    refuse = false;
    events.record(container('web'), failed);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(client.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('never throws when the apiserver rejects an event', async () => {
    const client: KubeClient = { request: () => Promise.reject(new Error('forbidden')), watch: () => { throw new Error('x'); } };
    const events = new EventRecorder({ client, logger: pino({ level: 'silent' }), reportingController: 'c', reportingInstance: 'i' });
    expect(() => events.record(container('web'), failed)).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
  });
});
