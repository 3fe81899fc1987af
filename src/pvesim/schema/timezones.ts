/**
 * The time zones a container may be given. PVE reads the third column of
 * /usr/share/zoneinfo/zone.tab on every check (PVE::JSONSchema::pve_verify_timezone); we do the
 * same once, and fall back to the zones the JavaScript runtime knows where the file is missing
 * (its names are the same IANA names, with a few legacy aliases).
 */
import { readFileSync } from 'node:fs';

const ZONE_TAB = '/usr/share/zoneinfo/zone.tab';

let knownZones: ReadonlySet<string> | undefined;

function loadZones(): ReadonlySet<string> {
  try {
    const zones = new Set<string>();
    for (const line of readFileSync(ZONE_TAB, 'utf8').split('\n')) {
      if (/^\s*#/.test(line)) continue;
      const zone = line.split('\t')[2];
      if (zone !== undefined && zone !== '') zones.add(zone);
    }
    if (zones.size > 0) return zones;
  } catch {
    // No tzdata on this machine: use the runtime's list below.
  }
  return new Set(Intl.supportedValuesOf('timeZone'));
}

export function isKnownTimezone(zone: string): boolean {
  knownZones ??= loadZones();
  return knownZones.has(zone);
}
