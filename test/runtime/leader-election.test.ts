import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { LeaderElector } from '../../src/runtime/leader-election.js';
import { MemoryLeaseClient } from './fixtures/memory-lease-client.js';
import { KubeApiError } from '../../src/runtime/kube-errors.js';

const silent = pino({ level: 'silent' });

function candidate(client: MemoryLeaseClient, identity: string) {
  return new LeaderElector({ client, logger: silent, identity, leaseName: 'pve-operator', leaseNamespace: 'system', random: () => 0 });
}

describe('LeaderElector (client-go algorithm, default 15 s / 10 s / 2 s)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('creates the Lease and leads when there is none', async () => {
    const client = new MemoryLeaseClient();
    const elector = candidate(client, 'a');
    expect(await elector.acquire(new AbortController().signal)).toBe(true);
    expect(client.holder).toBe('a');
    expect(client.lease?.['spec']).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
  });

  it('waits out a held lease, judged from when it last saw the record change', async () => {
    const client = new MemoryLeaseClient();
    const leader = candidate(client, 'a');
    await leader.acquire(new AbortController().signal);
    const standby = candidate(client, 'b');
    let acquiredAt: number | undefined;
    const start = Date.now();
    void standby.acquire(new AbortController().signal).then(() => (acquiredAt = Date.now() - start));
    // The leader dies without releasing; the standby must wait one lease duration from its first sight.
    await vi.advanceTimersByTimeAsync(14_000);
    expect(acquiredAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(acquiredAt).toBeGreaterThanOrEqual(15_000);
    expect(acquiredAt).toBeLessThanOrEqual(17_000);
    expect(client.holder).toBe('b');
    expect(client.lease?.['spec']).toMatchObject({ leaseTransitions: 1 });
  });

  it('never takes over while the leader keeps renewing', async () => {
    const client = new MemoryLeaseClient();
    const leader = candidate(client, 'a');
    await leader.acquire(new AbortController().signal);
    const leading = new AbortController();
    void leader.renewUntilLost(leading.signal);
    const standby = candidate(client, 'b');
    let acquired = false;
    const standbyStop = new AbortController();
    void standby.acquire(standbyStop.signal).then((result) => (acquired = result));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(acquired).toBe(false);
    expect(client.holder).toBe('a');
    leading.abort();
    standbyStop.abort();
  });

  it('declares leadership lost when renewals fail for the renew deadline', async () => {
    const client = new MemoryLeaseClient();
    const leader = candidate(client, 'a');
    await leader.acquire(new AbortController().signal);
    let outcome: string | undefined;
    let lostAfter: number | undefined;
    const start = Date.now();
    client.unreachable = true;
    void leader.renewUntilLost(new AbortController().signal).then((result) => {
      outcome = result;
      lostAfter = Date.now() - start;
    });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(outcome).toBe('lost');
    expect(lostAfter).toBeGreaterThanOrEqual(10_000);
    expect(lostAfter).toBeLessThan(15_000);
    expect(leader.isLeader).toBe(false);
  });

  it('releases the lease so a standby takes over at its next retry', async () => {
    const client = new MemoryLeaseClient();
    const leader = candidate(client, 'a');
    await leader.acquire(new AbortController().signal);
    const standby = candidate(client, 'b');
    let acquiredAt: number | undefined;
    void standby.acquire(new AbortController().signal).then(() => (acquiredAt = Date.now()));
    await vi.advanceTimersByTimeAsync(100);
    const releasedAt = Date.now();
    await leader.release();
    expect(client.lease?.['spec']).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(acquiredAt! - releasedAt).toBeLessThanOrEqual(2_000);
    expect(client.holder).toBe('b');
  });

  it('says why it cannot acquire when the apiserver refuses (e.g. RBAC), instead of retrying silently', async () => {
    const lines: { level: number; msg: string; err?: { message?: string } }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const client = new MemoryLeaseClient();
    client.request = () => Promise.reject(new KubeApiError(403, 'Forbidden', 'leases.coordination.k8s.io is forbidden'));
    const elector = new LeaderElector({ client, logger, identity: 'a', leaseName: 'pve-operator', leaseNamespace: 'system', random: () => 0 });
    const stop = new AbortController();
    void elector.acquire(stop.signal);
    await vi.advanceTimersByTimeAsync(0);
    stop.abort();
    expect(lines.filter((line) => line.level >= 40).map((line) => line.err?.message)).toEqual([expect.stringContaining('forbidden')]);
  });
});
