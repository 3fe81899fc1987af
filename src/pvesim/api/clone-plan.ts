import type { HandlerContext } from '../context.js';
import { handlerError } from '../errors.js';
import { SeededStream } from '../random.js';
import type { Container } from '../state/container.js';
import { volumeHasFeature } from '../state/volume-features.js';
import { checkBridgeAccess } from './bridge-access.js';
import { randomMac, withPropertyValue } from './config-values.js';
import { mountPoints, mountType, type MountPoint } from './mount-points.js';

export interface CloneRequest {
  source: Container;
  newid: number;
  /** Undefined: a full copy of a normal CT, a linked clone of a template (clone_vm's default). */
  full: boolean | undefined;
  storage?: string;
  target?: string;
  snapname?: string;
  hostname?: string;
  description?: string;
}

/** What the `vzclone` worker will do: the new config and the disks to copy or link. */
export interface ClonePlan {
  config: Record<string, string>;
  disks: Array<{ point: MountPoint; full: boolean }>;
}

/** Checks one disk of the source as clone_vm does and says whether it is on shared storage. */
function checkDisk(context: HandlerContext, request: CloneRequest, point: MountPoint, full: boolean, running: boolean): boolean {
  if (mountType(point) !== 'volume' || !point.storage || point.volname === undefined) {
    throw handlerError(`unable to clone mountpoint '${point.key}' (type ${mountType(point)})`);
  }
  const sid = request.storage ?? point.storage.id;
  const shared = context.sim.state.storages.spec(sid)?.shared ?? false;
  context.sim.access.require(context.identity, `/storage/${sid}`, ['Datastore.AllocateSpace']);
  if (full) {
    if (running && request.snapname === undefined) throw handlerError('Full clone of a running container is only possible from a snapshot');
    return shared;
  }
  const linkable = volumeHasFeature({ storageType: point.storage.type, volname: point.volname, feature: 'clone', snapshot: request.snapname, containerTargetsOnly: true });
  if (!linkable) throw handlerError(`Linked clone feature for '${point.volume}' is not available`);
  return shared;
}

/**
 * The synchronous part of clone_vm after both configs are locked: every check that fails the
 * request itself, and the new config (fresh MACs, no template flag, `lock: create`).
 */
export function planClone(context: HandlerContext, request: CloneRequest): ClonePlan {
  const { sim } = context;
  const source = request.source;
  const running = source.runtime.status === 'running';
  const full = request.full ?? source.config.template !== '1';
  if (request.storage !== undefined && !full) throw handlerError("parameter 'storage' not allowed for linked clones");
  if (request.snapname !== undefined) throw handlerError(`snapshot '${request.snapname}' does not exist`);
  const random = new SeededStream(sim.faults.seed, `clone-mac:${request.newid}:${sim.clock.nowMs()}`);
  const config: Record<string, string> = {};
  const disks: ClonePlan['disks'] = [];
  let sharedOnly = true;
  const points = new Map(mountPoints(sim, source.config).map((point) => [point.key, point]));
  for (const key of Object.keys(source.config).sort()) {
    const value = source.config[key]!;
    if (/^unused\d+$/.test(key)) continue;
    const point = points.get(key);
    if (point) {
      if (!checkDisk(context, request, point, full, running)) sharedOnly = false;
      disks.push({ point, full });
      config[key] = value;
    } else if (/^net\d+$/.test(key)) {
      config[key] = withPropertyValue(key, value, 'hwaddr', randomMac(sim.state.datacenter.macPrefix, random));
      checkBridgeAccess(context, key, value);
    } else {
      config[key] = value;
    }
  }
  if (request.target !== undefined && !sharedOnly) throw handlerError(`can't clone CT to node '${request.target}' (CT uses local storage)`);
  config.lock = 'create';
  delete config.template;
  if (request.hostname) config.hostname = request.hostname;
  if (request.description) config.description = request.description;
  return { config, disks };
}
