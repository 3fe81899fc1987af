/** `metav1.Condition`: the shape kubectl wait, kstatus and Argo CD understand. */
export interface Condition {
  /** PascalCase, e.g. `Ready`. */
  type: string;
  status: 'True' | 'False' | 'Unknown';
  /** CamelCase, non-empty, e.g. `NodeUnreachable`. */
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export type ConditionUpdate = Omit<Condition, 'lastTransitionTime'>;

/**
 * Returns `conditions` with `update` applied (apimachinery's meta.SetStatusCondition).
 *
 * Guarantees: `lastTransitionTime` changes only when the condition is new or its `status` flips,
 * so re-asserting an unchanged condition yields a semantically identical list and the status
 * writer skips the write. Order is kept; a new condition is appended. The input is not mutated.
 */
export function setCondition(conditions: readonly Condition[] | undefined, update: ConditionUpdate, now: Date): Condition[] {
  const existing = conditions?.find((condition) => condition.type === update.type);
  if (!existing) return [...(conditions ?? []), { ...update, lastTransitionTime: formatTime(now) }];
  const lastTransitionTime = existing.status === update.status ? existing.lastTransitionTime : formatTime(now);
  return (conditions ?? []).map((condition) => (condition === existing ? { ...update, lastTransitionTime } : condition));
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((condition) => condition.type !== type);
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function formatTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with microsecond precision, as metav1.MicroTime (Lease and Event times) serialises. */
export function formatMicroTime(time: Date): string {
  return time.toISOString().replace(/Z$/, '000Z');
}
