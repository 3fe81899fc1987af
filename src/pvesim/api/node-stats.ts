import type { SimContext } from '../context.js';
import type { StorageSpec } from '../state/storage.js';

const ROOT_DISK_BYTES = 100 * 1024 ** 3;

/** Node figures as pvestatd reports them: memory grows with the running guests' memory. */
export function nodeStats(sim: SimContext, nodeName: string): Record<string, unknown> {
  const node = sim.state.nodes.get(nodeName)!;
  let guestMemory = 0;
  for (const container of sim.state.containersOn(nodeName)) {
    if (container.runtime.status === 'running') guestMemory += Number(container.config.memory ?? 512) * 1024 ** 2 * 0.1;
  }
  return {
    node: node.name,
    status: node.online ? 'online' : 'offline',
    cpu: 0.031,
    maxcpu: node.cpus,
    mem: Math.min(node.memoryBytes, 3 * 1024 ** 3 + Math.round(guestMemory)),
    maxmem: node.memoryBytes,
    disk: 12 * 1024 ** 3,
    maxdisk: ROOT_DISK_BYTES,
    uptime: Math.floor((sim.clock.nowMs() - node.bootedAtMs) / 1000),
    level: '',
  };
}

export function storageStatus(sim: SimContext, node: string, spec: StorageSpec): { total: number; used: number; avail: number } {
  const used = sim.state.storages.usedBytes(node, spec.id);
  return { total: spec.capacityBytes, used, avail: Math.max(0, spec.capacityBytes - used) };
}
