import type { Container } from './container.js';
import { GIB, parseDiskSize } from './storage.js';

export interface GuestStats {
  name: string;
  uptime: number;
  cpu: number;
  cpus: number;
  mem: number;
  maxmem: number;
  swap: number;
  maxswap: number;
  disk: number;
  maxdisk: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
}

const MIB = 1024 ** 2;
const HOST_CPUS = 16;

/** The size of the root disk from `rootfs: ...,size=8G` (4 GiB when unknown, as PVE assumes). */
export function rootfsSizeBytes(config: Record<string, string>): number {
  const size = /(?:^|,)size=([^,]+)/.exec(config.rootfs ?? '')?.[1];
  return (size === undefined ? undefined : parseDiskSize(size)) ?? 4 * GIB;
}

/**
 * Live numbers of a container as LXC.pm vmstatus computes them (spec §6.3). Usage figures of a
 * running guest are plausible and deterministic: they grow with uptime, never random.
 */
export function guestStats(container: Container, nowMs: number): GuestStats {
  const { config, runtime } = container;
  const running = runtime.status === 'running';
  const uptime = running && runtime.startedAtMs !== undefined ? Math.max(0, Math.floor((nowMs - runtime.startedAtMs) / 1000)) : 0;
  const maxmem = Number(config.memory ?? 512) * MIB;
  const maxdisk = rootfsSizeBytes(config);
  const cpus = config.cores !== undefined ? Number(config.cores) : config.cpulimit !== undefined && Number(config.cpulimit) > 0 ? Number(config.cpulimit) : HOST_CPUS;
  return {
    name: (config.hostname ?? `CT${container.vmid}`).replace(/\s/g, ''),
    uptime,
    cpu: running ? 0.0123 : 0,
    cpus,
    mem: running ? Math.min(maxmem, 48 * MIB + uptime * 1024) : 0,
    maxmem,
    swap: 0,
    maxswap: Number(config.swap ?? 512) * MIB,
    disk: running ? Math.min(maxdisk, 640 * MIB + uptime * 4096) : 0,
    maxdisk,
    netin: running ? uptime * 512 : 0,
    netout: running ? uptime * 256 : 0,
    diskread: running ? 40 * MIB : 0,
    diskwrite: running ? uptime * 2048 : 0,
  };
}
