import type { Container } from '../state/container.js';
import { guestStats } from '../state/guest-stats.js';
import type { PveRelease } from '../version.js';

/** One container as LXC.pm vmstatus reports it (spec §6.3). */
export function vmstatus(container: Container, nowMs: number, release: PveRelease): Record<string, unknown> {
  const stats = guestStats(container, nowMs);
  const running = container.runtime.status === 'running';
  const entry: Record<string, unknown> = {
    vmid: container.vmid,
    type: 'lxc',
    name: stats.name,
    status: container.runtime.status,
    uptime: stats.uptime,
    cpu: stats.cpu,
    cpus: stats.cpus,
    mem: stats.mem,
    maxmem: stats.maxmem,
    swap: stats.swap,
    maxswap: stats.maxswap,
    disk: stats.disk,
    maxdisk: stats.maxdisk,
    netin: stats.netin,
    netout: stats.netout,
    diskread: stats.diskread,
    diskwrite: stats.diskwrite,
  };
  if (running) {
    entry.pid = container.runtime.pid;
    if (release.hasPressureStats) {
      for (const resource of ['cpu', 'io', 'memory']) {
        entry[`pressure${resource}some`] = 0;
        entry[`pressure${resource}full`] = 0;
      }
    }
  }
  if (container.config.tags !== undefined) entry.tags = container.config.tags;
  if (container.config.lock !== undefined) entry.lock = container.config.lock;
  if (container.config.template === '1') entry.template = 1;
  return entry;
}
