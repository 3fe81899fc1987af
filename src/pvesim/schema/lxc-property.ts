/**
 * Container config values as PVE parses, prints and stores them (pve-container LXC/Config.pm
 * parse_lxc_network/print_lxc_network, parse_volume/print_ct_mountpoint, parse_device,
 * update_pct_config; pve-guest-common GuestHelpers.pm get_unique_tags).
 *
 * Parsed values are strings, as in Perl: booleans are '1'/'0' (after PVE's on/yes/true
 * parsing), numbers keep their text. A mount point's `size` may be given as bytes or as a
 * disk size (`8G`); it is printed the way PVE prints it.
 */
import { parsePropertyString } from './check.js';
import {
  DEVICE_FORMAT,
  FEATURES_FORMAT,
  MOUNT_POINT_FORMAT,
  NETWORK_FORMAT,
  ROOTFS_FORMAT,
  UNUSED_FORMAT,
} from './lxc-formats.js';
import { parseStartupOrder } from './named-formats.js';
import { parseSize, splitList } from './perl.js';
import { printPropertyString } from './print-property-string.js';
import { SchemaError } from './schema-error.js';
import { normalizeTags } from './tags.js';
import { randomMacAddress } from './mac-address.js';
import type { PropertyStringFormat } from './types.js';

export type ParsedProperty = Record<string, string>;

interface PropertyKind {
  readonly format: PropertyStringFormat;
  /** Keys PVE leaves out when printing (`mp` of rootfs, which is always `/`). */
  readonly skip: readonly string[];
}

function propertyKind(key: string): PropertyKind | undefined {
  if (/^net\d+$/.test(key)) return { format: NETWORK_FORMAT, skip: [] };
  if (key === 'rootfs') return { format: ROOTFS_FORMAT, skip: ['mp'] };
  if (/^mp\d+$/.test(key)) return { format: MOUNT_POINT_FORMAT, skip: [] };
  if (/^unused\d+$/.test(key)) return { format: UNUSED_FORMAT, skip: [] };
  if (/^dev\d+$/.test(key)) return { format: DEVICE_FORMAT, skip: [] };
  if (key === 'features') return { format: FEATURES_FORMAT, skip: [] };
  return undefined;
}

/** Whether `key` holds a property string (`net0`, `rootfs`, `mp3`, `features`, `startup`, …). */
export function isLxcPropertyString(key: string): boolean {
  return key === 'startup' || propertyKind(key) !== undefined;
}

/**
 * Parses a property-string config value. Throws SchemaError with PVE's text (for example
 * `format error` with `net0.name: property is missing and it is not optional`).
 */
export function parseLxcProperty(key: string, value: string): ParsedProperty {
  if (key === 'startup') {
    const parsed = parseStartupOrder(value);
    if (parsed === undefined) throw new SchemaError('unable to parse startup options\n');
    return parsed;
  }
  const kind = propertyKind(key);
  if (kind === undefined) throw new Error(`'${key}' is not a property-string config key`);
  const parsed = parsePropertyString(kind.format, value, key);
  if (/^dev\d+$/.test(key) && parsed.path === undefined) throw new SchemaError('Path has to be defined\n');
  if (parsed.size !== undefined && parseSize(parsed.size) === undefined) {
    throw new SchemaError(`invalid size: ${parsed.size}\n`);
  }
  return parsed;
}

/** Prints a parsed value as PVE writes it into the config file. */
export function formatLxcProperty(key: string, parsed: Readonly<Record<string, string | undefined>>): string {
  if (key === 'startup') {
    return ['order', 'up', 'down']
      .filter((name) => parsed[name] !== undefined)
      .map((name) => `${name}=${parsed[name]}`)
      .join(',');
  }
  const kind = propertyKind(key);
  if (kind === undefined) throw new Error(`'${key}' is not a property-string config key`);
  const data = { ...parsed };
  if (data.size !== undefined) data.size = String(parseSize(data.size) ?? data.size);
  return printPropertyString(data, kind.format, kind.skip);
}

export interface NormalizeOptions {
  /** Datacenter `mac_prefix` for generated `hwaddr`s (PVE 8+: `BC:24:11`). */
  readonly macPrefix?: string;
  /** Source of a generated MAC address; defaults to a random one with `macPrefix`. */
  readonly macAddress?: () => string;
}

/**
 * The value PVE stores for `key` after an API create or update (update_pct_config and the
 * pending-change application): `netN` gains `type=veth` and a generated `hwaddr`, mount points
 * and devices are re-printed, tags are sorted, lower-cased and deduplicated, DNS lists are
 * joined with spaces, integers lose a sign. Everything else — `features` and `startup`
 * included — is stored as sent. A mount point asking for a new disk (`local-lvm:8`) is
 * re-printed as is; allocate it with `allocatedMountPoint`.
 */
export function normalizeLxcProperty(key: string, value: string, options: NormalizeOptions = {}): string {
  if (/^net\d+$/.test(key)) {
    const parsed = parseLxcProperty(key, value);
    parsed.type = 'veth';
    if (parsed.hwaddr === undefined || parsed.hwaddr === '') {
      parsed.hwaddr = options.macAddress?.() ?? randomMacAddress(options.macPrefix ?? 'BC:24:11');
    }
    return formatLxcProperty(key, parsed);
  }
  if (key === 'rootfs' || /^(mp|unused|dev)\d+$/.test(key)) return formatLxcProperty(key, parseLxcProperty(key, value));
  if (key === 'tags') return normalizeTags(value);
  if (key === 'nameserver' || key === 'searchdomain') return splitList(value).join(' ');
  if (INTEGER_KEYS.has(key) && /^[+-]?\d+$/.test(value)) return String(Number.parseInt(value, 10));
  return value;
}

const INTEGER_KEYS = new Set(['cores', 'cpuunits', 'memory', 'swap', 'tty']);
