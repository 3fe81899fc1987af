import type { HandlerContext, SimContext } from '../context.js';
import { handlerError } from '../errors.js';
import type { Container } from '../state/container.js';
import { parseDiskRequest, splitVolid } from '../state/disks.js';
import { formatDiskSize, StorageSpaceError } from '../state/storage.js';
import { propertyValue, withPropertyValue } from './config-values.js';

const VOLUME_KEY = /^(rootfs|mp\d+|unused\d+)$/;

function volumeOf(key: string, value: string): string {
  return /^unused\d+$/.test(key) ? value : (propertyValue(key, value, 'volume') ?? '');
}

/** Every storage volume the config or its pending section refers to. */
export function referencedVolumes(container: Container): Set<string> {
  const volumes = new Set<string>();
  for (const section of [container.config, container.pending]) {
    for (const [key, value] of Object.entries(section)) {
      if (!VOLUME_KEY.test(key)) continue;
      const volume = volumeOf(key, value);
      if (splitVolid(volume)) volumes.add(volume);
    }
  }
  return volumes;
}

/** Frees volumes that a config change dropped (a deleted `unusedN`). */
export function freeUnreferencedVolumes(sim: SimContext, container: Container, before: Set<string>): void {
  const after = referencedVolumes(container);
  for (const volume of before) {
    if (after.has(volume)) continue;
    const volid = splitVolid(volume);
    if (volid) sim.state.storages.free(container.node, volid.storage, volid.volname);
  }
}

/** `mpN=local-lvm:10,mp=/data` in a PUT allocates the volume at once, as PVE's create_disks does. */
export function allocateNewMountPoints(context: HandlerContext, container: Container, changes: Record<string, string>): void {
  const { sim, identity } = context;
  for (const [key, value] of Object.entries(changes)) {
    if (!(key === 'rootfs' || /^mp\d+$/.test(key))) continue;
    const request = parseDiskRequest(propertyValue(key, value, 'volume') ?? '', 'local');
    if (request.kind !== 'allocate') continue;
    const spec = sim.state.storages.spec(request.storage);
    if (!spec) throw handlerError(`storage '${request.storage}' does not exist`);
    if (!spec.content.includes('rootdir')) throw handlerError(`storage '${request.storage}' does not allow content type 'rootdir' (Container)`);
    sim.access.require(identity, `/storage/${request.storage}`, ['Datastore.AllocateSpace']);
    try {
      const volume = sim.state.storages.allocateDisk(container.node, request.storage, container.vmid, request.sizeBytes, sim.clock.nowSeconds());
      const withVolume = withPropertyValue(key, value, 'volume', `${request.storage}:${volume.volname}`);
      changes[key] = withPropertyValue(key, withVolume, 'size', formatDiskSize(request.sizeBytes));
    } catch (error) {
      if (error instanceof StorageSpaceError) throw handlerError(error.message);
      throw error;
    }
  }
}

/**
 * Frees every volume of a container being destroyed (config, pending, unused). A base volume
 * that linked clones still use stays, with PVE's warning (vdisk_free dies, destroy warns).
 */
export function freeAllVolumes(sim: SimContext, container: Container, warn: (line: string) => void = () => {}): string[] {
  const freed: string[] = [];
  for (const volume of referencedVolumes(container)) {
    const volid = splitVolid(volume);
    if (!volid) continue;
    if (sim.state.storages.linkedClonesOf(container.node, volid.storage, volid.volname).length > 0) {
      warn(`base volume '${volid.volname}' is still in use by linked clones`);
      continue;
    }
    sim.state.storages.free(container.node, volid.storage, volid.volname);
    freed.push(volid.volname);
  }
  return freed;
}
