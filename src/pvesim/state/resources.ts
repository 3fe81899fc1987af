import type { SimClock } from '../clock.js';
import type { ClusterState } from './cluster.js';
import type { Container } from './container.js';
import { guestStats } from './guest-stats.js';

/** What pvestatd last broadcast for one guest. */
interface GuestSample {
  name: string;
  status: 'running' | 'stopped';
  template: number;
  stats: Record<string, number>;
}

/**
 * `/cluster/resources` as PVE builds it: guest membership comes live from the config files, but
 * name, status and stats come from the RRD samples pvestatd pushes every 10 s (spec §5.5). A
 * guest without a sample yet is `status: "unknown"`.
 */
export class ResourceView {
  private samples = new Map<number, GuestSample>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: ClusterState,
    private readonly clock: SimClock,
  ) {}

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes a new sample of every guest, as one pvestatd round does. */
  refresh(): void {
    const next = new Map<number, GuestSample>();
    for (const container of this.state.containers.values()) {
      if (container.config.lock === 'create' && !container.config.hostname) continue;
      next.set(container.vmid, sample(container, this.clock.nowMs()));
    }
    this.samples = next;
  }

  guestEntry(container: Container): Record<string, unknown> {
    const entry: Record<string, unknown> = {
      id: `lxc/${container.vmid}`,
      type: 'lxc',
      vmid: container.vmid,
      node: container.node,
    };
    const sampled = this.samples.get(container.vmid);
    if (!sampled) return { ...entry, status: 'unknown' };
    Object.assign(entry, { name: sampled.name, status: sampled.status, template: sampled.template }, sampled.stats);
    if (container.config.tags !== undefined) entry.tags = container.config.tags;
    if (container.config.lock !== undefined) entry.lock = container.config.lock;
    for (const [pool, members] of this.state.pools) if (members.has(container.vmid)) entry.pool = pool;
    return entry;
  }
}

function sample(container: Container, nowMs: number): GuestSample {
  const stats = guestStats(container, nowMs);
  return {
    name: stats.name,
    status: container.runtime.status,
    template: container.config.template === '1' ? 1 : 0,
    stats: {
      uptime: stats.uptime,
      cpu: stats.cpu,
      maxcpu: stats.cpus,
      mem: stats.mem,
      maxmem: stats.maxmem,
      disk: stats.disk,
      maxdisk: stats.maxdisk,
      netin: stats.netin,
      netout: stats.netout,
      diskread: stats.diskread,
      diskwrite: stats.diskwrite,
    },
  };
}
