import { z } from 'zod';
import { cannotShrink, celRules, patterned, quantity, withRules } from './fields.js';
import * as patterns from './patterns.js';

/** Root filesystem and mount points of a Container (Proxmox `rootfs`, `mp0`…`mp255`). */

export const MountOptionSchema = z.enum(['discard', 'lazytime', 'noatime', 'nodev', 'noexec', 'nosuid']);

const mountOptions = z
  .array(MountOptionSchema.describe('One mount option.'))
  .max(6)
  .meta({ 'x-kubernetes-list-type': 'set' })
  .optional()
  .describe('Mount options: discard, lazytime, noatime, nodev, noexec, nosuid.');

const volumeFlags = {
  acl: z.boolean().optional().describe('Enable POSIX ACLs (default: as the storage decides).'),
  quota: z.boolean().optional().describe('Enable user quotas inside the container (privileged containers only).'),
  replicate: z.boolean().optional().describe('Include the volume in storage replication jobs. Default true.'),
};

export const MINIMUM_DISK_SIZE = '1Gi';

export const RootFilesystemSchema = z
  .object({
    storage: patterned(patterns.STORAGE_ID, 64)
      .optional()
      .describe("Storage for the root volume. Defaults to the node's containerDefaults.storage. Changing it moves the volume."),
    size: withRules(
      quantity({ field: 'rootFS.size', minimum: MINIMUM_DISK_SIZE }),
      cannotShrink('rootFS.size'),
    )
      .default('8Gi')
      .describe('Size of the root volume (a quantity, at least 1Gi). It may grow, never shrink.'),
    mountOptions,
    ...volumeFlags,
  })
  .describe('Root filesystem (Proxmox rootfs).');

export const MountPointSchema = z
  .object({
    path: patterned(patterns.ABSOLUTE_PATH, 255)
      .meta(
        celRules({
          rule: "self != '/' && !self.matches('(^|/)[.][.]?(/|$)')",
          message: 'path must be an absolute path other than / without . or .. segments',
        }),
      )
      .describe('Where the volume is mounted inside the container, e.g. /srv/data. Unique per container.'),
    storage: patterned(patterns.STORAGE_ID, 64)
      .optional()
      .describe("For a new volume: the storage to allocate it on. Defaults to the node's containerDefaults.storage."),
    size: withRules(quantity({ field: 'size', minimum: MINIMUM_DISK_SIZE }), cannotShrink('size'))
      .optional()
      .describe('For a new volume: its size (a quantity, at least 1Gi). It may grow, never shrink.'),
    volume: patterned(patterns.VOLUME_ID, 255)
      .optional()
      .describe('Mount an existing volume, e.g. local-lvm:vm-101-disk-1, instead of allocating one.'),
    hostPath: patterned(patterns.ABSOLUTE_PATH, 255)
      .meta(
        celRules({ rule: "!self.matches('(^|/)[.][.]?(/|$)')", message: 'hostPath must not contain . or .. segments' }),
      )
      .optional()
      .describe('Bind-mount this directory of the Proxmox host instead of a volume (needs root@pam on the Proxmox side).'),
    readOnly: z.boolean().optional().describe('Mount read-only. Default false.'),
    backup: z.boolean().optional().describe('Include the volume in vzdump backups. Default false.'),
    shared: z.boolean().optional().describe('Mark the volume as available on all nodes (no copy on migration). Default false.'),
    mountOptions,
    ...volumeFlags,
  })
  .meta(
    celRules(
      {
        rule: '(has(self.volume) ? 1 : 0) + (has(self.hostPath) ? 1 : 0) + (has(self.storage) || has(self.size) ? 1 : 0) == 1',
        message: 'mount point: set exactly one source: size (and optionally storage) for a new volume, volume, or hostPath',
      },
      {
        rule: 'has(self.volume) == has(oldSelf.volume) && has(self.hostPath) == has(oldSelf.hostPath) && ' +
          '(!has(self.volume) || self.volume == oldSelf.volume) && (!has(self.hostPath) || self.hostPath == oldSelf.hostPath)',
        message: 'the source of a mount point is immutable: remove the mount point and add a new one',
      },
      {
        rule: 'has(self.size) || has(self.volume) || has(self.hostPath)',
        message: 'size is required for a new volume',
        fieldPath: '.size',
        reason: 'FieldValueRequired',
      },
    ),
  )
  .describe('One mount point (Proxmox mpN): a new volume, an existing volume or a host directory.');

export const MountPointsSchema = z
  .array(MountPointSchema)
  .max(256)
  .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['path'] })
  .optional()
  .describe('Mount points, keyed by path (at most 256).');

export type RootFilesystem = z.infer<typeof RootFilesystemSchema>;
export type MountPoint = z.infer<typeof MountPointSchema>;
export type MountOption = z.infer<typeof MountOptionSchema>;
