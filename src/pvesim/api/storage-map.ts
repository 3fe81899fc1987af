/**
 * The `target-storage` parameter (JSONSchema parse_idmap): `1` maps each storage to itself,
 * `a:b` maps storage a to b, a bare `b` is the default target.
 */
export interface StorageMap {
  identity: boolean;
  default?: string;
  entries: Record<string, string>;
}

export function parseStorageMap(text: string): StorageMap {
  const map: StorageMap = { identity: false, entries: {} };
  for (const entry of text.split(/[,;\s]+/).filter((part) => part !== '')) {
    if (entry === '1') {
      map.identity = true;
      continue;
    }
    const pair = /^([^:]+):([^:]+)$/.exec(entry);
    if (pair) {
      if (map.entries[pair[1]!] !== undefined) throw new Error(`duplicate mapping for source '${pair[1]}'`);
      map.entries[pair[1]!] = pair[2]!;
    } else {
      if (map.default !== undefined) throw new Error('default target ID can only be provided once');
      map.default = entry;
    }
  }
  if (map.identity && (map.default !== undefined || Object.keys(map.entries).length > 0)) {
    throw new Error('identity mapping cannot be combined with other mappings');
  }
  return map;
}

/** The storage a volume of `source` goes to (JSONSchema map_id). */
export function mapStorage(map: StorageMap | undefined, source: string): string {
  if (!map || map.identity) return source;
  return map.entries[source] ?? map.default ?? source;
}

/** Every storage the map sends volumes to. */
export function mapTargets(map: StorageMap): string[] {
  return [...Object.values(map.entries), ...(map.default !== undefined ? [map.default] : [])];
}
