/**
 * PVE::Tools::random_ether_addr: six random bytes, multicast bit cleared and
 * locally-administered bit set, printed upper-case; a datacenter `mac_prefix` (PVE 8+ default
 * `BC:24:11`, the Proxmox OUI) replaces the leading characters.
 */
import { randomBytes } from 'node:crypto';

export function randomMacAddress(prefix = 'BC:24:11', bytes: Uint8Array = randomBytes(6)): string {
  const octets = Array.from(bytes.subarray(0, 6), (byte) => byte);
  octets[0] = ((octets[0] ?? 0) & 0xfe) | 0x02;
  const address = octets.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(':');
  return prefix.toUpperCase() + address.slice(prefix.length);
}
