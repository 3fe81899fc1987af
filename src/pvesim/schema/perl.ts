/**
 * Small pieces of Perl semantics that PVE's validation depends on. PVE (pve-common
 * `PVE::JSONSchema`, `PVE::ParseUtils`) is written in Perl, and a faithful simulator has to
 * reproduce where Perl differs from the obvious JavaScript: `$` also matches before a final
 * newline, `split` drops trailing empty fields, and so on.
 */

const anchoredCache = new Map<string, RegExp>();

/**
 * `$value =~ m/^$pattern$/` as Perl evaluates it. Perl's `$` (without /m) matches at the end
 * of the string or before a final newline, so `"101\n"` passes `^\d+$`; JavaScript's `$` does
 * not, hence the second attempt without the newline.
 */
export function perlFullMatch(patternSource: string, value: string): boolean {
  let anchored = anchoredCache.get(patternSource);
  if (anchored === undefined) {
    anchored = new RegExp(`^(?:${patternSource})$`);
    anchoredCache.set(patternSource, anchored);
  }
  if (anchored.test(value)) return true;
  return value.endsWith('\n') && anchored.test(value.slice(0, -1));
}

/** PVE::JSONSchema::is_integer: `^[+-]?\d+$`. */
export function isPerlInteger(value: string): boolean {
  return perlFullMatch('[+-]?\\d+', value);
}

/** PVE::JSONSchema::is_number (the perlretut decimal pattern). */
export function isPerlNumber(value: string): boolean {
  return perlFullMatch('[+-]?(\\d+\\.\\d+|\\d+\\.|\\.\\d+|\\d+)([eE][+-]?\\d+)?', value);
}

/**
 * PVE::ParseUtils::split_list: NUL-separated if the text has a NUL, otherwise separated by any
 * run of `,`, `;` or whitespace. Empty items are dropped (Perl's split drops trailing ones and
 * the leading whitespace is stripped first).
 */
export function splitList(text: string): string[] {
  if (text.includes('\0')) return dropTrailingEmpty(text.split('\0'));
  const spaced = text.replace(/[,;]/g, ' ').replace(/^\s+/, '');
  if (spaced === '') return [];
  return dropTrailingEmpty(spaced.split(/\s+/));
}

function dropTrailingEmpty(items: string[]): string[] {
  let end = items.length;
  while (end > 0 && items[end - 1] === '') end -= 1;
  return items.slice(0, end);
}

/** PVE::JSONSchema::parse_boolean: `1|on|yes|true` → '1', `0|off|no|false` → '0', else undefined. */
export function parsePerlBoolean(value: string): '1' | '0' | undefined {
  if (/^(1|on|yes|true)$/i.test(value)) return '1';
  if (/^(0|off|no|false)$/i.test(value)) return '0';
  return undefined;
}

const SIZE_UNITS: Record<string, number> = {
  K: 1024,
  KiB: 1024,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
  T: 1024 ** 4,
  TiB: 1024 ** 4,
};

/** PVE::JSONSchema::parse_size: `8G` → bytes; a bare number is bytes; undefined when invalid. */
export function parseSize(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([KMGT](?:iB)?)?\n?$/.exec(value);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = match[2];
  return Math.trunc(unit === undefined ? amount : amount * (SIZE_UNITS[unit] ?? 1));
}

/** PVE::JSONSchema::format_size: the largest unit that divides the size exactly. */
export function formatSize(bytes: number): string {
  const size = Math.trunc(bytes);
  const kib = Math.trunc(size / 1024);
  if (kib * 1024 !== size) return String(size);
  const mib = Math.trunc(kib / 1024);
  if (mib * 1024 !== kib) return `${kib}K`;
  const gib = Math.trunc(mib / 1024);
  if (gib * 1024 !== mib) return `${mib}M`;
  const tib = Math.trunc(gib / 1024);
  if (tib * 1024 !== gib) return `${gib}G`;
  return `${tib}T`;
}
