/**
 * The container config keys ($confdesc of pve-container `src/PVE/LXC/Config.pm`, as the PVE 9.1
 * API schema lists them for create and `PUT config`). Indexed keys are expanded: net0..net31,
 * mp0..mp255, dev0..dev255, unused0..unused255.
 */
import {
  DEVICE_FORMAT,
  FEATURES_FORMAT,
  MOUNT_POINT_FORMAT,
  NETWORK_FORMAT,
  ROOTFS_FORMAT,
  UNUSED_FORMAT,
} from './lxc-formats.js';
import type { Properties, PropertySchema } from './types.js';

export const MAX_NETWORKS = 32;
export const MAX_MOUNT_POINTS = 256;
export const MAX_UNUSED_DISKS = 256;
export const MAX_DEVICES = 256;

export const LOCK_VALUES = [
  'backup', 'create', 'destroyed', 'disk', 'fstrim', 'migrate', 'mounted', 'rollback', 'snapshot', 'snapshot-delete',
] as const;

export const OS_TYPES = [
  'debian', 'devuan', 'ubuntu', 'centos', 'fedora', 'opensuse', 'archlinux', 'alpine', 'gentoo', 'nixos', 'unmanaged',
] as const;

const boolean = (defaultValue?: 0 | 1): PropertySchema =>
  defaultValue === undefined ? { type: 'boolean', optional: true } : { type: 'boolean', optional: true, default: defaultValue };

/** No control characters except tab (the PVE 9.1 pattern). */
const NO_CONTROL = '[^\\x00-\\x08\\x0a-\\x1F\\x7F]';

const SCALAR_KEYS: Properties = {
  lock: { type: 'string', optional: true, enum: LOCK_VALUES },
  onboot: boolean(0),
  startup: { type: 'string', optional: true, format: 'pve-startup-order' },
  template: boolean(0),
  arch: { type: 'string', optional: true, enum: ['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64'], default: 'amd64' },
  ostype: { type: 'string', optional: true, enum: OS_TYPES },
  console: boolean(1),
  tty: { type: 'integer', optional: true, minimum: 0, maximum: 6, default: 2 },
  cores: { type: 'integer', optional: true, minimum: 1, maximum: 8192 },
  cpulimit: { type: 'number', optional: true, minimum: 0, maximum: 8192, default: 0 },
  cpuunits: { type: 'integer', optional: true, minimum: 0, maximum: 500000 },
  memory: { type: 'integer', optional: true, minimum: 16, default: 512 },
  swap: { type: 'integer', optional: true, minimum: 0, default: 512 },
  hostname: { type: 'string', optional: true, format: 'dns-name', maxLength: 255 },
  description: { type: 'string', optional: true, maxLength: 8192 },
  searchdomain: { type: 'string', optional: true, format: 'dns-name-list' },
  nameserver: { type: 'string', optional: true, format: 'lxc-ip-with-ll-iface-list' },
  timezone: { type: 'string', optional: true, format: 'pve-ct-timezone' },
  rootfs: { type: 'string', optional: true, format: ROOTFS_FORMAT },
  cmode: { type: 'string', optional: true, enum: ['shell', 'console', 'tty'], default: 'tty' },
  entrypoint: { type: 'string', optional: true, pattern: `${NO_CONTROL}+`, default: '/sbin/init' },
  protection: boolean(0),
  unprivileged: boolean(0),
  features: { type: 'string', optional: true, format: FEATURES_FORMAT },
  env: { type: 'string', optional: true, pattern: `(?:\\w+=${NO_CONTROL}*)(?:\\0\\w+=${NO_CONTROL}*)*` },
  hookscript: { type: 'string', optional: true, format: 'pve-volume-id' },
  tags: { type: 'string', optional: true, format: 'pve-tag-list' },
  debug: boolean(0),
};

function indexed(prefix: string, count: number, schema: PropertySchema): Record<string, PropertySchema> {
  const keys: Record<string, PropertySchema> = {};
  for (let index = 0; index < count; index += 1) keys[`${prefix}${index}`] = schema;
  return keys;
}

/** Every key a container config may hold through the API. */
export const LXC_CONFIG_PROPERTIES: Properties = {
  ...SCALAR_KEYS,
  ...indexed('net', MAX_NETWORKS, { type: 'string', optional: true, format: NETWORK_FORMAT }),
  ...indexed('mp', MAX_MOUNT_POINTS, { type: 'string', optional: true, format: MOUNT_POINT_FORMAT }),
  ...indexed('unused', MAX_UNUSED_DISKS, { type: 'string', optional: true, format: UNUSED_FORMAT }),
  ...indexed('dev', MAX_DEVICES, { type: 'string', optional: true, format: DEVICE_FORMAT }),
};

export function isLxcConfigKey(key: string): boolean {
  return Object.hasOwn(LXC_CONFIG_PROPERTIES, key);
}
