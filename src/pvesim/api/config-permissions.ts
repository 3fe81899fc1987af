import type { HandlerContext } from '../context.js';
import { permissionError } from '../errors.js';
import { parseLxcProperty } from '../schema-bridge.js';
import { parseDiskRequest } from '../state/disks.js';
import { checkBridgeAccess } from './bridge-access.js';

const FEATURE_FLAGS = ['nesting', 'keyctl', 'fuse', 'mknod', 'force_rw_sys', 'mount'];

/** The privilege an option needs (LXC.pm check_ct_modify_config_perm). */
export function optionPrivilege(key: string): string {
  if (key === 'cores' || key === 'cpuunits' || key === 'cpulimit') return 'VM.Config.CPU';
  if (key === 'rootfs' || /^mp\d+$/.test(key) || /^unused\d+$/.test(key)) return 'VM.Config.Disk';
  if (key === 'memory' || key === 'swap') return 'VM.Config.Memory';
  if (/^net\d+$/.test(key) || key === 'hostname' || key === 'nameserver' || key === 'searchdomain') return 'VM.Config.Network';
  return 'VM.Config.Options';
}

function featureFlags(value: string | undefined): Record<string, string> {
  if (value === undefined || value === '') return {};
  const parsed = parseLxcProperty('features', value) as Record<string, unknown>;
  const flags: Record<string, string> = {};
  for (const flag of FEATURE_FLAGS) {
    const raw = parsed[flag];
    if (raw === undefined) continue;
    flags[flag] = typeof raw === 'boolean' ? (raw ? '1' : '0') : /^(1|on|yes|true)$/i.test(String(raw)) ? '1' : String(raw);
  }
  return flags;
}

/** Throws 403 unless the caller may change `features` from `before` to `after`. */
function checkFeatures(context: HandlerContext, vmid: number, before: string | undefined, after: string | undefined, unprivileged: boolean, pool: string | undefined): void {
  const old = featureFlags(before);
  const next = featureFlags(after);
  let nesting = false;
  let other = false;
  for (const flag of FEATURE_FLAGS) {
    if ((old[flag] ?? '0') === (next[flag] ?? '0')) continue;
    if (flag === 'nesting') nesting = true;
    else other = true;
  }
  if (!nesting && !other) return;
  const root = context.identity.authid === 'root@pam';
  if (!root && !unprivileged) throw permissionError('changing feature flags for privileged container is only allowed for root@pam');
  if (!root && other) throw permissionError('changing feature flags (except nesting) is only allowed for root@pam');
  if (nesting) context.sim.access.require(context.identity, `/vms/${vmid}`, ['VM.Allocate'], pool);
}

/** A changed or deleted netN: bridge access for the value it had and for the one it gets. */
function checkNetBridges(context: HandlerContext, key: string, before: string | undefined, after: string | undefined): void {
  if (before) checkBridgeAccess(context, key, before);
  if (after) checkBridgeAccess(context, key, after);
}

/**
 * Checks every option being set or deleted (create and PUT config alike): the option's
 * privilege on `/vms/<vmid>`, SDN.Use on the bridges of netN, and the root@pam-only rules of spec §2.4.
 */
export function checkOptionPermissions(
  context: HandlerContext,
  vmid: number,
  changes: Record<string, string>,
  deletes: string[],
  current: Record<string, string>,
  unprivileged: boolean,
  pool?: string,
): void {
  const { sim, identity } = context;
  const root = identity.authid === 'root@pam';
  for (const key of [...Object.keys(changes), ...deletes]) {
    if (key === 'features') {
      checkFeatures(context, vmid, current.features, changes.features, unprivileged, pool);
      continue;
    }
    if (!root && key === 'hookscript') throw permissionError('changing the hookscript is only allowed for root@pam');
    if (!root && /^dev\d+$/.test(key)) throw permissionError('configuring device passthrough is only allowed for root@pam');
    sim.access.require(identity, `/vms/${vmid}`, [optionPrivilege(key)], pool);
    const value = changes[key];
    if (/^net\d+$/.test(key)) checkNetBridges(context, key, current[key], value);
    if (value === undefined || !(key === 'rootfs' || /^mp\d+$/.test(key))) continue;
    const volume = String(parseLxcProperty(key, value).volume ?? '');
    const request = parseDiskRequest(volume, 'local');
    if (!root && request.kind === 'bind') throw permissionError('mount point type bind is only allowed for root@pam');
    if (!root && request.kind === 'device') throw permissionError('mount point type device is only allowed for root@pam');
  }
}
