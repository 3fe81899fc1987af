import type { SimContext } from './context.js';
import { lockTimeoutMessage } from './errors.js';
import { normalizeLxcProperty } from './schema-bridge.js';
import { applyAllPending, applyHotplug, stageChanges } from './state/pending.js';
import type { GuestAccess } from './ssh/types.js';

/**
 * What `pct` on one node may see and do: the containers whose config is on that node, and
 * `pct set --features`, which runs as root@pam and so may set any feature flag (spec §2.4).
 */
export function guestAccessFor(sim: SimContext, node: string): GuestAccess {
  return {
    lookup(vmid) {
      const container = sim.state.containers.get(vmid);
      if (!container || container.node !== node) return undefined;
      const found: { status: 'running' | 'stopped'; hostname: string; locked?: string } = {
        status: container.runtime.status,
        hostname: container.config.hostname ?? `CT${vmid}`,
      };
      if (container.config.lock !== undefined) found.locked = container.config.lock;
      return found;
    },
    setFeatures(vmid, features, asUser) {
      const container = sim.state.containers.get(vmid);
      if (!container || container.node !== node) {
        return { ok: false, message: `Configuration file 'nodes/${node}/lxc/${vmid}.conf' does not exist` };
      }
      if (asUser !== 'root@pam' && asUser !== 'root') return { ok: false, message: 'Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)' };
      if (container.config.lock !== undefined) return { ok: false, message: `CT is locked (${container.config.lock})` };
      if (sim.locks.isHeld(vmid)) return { ok: false, message: lockTimeoutMessage(vmid) };
      let value: string;
      try {
        value = normalizeLxcProperty('features', features);
      } catch (error) {
        return { ok: false, message: `400 Parameter verification failed.\nfeatures: ${error instanceof Error ? error.message : String(error)}` };
      }
      // features is never hot-pluggable: pending while running, applied when stopped.
      const staged = stageChanges(container, { features: value }, []);
      const applied = container.runtime.status === 'running' ? applyHotplug(staged) : applyAllPending(staged);
      container.config = applied.config;
      container.pending = applied.pending;
      container.pendingDelete = applied.pendingDelete;
      sim.changed();
      return { ok: true };
    },
  };
}
