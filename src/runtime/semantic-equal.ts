/**
 * Whether two JSON values mean the same to the apiserver: key order is irrelevant and a property
 * set to `undefined` is the same as an absent one (JSON.stringify drops both). Array order matters.
 */
export function semanticallyEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => semanticallyEqual(item, right[index]));
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const keys = new Set([...Object.keys(leftRecord), ...Object.keys(rightRecord)]);
  for (const key of keys) {
    if (!semanticallyEqual(leftRecord[key], rightRecord[key])) return false;
  }
  return true;
}
