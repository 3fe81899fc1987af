/**
 * GuestHelpers.pm get_unique_tags with the default datacenter `tag-style`: tags are split like
 * any PVE list (`,`, `;`, whitespace), compared case-insensitively, sorted, lower-cased,
 * deduplicated and joined with `;`.
 */
import { splitList } from './perl.js';

export interface TagStyle {
  /** `tag-style: ordering=config` keeps the order they were given in. */
  readonly keepOrder?: boolean;
  /** `tag-style: case-sensitive=1` neither lower-cases nor folds case when sorting. */
  readonly caseSensitive?: boolean;
}

export function normalizeTags(value: string, style: TagStyle = {}): string {
  const caseSensitive = style.caseSensitive === true;
  const fold = (tag: string): string => (caseSensitive ? tag : tag.toLowerCase());
  let tags = splitList(value);
  if (style.keepOrder !== true) {
    tags = [...tags].sort((left, right) => compareStrings(fold(left), fold(right)));
  }
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const tag of tags.map(fold)) {
    if (seen.has(tag)) continue;
    seen.add(tag);
    unique.push(tag);
  }
  return unique.join(';');
}

/** Perl's `cmp`: code-point order. */
function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
