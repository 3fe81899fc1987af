/**
 * Which storage features a volume offers (the plugins' volume_has_feature): LVM-thin snapshots
 * and clones thin volumes; a directory storage holds raw files, which it can copy and turn into
 * a base image, but neither snapshot nor clone as a container disk.
 */
export type VolumeFeature = 'snapshot' | 'clone' | 'copy' | 'template';

type FeatureTable = Record<VolumeFeature, { current?: boolean; base?: boolean; snap?: boolean }>;

const LVMTHIN: FeatureTable = {
  snapshot: { current: true },
  clone: { base: true, snap: true },
  copy: { base: true, current: true, snap: true },
  template: { current: true },
};

/** Raw files only; `clone` of a raw base would produce qcow2, which a container cannot use. */
const DIR_RAW: FeatureTable = {
  snapshot: {},
  clone: { base: true },
  copy: { base: true, current: true },
  template: { current: true },
};

/** `base-101-disk-0` or `101/base-101-disk-0.raw`. */
export function isBaseVolume(volname: string): boolean {
  return /(^|\/)base-\d+-disk-\d+/.test(volname);
}

export interface FeatureQuery {
  storageType: 'dir' | 'lvmthin';
  volname: string;
  feature: VolumeFeature;
  snapshot?: string;
  /** clone_vm only accepts clones it can mount: raw or subvol (`valid_target_formats`). */
  containerTargetsOnly?: boolean;
}

export function volumeHasFeature(query: FeatureQuery): boolean {
  const table = query.storageType === 'lvmthin' ? LVMTHIN : DIR_RAW;
  const state = query.snapshot !== undefined ? 'snap' : isBaseVolume(query.volname) ? 'base' : 'current';
  if (query.storageType === 'dir' && query.feature === 'clone' && query.containerTargetsOnly) return false;
  return table[query.feature][state] === true;
}
