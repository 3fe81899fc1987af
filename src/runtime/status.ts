import type { KubeClient } from './kube-client.js';
import { apiVersionOf, objectPath, type KubeObject, type ResourceType } from './kube-object.js';
import { semanticallyEqual } from './semantic-equal.js';

/** The field manager of everything the operator writes; stable so SSA ownership stays ours. */
export const defaultFieldManager = 'pve-operator';

export interface ApplyStatusOptions {
  fieldManager?: string;
  signal?: AbortSignal;
}

/**
 * Writes `status` to `current`'s status subresource with server-side apply — only if it differs.
 *
 * Expected flow: a reconciler computes the complete status it wants (conditions through
 * `setCondition`, `observedGeneration`, …) from the cached object and calls this once at the end.
 *
 * Guarantees: no request at all when `status` is semantically equal to `current.status`, so a
 * no-op reconcile makes zero writes and does not trigger itself through its own watch event.
 * Otherwise one SSA patch (`application/apply-patch+yaml`, forced) owned by `fieldManager`;
 * resolves with the object the apiserver returned, or `undefined` when nothing was written.
 *
 * Assumptions: the controller owns the whole status and `status` is complete — SSA removes status
 * fields this manager applied before and omits now. `current` is the cached (latest seen) object.
 * One writer per status: a second field manager's conditions, carried over from the cache by
 * `setCondition` and applied with `force`, would become ours, and a stale cache would overwrite
 * its newer values; two writers need partial applies and a comparison of only their own fields.
 *
 * Caveats: the comparison is against the cache, which may lag; a stale cache can cause one
 * redundant but harmless apply. Per-run values (timestamps of "last reconciled") in status would
 * make every run write; never put them there.
 */
export async function applyStatus<T extends KubeObject>(client: KubeClient, type: ResourceType, current: T, status: Record<string, unknown>, options: ApplyStatusOptions = {}): Promise<T | undefined> {
  if (semanticallyEqual(normalise(status), current.status ?? {})) return undefined;
  const { name = '', namespace } = current.metadata;
  return client.request<T>({
    method: 'PATCH',
    path: objectPath(type, namespace, name, 'status'),
    query: { fieldManager: options.fieldManager ?? defaultFieldManager, force: true },
    contentType: 'application/apply-patch+yaml',
    body: { apiVersion: apiVersionOf(type), kind: type.kind, metadata: { name, namespace }, status },
    signal: options.signal,
  });
}

/** Drops `undefined` members the way the JSON encoding of the patch will. */
function normalise(value: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
