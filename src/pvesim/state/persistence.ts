import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AclEntry } from '../auth/permissions.js';
import type { SimContext } from '../context.js';
import type { TaskRecord } from '../tasks/task-manager.js';
import type { DatacenterOptions } from './cluster.js';
import type { Container } from './container.js';
import type { StorageSpec, Volume } from './storage.js';

/** What `--state-dir` keeps between runs. Running tasks are not kept: a restart ends them. */
interface SavedState {
  format: 1;
  datacenter: DatacenterOptions;
  storages: StorageSpec[];
  containers: Container[];
  volumes: Array<{ node: string; volume: Volume }>;
  acls: AclEntry[];
  tasks: TaskRecord[];
  pools?: Array<[string, number[]]>;
}

const FILE = 'pvesim-state.json';

export function saveState(directory: string, sim: SimContext): void {
  mkdirSync(directory, { recursive: true });
  const state: SavedState = {
    format: 1,
    datacenter: sim.state.datacenter,
    storages: sim.state.storages.all(),
    containers: [...sim.state.containers.values()],
    volumes: sim.state.storages.exportVolumes(),
    acls: sim.access.acls,
    tasks: sim.tasks.all().filter((task) => task.status === 'stopped'),
    pools: [...sim.state.pools].map(([pool, members]) => [pool, [...members]]),
  };
  const target = join(directory, FILE);
  writeFileSync(`${target}.tmp`, JSON.stringify(state));
  renameSync(`${target}.tmp`, target);
}

/** Loads saved state into a fresh simulator; returns false when there is none. */
export function loadState(directory: string, sim: SimContext): boolean {
  let text: string;
  try {
    text = readFileSync(join(directory, FILE), 'utf8');
  } catch {
    return false;
  }
  const saved = JSON.parse(text) as SavedState;
  sim.state.datacenter = saved.datacenter;
  for (const spec of saved.storages) sim.state.storages.addStorage(spec);
  sim.state.storages.clearVolumes();
  for (const { node, volume } of saved.volumes) sim.state.storages.put(node, volume);
  for (const container of saved.containers) {
    if (!sim.state.nodes.has(container.node)) continue;
    // A container that was running when the simulator stopped comes back running, with new leases.
    if (container.config.lock === 'create' || container.config.lock === 'destroyed') continue;
    sim.state.containers.set(container.vmid, container);
    for (const lease of Object.values(container.runtime.leases)) {
      const [bridge = '', address = ''] = lease.split('|');
      sim.state.claimAddress(bridge, address);
    }
  }
  for (const acl of saved.acls) sim.access.setAcl(acl);
  for (const [pool, members] of saved.pools ?? []) sim.state.pools.set(pool, new Set(members));
  for (const task of saved.tasks) sim.tasks.restore(task);
  return true;
}

/** Saves at most every `delayMs` after a change, and once more on `flush`. */
export class DebouncedSaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly save: () => void,
    private readonly delayMs = 250,
  ) {}

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }
}
