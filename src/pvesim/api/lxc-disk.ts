import { booleanParam, stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError } from '../errors.js';
import type { Route } from '../http/router.js';
import { splitVolid } from '../state/disks.js';
import { markStopped } from '../state/guest-runtime.js';
import { formatDiskSize, GIB, StorageSpaceError } from '../state/storage.js';
import { propertyValue, withPropertyValue } from './config-values.js';
import { assertDigest, assertUnlocked, loadContainer, startGuestTask } from './lxc-common.js';
import { freeAllVolumes, referencedVolumes } from './volumes.js';

const vmPath = (params: Record<string, string>) => `/vms/${params.vmid}`;
const UNIT: Record<string, number> = { K: 1024, M: 1024 ** 2, G: GIB, T: 1024 ** 4 };

/** `+2G` grows by 2 GiB, `10G` sets 10 GiB, a bare number is bytes (spec §6.6). */
export function targetSize(current: number, size: string): number | undefined {
  const match = /^(\+)?(\d+(?:\.\d+)?)([KMGT])?$/.exec(size);
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[2]) * (UNIT[match[3] ?? ''] ?? 1));
  return match[1] ? current + bytes : bytes;
}

function resize(context: HandlerContext): HandlerResult {
  const { sim } = context;
  const container = loadContainer(context);
  const disk = String(context.params.disk);
  assertUnlocked(container);
  assertDigest(container, context.params.digest);
  const value = container.config[disk];
  if (value === undefined) throw handlerError(`disk '${disk}' does not exist`);
  const volid = splitVolid(propertyValue(disk, value, 'volume') ?? '');
  const volume = volid ? sim.state.storages.find(container.node, volid.storage, volid.volname) : undefined;
  if (!volid || !volume) throw handlerError(`Could not determine current size of volume '${propertyValue(disk, value, 'volume')}'`);
  sim.access.require(context.identity, `/storage/${volid.storage}`, ['Datastore.AllocateSpace']);
  const newSize = targetSize(volume.sizeBytes, String(context.params.size));
  if (newSize === undefined) throw handlerError(`unable to parse size '${context.params.size}'`);
  if (newSize < volume.sizeBytes) throw handlerError('unable to shrink disk size');
  if (newSize === volume.sizeBytes) throw handlerError('disk is already at specified size');
  const upid = startGuestTask(context, {
    type: 'resize',
    vmid: container.vmid,
    lock: true,
    finish: (task) => {
      const from = volume.sizeBytes;
      try {
        sim.state.storages.resize(container.node, volid.storage, volid.volname, newSize);
      } catch (error) {
        if (error instanceof StorageSpaceError) throw new Error(error.message);
        throw error;
      }
      task.log(`  Size of logical volume pve/${volid.volname} changed from ${(from / GIB).toFixed(2)} GiB to ${(newSize / GIB).toFixed(2)} GiB.`);
      task.log(`  Logical volume pve/${volid.volname} successfully resized.`);
      task.log(`resize2fs 1.47.2 (1-Jan-2025)`);
      container.config[disk] = withPropertyValue(disk, container.config[disk] ?? value, 'size', formatDiskSize(newSize));
    },
  });
  return { data: upid };
}

function destroy(context: HandlerContext): HandlerResult {
  const { sim, params } = context;
  const container = loadContainer(context);
  const vmid = container.vmid;
  if (container.config.protection === '1') throw handlerError(`can't remove CT ${vmid} - protection mode enabled`);
  assertUnlocked(container);
  const force = booleanParam(params, 'force');
  if (container.runtime.status === 'running' && !force) throw handlerError(`unable to destroy CT ${vmid} - container is running`);
  const upid = startGuestTask(context, {
    type: 'vzdestroy',
    vmid,
    lock: true,
    prepare: (task) => {
      if (container.runtime.status === 'running') {
        task.log(`forced to stop CT ${vmid} before destroying!`);
        markStopped(sim.state, container);
      }
      const volumes = referencedVolumes(container);
      container.config = { lock: 'destroyed', ...Object.fromEntries([...volumes].map((volume, index) => [`unused${index}`, volume])) };
      container.pending = {};
      container.pendingDelete = {};
    },
    finish: (task) => {
      for (const volname of freeAllVolumes(sim, container, (line) => task.warn(line))) task.log(`  Logical volume "${volname}" successfully removed.`);
      if (booleanParam(params, 'destroy-unreferenced-disks')) {
        for (const volume of sim.state.storages.volumesOf(container.node, vmid)) {
          if (volume.content !== 'rootdir' || sim.state.storages.linkedClonesOf(container.node, volume.storage, volume.volname).length > 0) continue;
          sim.state.storages.free(container.node, volume.storage, volume.volname);
          task.log(`  Logical volume "${volume.volname}" successfully removed.`);
        }
      }
      for (const acl of sim.access.acls.filter((entry) => entry.path === `/vms/${vmid}`)) sim.access.removeAcl(acl);
      for (const members of sim.state.pools.values()) members.delete(vmid);
      if (sim.state.containers.get(vmid) === container) sim.state.containers.delete(vmid);
    },
  });
  return { data: upid };
}

export const lxcDiskRoutes: Route[] = [
  { method: 'PUT', template: '/nodes/{node}/lxc/{vmid}/resize', handler: resize, permission: { path: vmPath, privileges: ['VM.Config.Disk'] } },
  { method: 'DELETE', template: '/nodes/{node}/lxc/{vmid}', handler: destroy, permission: { path: vmPath, privileges: ['VM.Allocate'] } },
];

export { stringParam };
