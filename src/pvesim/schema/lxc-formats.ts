/**
 * The property-string formats of an LXC container config (pve-container
 * `src/PVE/LXC/Config.pm`: $netconf_desc, $rootfs_desc, $mp_desc, $dev_desc, $unused_desc,
 * $features_desc) and the datacenter `next-id` range.
 */
import type { PropertySchema, PropertyStringFormat } from './types.js';

const optionalBoolean: PropertySchema = { type: 'boolean', optional: true };

const MOUNT_OPTION = '(discard|lazytime|noatime|nodev|noexec|nosuid)';

/** `netN`: `name=eth0,bridge=vmbr0,firewall=1,hwaddr=…,ip=dhcp,type=veth`. */
export const NETWORK_FORMAT: PropertyStringFormat = {
  type: { type: 'string', optional: true, enum: ['veth'] },
  name: { type: 'string', pattern: '[-_.\\w\\d]+' },
  bridge: { type: 'string', optional: true, pattern: '[-_.\\w\\d]+' },
  hwaddr: { type: 'string', optional: true, format: 'mac-addr' },
  mtu: { type: 'integer', optional: true, minimum: 64, maximum: 65535 },
  ip: { type: 'string', optional: true, format: 'pve-ipv4-config' },
  gw: { type: 'string', optional: true, format: 'ipv4' },
  ip6: { type: 'string', optional: true, format: 'pve-ipv6-config' },
  gw6: { type: 'string', optional: true, format: 'ipv6' },
  firewall: optionalBoolean,
  tag: { type: 'integer', optional: true, minimum: 1, maximum: 4094 },
  trunks: { type: 'string', optional: true, pattern: '\\d+(?:;\\d+)*' },
  rate: { type: 'number', optional: true },
  link_down: optionalBoolean,
  'host-managed': optionalBoolean,
};

/** `rootfs`: `[volume=]<volid|STORAGE:GiB|/path>,size=8G,…`. */
export const ROOTFS_FORMAT: PropertyStringFormat = {
  volume: { type: 'string', defaultKey: true, format: 'pve-lxc-mp-string' },
  size: { type: 'string', optional: true, format: 'disk-size' },
  acl: optionalBoolean,
  mountoptions: { type: 'string', optional: true, pattern: `${MOUNT_OPTION}(;${MOUNT_OPTION})*` },
  idmap: {
    type: 'string',
    optional: true,
    pattern: '^(?:passthrough|[ug]:[0-9]+:[0-9]+:[1-9][0-9]*(?:;[ug]:[0-9]+:[0-9]+:[1-9][0-9]*)*)$',
  },
  ro: optionalBoolean,
  quota: optionalBoolean,
  replicate: { type: 'boolean', optional: true, default: 1 },
  shared: { type: 'boolean', optional: true, default: 0 },
};

/** `mpN`: a rootfs plus the required mount path `mp=` and `backup`, `keepattrs`. */
export const MOUNT_POINT_FORMAT: PropertyStringFormat = {
  ...ROOTFS_FORMAT,
  backup: optionalBoolean,
  mp: { type: 'string', format: 'pve-lxc-mp-string' },
  keepattrs: { type: 'boolean', optional: true, default: 0 },
};

/** `devN`: device passthrough (root@pam only). */
export const DEVICE_FORMAT: PropertyStringFormat = {
  path: { type: 'string', optional: true, defaultKey: true, format: 'pve-lxc-dev-string' },
  mode: { type: 'string', optional: true, pattern: '0[0-7]{3}' },
  uid: { type: 'integer', optional: true, minimum: 0 },
  gid: { type: 'integer', optional: true, minimum: 0 },
  'deny-write': { type: 'boolean', optional: true, default: 0 },
};

/** `unusedN`: a volume that was detached from the container. */
export const UNUSED_FORMAT: PropertyStringFormat = {
  volume: { type: 'string', defaultKey: true, format: 'pve-volume-id' },
};

/** `features`: nesting, keyctl, fuse, mknod, force_rw_sys, mount. */
export const FEATURES_FORMAT: PropertyStringFormat = {
  mount: { type: 'string', optional: true, pattern: '[a-zA-Z0-9_; ]+' },
  nesting: { type: 'boolean', optional: true, default: 0 },
  keyctl: { type: 'boolean', optional: true, default: 0 },
  fuse: { type: 'boolean', optional: true, default: 0 },
  mknod: { type: 'boolean', optional: true, default: 0 },
  force_rw_sys: { type: 'boolean', optional: true, default: 0 },
};
