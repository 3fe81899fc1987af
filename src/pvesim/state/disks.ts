import { GIB } from './storage.js';

/** What the volume part of a `rootfs`/`mpN` value asks for (LXC.pm create_disks). */
export type DiskRequest =
  | { kind: 'allocate'; storage: string; sizeBytes: number }
  | { kind: 'volume'; storage: string; volname: string }
  | { kind: 'bind'; path: string }
  | { kind: 'device'; path: string };

/**
 * `local-lvm:8` allocates 8 GiB; a bare `8` uses the default storage; `/dev/...` is a device
 * mount, another absolute path a bind mount; `storage:name` an existing volume.
 */
export function parseDiskRequest(volume: string, defaultStorage: string): DiskRequest {
  if (/^\d+(\.\d+)?$/.test(volume)) return { kind: 'allocate', storage: defaultStorage, sizeBytes: Math.round(Number(volume) * GIB) };
  const allocate = /^([^:\s]+):(\d+(\.\d+)?)$/.exec(volume);
  if (allocate) return { kind: 'allocate', storage: allocate[1]!, sizeBytes: Math.round(Number(allocate[2]) * GIB) };
  if (volume.startsWith('/dev/')) return { kind: 'device', path: volume };
  if (volume.startsWith('/')) return { kind: 'bind', path: volume };
  const colon = volume.indexOf(':');
  return { kind: 'volume', storage: volume.slice(0, colon), volname: volume.slice(colon + 1) };
}

/** `local-lvm:vm-101-disk-0` → storage and volname. */
export function splitVolid(volid: string): { storage: string; volname: string } | undefined {
  const colon = volid.indexOf(':');
  if (colon <= 0 || volid.startsWith('/')) return undefined;
  return { storage: volid.slice(0, colon), volname: volid.slice(colon + 1) };
}
