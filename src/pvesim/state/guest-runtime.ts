import type { ClusterState } from './cluster.js';
import type { Container } from './container.js';
import { applyAllPending } from './pending.js';

let nextGuestPid = 200_000;

/** Marks the container running and asks the bridges' DHCP servers for leases. */
export function markRunning(state: ClusterState, container: Container, nowMs: number, dhcpDelayMs: number): void {
  container.runtime = { status: 'running', startedAtMs: nowMs, pid: nextGuestPid++, leases: {}, dhcpReadyAtMs: nowMs + dhcpDelayMs };
  syncLeases(state, container);
}

/**
 * Makes the leases of a running container match its active network devices: a DHCP device on
 * a bridge holds one address of that bridge's pool; a removed or re-addressed device gives its
 * address back (hot-plugged `netN` changes go through here).
 */
export function syncLeases(state: ClusterState, container: Container): void {
  const wanted = new Map<string, string>();
  if (container.runtime.status === 'running' && container.behaviour.dhcpAnswers) {
    for (const [key, value] of Object.entries(container.config)) {
      if (!/^net\d+$/.test(key) || !/(?:^|,)ip=dhcp(?:,|$)/.test(value)) continue;
      const bridge = /(?:^|,)bridge=([^,]+)/.exec(value)?.[1];
      if (bridge !== undefined) wanted.set(key, bridge);
    }
  }
  for (const [key, lease] of Object.entries(container.runtime.leases)) {
    const [bridge = '', address = ''] = lease.split('|');
    if (wanted.get(key) === bridge) continue;
    state.releaseAddress(bridge, address);
    delete container.runtime.leases[key];
  }
  for (const [key, bridge] of wanted) {
    if (container.runtime.leases[key] !== undefined) continue;
    const address = state.leaseAddress(bridge);
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
