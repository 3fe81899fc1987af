import type { ContainerConfigState } from './container.js';
import { isMountPointKey, isNetworkKey } from './config-types.js';

/** Options applied straight to the active config even while running ($LXC_FASTPLUG_OPTIONS). */
const FASTPLUG = new Set(['description', 'onboot', 'startup', 'protection', 'hostname', 'hookscript', 'cores', 'tags', 'lock']);
/** Options a running container takes through cgroups. */
const CGROUP_HOTPLUG = new Set(['cpulimit', 'cpuunits', 'memory', 'swap']);

/** Writes the requested changes into the pending section, as PUT config's first step does. */
export function stageChanges(state: ContainerConfigState, changes: Record<string, string>, deletes: Array<{ key: string; force: boolean }>): ContainerConfigState {
  const pending = { ...state.pending };
  const pendingDelete = { ...state.pendingDelete };
  for (const [key, value] of Object.entries(changes)) {
    pending[key] = value;
    delete pendingDelete[key];
  }
  for (const { key, force } of deletes) {
    delete pending[key];
    if (state.config[key] !== undefined) pendingDelete[key] = force;
  }
  return { config: { ...state.config }, pending, pendingDelete };
}

/** Which pending entries a running container takes at once (vmconfig_hotplug_pending). */
function hotpluggable(state: ContainerConfigState, key: string, deleting: boolean): boolean {
  if (FASTPLUG.has(key) || CGROUP_HOTPLUG.has(key) || isNetworkKey(key)) return true;
  if (deleting) return /^unused\d+$/.test(key);
  if (isMountPointKey(key) || /^dev\d+$/.test(key)) return state.config[key] === undefined;
  return false;
}

/** Applies what can be applied while running; the rest stays pending until the next start. */
export function applyHotplug(state: ContainerConfigState): ContainerConfigState {
  return applyWhere(state, (key, deleting) => hotpluggable(state, key, deleting));
}

/** Applies every pending change, as a start, stop or reboot does. */
export function applyAllPending(state: ContainerConfigState): ContainerConfigState {
  return applyWhere(state, () => true);
}

/**
 * Deleting a mount point keeps its volume as the first free `unusedN`, so no data is lost by a
 * config change (PVE's vmconfig_apply_pending / add_unused_volume).
 */
function applyWhere(state: ContainerConfigState, take: (key: string, deleting: boolean) => boolean): ContainerConfigState {
  const config = { ...state.config };
  const pending: Record<string, string> = {};
  const pendingDelete: Record<string, boolean> = {};
  for (const [key, force] of Object.entries(state.pendingDelete)) {
    if (!take(key, true)) {
      pendingDelete[key] = force;
      continue;
    }
    const value = config[key];
    delete config[key];
    if (isMountPointKey(key) && value !== undefined) addUnused(config, value.split(',')[0]!);
  }
  for (const [key, value] of Object.entries(state.pending)) {
    if (!take(key, false)) {
      pending[key] = value;
      continue;
    }
    const previous = config[key];
    config[key] = value;
    if (isMountPointKey(key) && previous !== undefined) {
      const oldVolume = previous.split(',')[0]!;
      if (oldVolume !== value.split(',')[0]) addUnused(config, oldVolume);
    }
  }
  return { config, pending, pendingDelete };
}

function addUnused(config: Record<string, string>, volume: string): void {
  if (volume.startsWith('/')) return;
  let index = 0;
  while (config[`unused${index}`] !== undefined) index++;
  config[`unused${index}`] = volume;
}

/** `GET .../config`: active values with pending ones merged in, unless `current` (spec §6.5). */
export function effectiveConfig(state: ContainerConfigState, current: boolean): Record<string, string> {
  if (current) return { ...state.config };
  const merged = { ...state.config, ...state.pending };
  for (const key of Object.keys(state.pendingDelete)) delete merged[key];
  return merged;
}
