import type { ClusterState } from './cluster.js';
import type { Container } from './container.js';
import { applyAllPending } from './pending.js';

let nextGuestPid = 200_000;

/** Marks the container running and asks the bridges' DHCP servers for leases. */
export function markRunning(state: ClusterState, container: Container, nowMs: number, dhcpDelayMs: number): void {
  container.runtime = { status: 'running', startedAtMs: nowMs, pid: nextGuestPid++, leases: {}, dhcpReadyAtMs: nowMs + dhcpDelayMs };
  if (!container.behaviour.dhcpAnswers) return;
  for (const [key, value] of Object.entries(container.config)) {
    if (!/^net\d+$/.test(key) || !/(?:^|,)ip=dhcp(?:,|$)/.test(value)) continue;
    const bridge = /(?:^|,)bridge=([^,]+)/.exec(value)?.[1];
    const address = bridge === undefined ? undefined : state.leaseAddress(bridge);
    if (address !== undefined) container.runtime.leases[key] = `${bridge}|${address}`;
  }
}

/** Marks the container stopped, gives its leases back, and applies pending changes (poststop hook). */
export function markStopped(state: ClusterState, container: Container): void {
  for (const lease of Object.values(container.runtime.leases)) {
    const [bridge = '', address = ''] = lease.split('|');
    state.releaseAddress(bridge, address);
  }
  container.runtime = { status: 'stopped', leases: {} };
  applyPendingInPlace(container);
}

export function applyPendingInPlace(container: Container): void {
  const applied = applyAllPending(container);
  container.config = applied.config;
  container.pending = applied.pending;
  container.pendingDelete = applied.pendingDelete;
}
