import type { SimContext } from '../context.js';
import { splitVolid } from '../state/disks.js';
import type { StorageSpec } from '../state/storage.js';
import { propertyValue } from './config-values.js';

/** One `rootfs`/`mpN` of a config, as foreach_volume hands it out. */
export interface MountPoint {
  key: string;
  /** The whole property string. */
  value: string;
  /** The `volume` part: `local-lvm:vm-101-disk-0`, or a path for bind and device mounts. */
  volume: string;
  /** Set for storage volumes; undefined for bind and device mounts. */
  storage?: StorageSpec;
  volname?: string;
}

/** `rootfs` first, then `mp0`, `mp1`, … in numeric order (foreach_volume's order). */
export function mountPoints(sim: SimContext, config: Record<string, string>): MountPoint[] {
  const keys = Object.keys(config).filter((key) => key === 'rootfs' || /^mp\d+$/.test(key));
  keys.sort((a, b) => (a === 'rootfs' ? -1 : b === 'rootfs' ? 1 : Number(a.slice(2)) - Number(b.slice(2))));
  return keys.map((key) => {
    const value = config[key]!;
    const volume = propertyValue(key, value, 'volume') ?? '';
    const volid = volume.startsWith('/') ? undefined : splitVolid(volume);
    const storage = volid ? sim.state.storages.spec(volid.storage) : undefined;
    return { key, value, volume, ...(storage && volid ? { storage, volname: volid.volname } : {}) };
  });
}

/** `bind` for a host path, `device` for `/dev/…` (the mount point's `type`). */
export function mountType(point: MountPoint): 'volume' | 'bind' | 'device' {
  if (!point.volume.startsWith('/')) return 'volume';
  return point.volume.startsWith('/dev/') ? 'device' : 'bind';
}
