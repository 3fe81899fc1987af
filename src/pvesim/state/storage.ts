/**
 * Storages and the volumes on them. Local storages keep volumes per node; shared ones keep them
 * once for the cluster. Capacity is enforced at allocation, so a full `local-lvm` fails a create
 * the way a full volume group does.
 */
export interface StorageSpec {
  id: string;
  /** PVE plugin type: `dir` stores files (templates, raw images), `lvmthin` stores volumes. */
  type: 'dir' | 'lvmthin';
  content: string[];
  shared: boolean;
  capacityBytes: number;
  enabled: boolean;
}

export interface Volume {
  storage: string;
  /** `vm-101-disk-0`, `101/vm-101-disk-0.raw` or `vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`. */
  volname: string;
  content: 'rootdir' | 'vztmpl';
  sizeBytes: number;
  ctime: number;
  vmid?: number;
  /** A linked clone's base volume (thin snapshot): it takes no pool space until written to. */
  linkedBase?: string;
}

export const GIB = 1024 ** 3;

export class StorageSpaceError extends Error {}

export class Storages {
  private readonly specs = new Map<string, StorageSpec>();
  /** Volumes by location (`node` or `''` for shared storage), storage and volname. */
  private readonly volumes = new Map<string, Map<string, Volume>>();

  constructor(specs: StorageSpec[]) {
    for (const spec of specs) this.specs.set(spec.id, spec);
  }

  spec(id: string): StorageSpec | undefined {
    return this.specs.get(id);
  }

  all(): StorageSpec[] {
    return [...this.specs.values()];
  }

  addStorage(spec: StorageSpec): void {
    this.specs.set(spec.id, spec);
  }

  private bucket(node: string, storage: string): Map<string, Volume> {
    const key = `${this.specs.get(storage)?.shared ? '' : node}\u0000${storage}`;
    let bucket = this.volumes.get(key);
    if (!bucket) this.volumes.set(key, (bucket = new Map()));
    return bucket;
  }

  list(node: string, storage: string): Volume[] {
    return [...this.bucket(node, storage).values()];
  }

  find(node: string, storage: string, volname: string): Volume | undefined {
    return this.bucket(node, storage).get(volname);
  }

  usedBytes(node: string, storage: string): number {
    let used = 0;
    for (const volume of this.bucket(node, storage).values()) if (volume.linkedBase === undefined) used += volume.sizeBytes;
    return used;
  }

  /** Adds a volume that already exists (a template, a restored disk). */
  put(node: string, volume: Volume): void {
    this.bucket(node, volume.storage).set(volume.volname, volume);
  }

  /** Allocates a new disk for `vmid`, named as PVE names it, or throws StorageSpaceError. */
  allocateDisk(node: string, storage: string, vmid: number, sizeBytes: number, nowSeconds: number): Volume {
    const spec = this.specs.get(storage);
    if (!spec) throw new Error(`storage '${storage}' does not exist`);
    const bucket = this.bucket(node, storage);
    let index = 0;
    while (bucket.has(diskName(spec, vmid, index))) index++;
    const volname = diskName(spec, vmid, index);
    const free = spec.capacityBytes - this.usedBytes(node, storage);
    if (sizeBytes > free) {
      throw new StorageSpaceError(
        spec.type === 'lvmthin'
          ? `lvcreate 'pve/${volname}' error:   Volume group "pve" has insufficient free space (${Math.floor(free / 4194304)} extents): ${Math.ceil(sizeBytes / 4194304)} required.`
          : `unable to create image: No space left on device`,
      );
    }
    const volume: Volume = { storage, volname, content: 'rootdir', sizeBytes, ctime: nowSeconds, vmid };
    bucket.set(volname, volume);
    return volume;
  }

  /** Grows a disk; throws StorageSpaceError when the storage cannot hold the difference. */
  resize(node: string, storage: string, volname: string, sizeBytes: number): void {
    const volume = this.find(node, storage, volname);
    const spec = this.specs.get(storage);
    if (!volume || !spec) throw new Error(`volume '${storage}:${volname}' does not exist`);
    const free = spec.capacityBytes - this.usedBytes(node, storage);
    if (sizeBytes - volume.sizeBytes > free) {
      throw new StorageSpaceError(`Insufficient free space in volume group "pve" to extend '${volname}'`);
    }
    volume.sizeBytes = sizeBytes;
  }

  /**
   * Turns `vm-<id>-disk-N` into the read-only base `base-<id>-disk-N` (create_base,
   * vdisk_create_base); returns the new volname.
   */
  createBase(node: string, storage: string, volname: string): string {
    const bucket = this.bucket(node, storage);
    const volume = bucket.get(volname);
    if (!volume) throw new Error(`volume '${storage}:${volname}' does not exist`);
    const base = volname.replace(/(^|\/)vm-/, '$1base-');
    bucket.delete(volname);
    bucket.set(base, { ...volume, volname: base });
    return base;
  }

  /** A thin snapshot of a base volume as a new disk of `vmid` (LvmThinPlugin clone_image). */
  cloneLinked(node: string, storage: string, baseVolname: string, vmid: number, nowSeconds: number): Volume {
    const spec = this.specs.get(storage);
    const base = this.find(node, storage, baseVolname);
    if (!spec || !base) throw new Error(`volume '${storage}:${baseVolname}' does not exist`);
    const bucket = this.bucket(node, storage);
    let index = 0;
    while (bucket.has(diskName(spec, vmid, index))) index++;
    const volume: Volume = { storage, volname: diskName(spec, vmid, index), content: 'rootdir', sizeBytes: base.sizeBytes, ctime: nowSeconds, vmid, linkedBase: baseVolname };
    bucket.set(volume.volname, volume);
    return volume;
  }

  /** Linked clones that still use `baseVolname` (vdisk_free refuses to remove such a base). */
  linkedClonesOf(node: string, storage: string, baseVolname: string): Volume[] {
    return [...this.bucket(node, storage).values()].filter((volume) => volume.linkedBase === baseVolname);
  }

  /**
   * Copies a local volume to `toNode` (storage_migrate) and drops the source; a linked clone
   * becomes a full volume there. Throws StorageSpaceError when the target cannot hold it.
   */
  migrate(fromNode: string, toNode: string, storage: string, volname: string): void {
    const spec = this.specs.get(storage);
    const volume = this.find(fromNode, storage, volname);
    if (!spec || !volume) throw new Error(`volume '${storage}:${volname}' does not exist`);
    if (spec.shared) return;
    const free = spec.capacityBytes - this.usedBytes(toNode, storage);
    if (volume.sizeBytes > free) {
      throw new StorageSpaceError(`lvcreate 'pve/${volname}' error:   Volume group "pve" has insufficient free space (${Math.floor(free / 4194304)} extents): ${Math.ceil(volume.sizeBytes / 4194304)} required.`);
    }
    const moved: Volume = { ...volume };
    delete moved.linkedBase;
    this.bucket(toNode, storage).set(volname, moved);
    this.bucket(fromNode, storage).delete(volname);
  }

  free(node: string, storage: string, volname: string): void {
    this.bucket(node, storage).delete(volname);
  }

  /** Every volume with the node it lives on (`''` for shared storage), for saving state. */
  exportVolumes(): Array<{ node: string; volume: Volume }> {
    const all: Array<{ node: string; volume: Volume }> = [];
    for (const [key, bucket] of this.volumes) {
      const node = key.split('\u0000')[0] ?? '';
      for (const volume of bucket.values()) all.push({ node, volume: { ...volume } });
    }
    return all;
  }

  clearVolumes(): void {
    this.volumes.clear();
  }

  /** Every volume named for `vmid` on `node`'s storages (destroy-unreferenced-disks). */
  volumesOf(node: string, vmid: number): Volume[] {
    const found: Volume[] = [];
    for (const spec of this.specs.values()) {
      for (const volume of this.bucket(node, spec.id).values()) if (volume.vmid === vmid) found.push(volume);
    }
    return found;
  }
}

function diskName(spec: StorageSpec, vmid: number, index: number): string {
  return spec.type === 'dir' ? `${vmid}/vm-${vmid}-disk-${index}.raw` : `vm-${vmid}-disk-${index}`;
}

/** `format_size` of PVE: whole GiB as `8G`, else whole MiB `8704M`, else K. */
export function formatDiskSize(bytes: number): string {
  if (bytes % GIB === 0) return `${bytes / GIB}G`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}M`;
  if (bytes % 1024 === 0) return `${bytes / 1024}K`;
  return `${bytes}`;
}

/** Parses a `size=` value of a disk property (`8G`, `512M`, a bare number is bytes... in config it always has a unit). */
export function parseDiskSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(text);
  if (!match) return undefined;
  const unit = { K: 1024, M: 1024 ** 2, G: GIB, T: 1024 ** 4 }[match[2] ?? ''] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

export const DEFAULT_TEMPLATES = [
  { file: 'debian-12-standard_12.7-1_amd64.tar.zst', sizeBytes: 126_123_456 },
  { file: 'debian-13-standard_13.1-2_amd64.tar.zst', sizeBytes: 131_456_789 },
  { file: 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst', sizeBytes: 141_234_567 },
  { file: 'alpine-3.22-default_20250617_amd64.tar.xz', sizeBytes: 3_145_728 },
];

/** `tzst`, `txz`, `tgz`, `tbz2` or `tar`, as PVE's get_subdir_files reports a template's format. */
export function templateFormat(file: string): string {
  const match = /\.tar(?:\.(gz|xz|zst|bz2))?$/.exec(file);
  if (!match) return 'raw';
  return match[1] === undefined ? 'tar' : `t${match[1]}`;
}
