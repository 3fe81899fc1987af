import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { Manager } from '../../src/runtime/manager.js';
import { LeaderElector } from '../../src/runtime/leader-election.js';
import type { KubeClient, KubeRequest, QueryValue } from '../../src/runtime/kube-client.js';
import type { WatchEvent } from '../../src/runtime/kube-object.js';
import { MemoryLeaseClient } from './fixtures/memory-lease-client.js';
import { ScriptedClient } from './fixtures/scripted-client.js';
import { widgetType } from './fixtures/widget.js';

const silent = pino({ level: 'silent' });
const lease = { leaseName: 'pve-operator', leaseNamespace: 'system' };

/** Leases from a MemoryLeaseClient, everything else an empty cluster. */
class LeaseOnlyCluster implements KubeClient {
  readonly leases = new MemoryLeaseClient();
  readonly #empty = new ScriptedClient(() => ({ metadata: { resourceVersion: '1' }, items: [] }));

  request<T>(request: KubeRequest): Promise<T> {
    return request.path.includes('/leases') ? this.leases.request<T>(request) : this.#empty.request<T>(request);
  }

  watch(path: string, query: Record<string, QueryValue>, signal: AbortSignal): AsyncIterable<WatchEvent> {
    return this.#empty.watch(path, query, signal);
  }
}

describe('Manager shutdown with leader election (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps renewing the Lease while in-flight reconciles drain, so no successor runs beside them', async () => {
    const cluster = new LeaseOnlyCluster();
    let reconcileFinishedAt: number | undefined;
    const manager = new Manager({
      client: cluster, logger: silent, identity: 'leader', metricsPort: false, healthPort: false,
      drainTimeoutMs: 30_000, leaderElection: lease, onLeadershipLost: () => {},
    });
    const controller = manager.controller({
      name: 'slow', for: widgetType,
      reconcile: async () => {
        // Longer than the 15 s lease: a successor must still wait for this run to end.
        await new Promise((resolve) => setTimeout(resolve, 25_000));
        reconcileFinishedAt = Date.now();
      },
    });
    await manager.start();
    await vi.advanceTimersByTimeAsync(0);
    await manager.leading;
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(0);

    const standby = new LeaderElector({ client: cluster.leases, logger: silent, identity: 'standby', ...lease, random: () => 0 });
    let standbyLeadsAt: number | undefined;
    void standby.acquire(new AbortController().signal).then(() => (standbyLeadsAt = Date.now()));
    const stopped = manager.stop();
    await vi.advanceTimersByTimeAsync(40_000);
    await stopped;

    expect(reconcileFinishedAt).toBeDefined();
    expect(standbyLeadsAt).toBeDefined();
    expect(standbyLeadsAt!).toBeGreaterThanOrEqual(reconcileFinishedAt!);
  });

  it('rejects start and stops its watches when the caches cannot sync in time', async () => {
    const unreachable = new ScriptedClient(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const manager = new Manager({
      client: unreachable, logger: silent, metricsPort: false, healthPort: false, leaderElection: false, cacheSyncTimeoutMs: 60_000,
    });
    manager.controller({ name: 'widget', for: widgetType, reconcile: async () => {} });
    const started = manager.start().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(String(await started)).toContain('caches did not sync within 60000 ms');
    const listsAtFailure = unreachable.lists.length;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(unreachable.lists.length).toBe(listsAtFailure);
  });
});
