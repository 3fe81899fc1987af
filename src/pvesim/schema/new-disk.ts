/**
 * The `STORAGE:SIZE_GiB` syntax of rootfs/mpN at create (and for a new mpN in an update):
 * `local-lvm:8` means "allocate 8 GiB on local-lvm" (pve-container LXC.pm $NEW_DISK_RE and
 * create_disks). After allocation PVE stores the new volume with its size:
 * `rootfs: local-lvm:vm-101-disk-0,size=8G`.
 */
import { formatLxcProperty, parseLxcProperty } from './lxc-property.js';

export interface NewDiskRequest {
  readonly storage: string;
  /** The size as given, in GiB (decimals allowed). */
  readonly sizeGiB: number;
  /** What PVE allocates: whole KiB of the GiB amount (`int(size_gb * 1024) * 1024` KiB). */
  readonly sizeBytes: number;
}

const NEW_DISK = /^([^:\s]+):(\d+(?:\.\d+)?)\n?$/;
const BARE_SIZE = /^\d+(\.\d+)?$/;

/**
 * Create allows a bare size (`rootfs=8`), meaning the `storage` parameter (default `local`):
 * PVE rewrites it to `<storage>:8` before anything else.
 */
export function withDefaultStorage(value: string, defaultStorage: string): string {
  return BARE_SIZE.test(value) ? `${defaultStorage}:${value}` : value;
}

/** The allocation a volume asks for, or undefined when it names an existing volume or a path. */
export function parseNewDiskRequest(volume: string): NewDiskRequest | undefined {
  const match = NEW_DISK.exec(volume);
  if (match === null) return undefined;
  const sizeGiB = Number(match[2]);
  const sizeKiB = Math.trunc(sizeGiB * 1024) * 1024;
  return { storage: match[1] ?? '', sizeGiB, sizeBytes: sizeKiB * 1024 };
}

/** How a storage names a container volume (PVE's vdisk_alloc per storage type). */
export type VolumeLayout = 'block' | 'file' | 'subvol';

/**
 * `vm-101-disk-0` on LVM-thin, LVM, RBD; `101/vm-101-disk-0.raw` on directory-like storages;
 * `subvol-101-disk-0` on ZFS (and for size 0 on a directory storage).
 */
export function containerVolumeId(storage: string, vmid: number, diskIndex: number, layout: VolumeLayout): string {
  const name = `disk-${diskIndex}`;
  if (layout === 'file') return `${storage}:${vmid}/vm-${vmid}-${name}.raw`;
  if (layout === 'subvol') return `${storage}:subvol-${vmid}-${name}`;
  return `${storage}:vm-${vmid}-${name}`;
}

/**
 * The stored value after allocating a requested disk: the volume replaced by the new volume
 * ID, `size` set, every other option kept (`local-lvm:8,mountoptions=noatime` →
 * `local-lvm:vm-101-disk-0,mountoptions=noatime,size=8G`).
 */
export function allocatedMountPoint(key: string, value: string, volumeId: string, sizeBytes: number): string {
  const parsed = parseLxcProperty(key, value);
  return formatLxcProperty(key, { ...parsed, volume: volumeId, size: String(sizeBytes) });
}
