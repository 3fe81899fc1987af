import { formatLxcProperty, normalizeLxcProperty, parseLxcProperty } from '../schema-bridge.js';
import type { SeededStream } from '../random.js';

/** Request parameters that are not config keys. */
export const CREATE_ONLY_PARAMS = new Set([
  'node', 'vmid', 'ostemplate', 'storage', 'password', 'ssh-public-keys', 'start', 'pool', 'force', 'restore', 'unique',
  'ignore-unpack-errors', 'bwlimit', 'ha-managed',
]);
export const UPDATE_ONLY_PARAMS = new Set(['node', 'vmid', 'delete', 'revert', 'digest']);

/** A validated parameter as the config file stores it: booleans `1`/`0`, numbers their text. */
export function configText(value: unknown): string {
  if (value === true) return '1';
  if (value === false) return '0';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** A random unicast MAC with the datacenter prefix (PVE::Tools::random_ether_addr). */
export function randomMac(prefix: string, random: SeededStream): string {
  const bytes = prefix.split(':').filter((part) => part !== '');
  while (bytes.length < 6) bytes.push(random.nextInt(256).toString(16).toUpperCase().padStart(2, '0'));
  if (prefix === '') bytes[0] = ((Number.parseInt(bytes[0]!, 16) & 0xfe) | 0x02).toString(16).toUpperCase().padStart(2, '0');
  return bytes.join(':');
}

/** How PVE stores a value: net devices get `hwaddr` and `type=veth`, property strings are re-printed. */
export function storedValue(key: string, value: string, macPrefix: string, random: SeededStream): string {
  return normalizeLxcProperty(key, value, macPrefix, () => randomMac(macPrefix, random));
}

/** Sets `key=value` inside a property string (`size=10G` of a rootfs). */
export function withPropertyValue(key: string, propertyString: string, name: string, value: string): string {
  const parsed = { ...(parseLxcProperty(key, propertyString) as Record<string, unknown>), [name]: value };
  return formatLxcProperty(key, parsed as never);
}

export function propertyValue(key: string, propertyString: string, name: string): string | undefined {
  const value = (parseLxcProperty(key, propertyString) as Record<string, unknown>)[name];
  return value === undefined ? undefined : String(value);
}
