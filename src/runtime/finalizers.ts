import { isNotFound } from './kube-errors.js';
import type { KubeClient } from './kube-client.js';
import { objectPath, type KubeObject, type ResourceType } from './kube-object.js';
import type { ReconcileResult } from './reconcile.js';

type JsonPatch = { op: 'test' | 'add' | 'remove'; path: string; value?: unknown }[];

/**
 * Adds `finalizer` to `object` unless it is already there.
 *
 * Expected flow: called before the first change to the outside world (see `withFinalizer`).
 *
 * Guarantees: never removes or reorders other controllers' finalizers. The JSON patch carries a
 * `test` op: on the current finalizer list when there is one (so concurrent edits of other
 * fields do not get in the way), on the resourceVersion when there is none (`add` on an absent
 * list would otherwise replace a list someone else just created). Resolves with the patched
 * object, or `undefined` when the finalizer was already present.
 *
 * Assumptions: `object` is the cached object; `finalizer` is a qualified name (`pve.operator.dev/…`).
 *
 * Caveats: if the cache is stale, the `test` fails with 422 (or 409) and this rejects; let the
 * reconcile fail and retry — the cache will have caught up. The apiserver refuses new finalizers
 * on an object being deleted; do not call this once `deletionTimestamp` is set.
 */
export async function addFinalizer<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, finalizer: string, signal?: AbortSignal): Promise<T | undefined> {
  const finalizers = object.metadata.finalizers;
  if (finalizers?.includes(finalizer)) return undefined;
  const patch: JsonPatch = finalizers === undefined
    ? [{ op: 'test', path: '/metadata/resourceVersion', value: object.metadata.resourceVersion }, { op: 'add', path: '/metadata/finalizers', value: [finalizer] }]
    : [{ op: 'test', path: '/metadata/finalizers', value: finalizers }, { op: 'add', path: '/metadata/finalizers/-', value: finalizer }];
  return patchObject(client, type, object, patch, signal);
}

/**
 * Removes `finalizer` from `object` if it is there.
 *
 * Expected flow: called once the cleanup the finalizer guards has completed.
 *
 * Guarantees: removes exactly one entry, by index, guarded by a `test` op that the entry at that
 * index is still ours — another controller's concurrent edit makes the patch fail instead of
 * removing the wrong finalizer. Resolves with the patched object, or `undefined` when there was
 * nothing to remove or the object is already gone.
 *
 * Assumptions: `object` is the cached object.
 *
 * Caveats: a stale cache makes the `test` fail (422) and this reject; retrying is safe. Removing
 * the last finalizer of a deleted object lets the apiserver delete it at once.
 */
export async function removeFinalizer<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, finalizer: string, signal?: AbortSignal): Promise<T | undefined> {
  const index = object.metadata.finalizers?.indexOf(finalizer) ?? -1;
  if (index < 0) return undefined;
  const patch: JsonPatch = [
    { op: 'test', path: `/metadata/finalizers/${index}`, value: finalizer },
    { op: 'remove', path: `/metadata/finalizers/${index}` },
  ];
  try {
    return await patchObject(client, type, object, patch, signal);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export interface FinalizerRoutes<T extends KubeObject> {
  /** Converge the live object. Runs only once the finalizer is in place. */
  apply(object: T): Promise<ReconcileResult | void>;
  /**
   * Undo everything `apply` did outside the cluster. Resolve with `requeueAfterMs` while cleanup
   * is still in progress (a Proxmox task running); resolve with nothing once it is complete.
   * Must tolerate `apply` never having run.
   */
  cleanup(object: T): Promise<ReconcileResult | void>;
}

/**
 * Routes a reconcile through a finalizer (kube-rs's `finalizer()`).
 *
 * Expected flow: `reconcile` fetches the cached object and returns `withFinalizer(...)`.
 * - not deleting, finalizer missing → add it and return (its watch event triggers the next run);
 * - not deleting, finalizer present → `apply`;
 * - deleting, finalizer present → `cleanup`; once it reports completion, remove the finalizer;
 * - deleting, finalizer absent → nothing left to do.
 *
 * Guarantees: `apply` never runs before the finalizer is persisted, so an object cannot vanish
 * while it owns something outside the cluster; the finalizer is removed only after `cleanup`
 * completed. Both steps are idempotent and safe to repeat after a crash.
 *
 * Assumptions: `apply` and `cleanup` are idempotent; `object` comes from the cache.
 *
 * Caveats: someone can remove the finalizer by hand (the documented escape hatch); cleanup is then
 * skipped, and whatever `apply` created outside the cluster is left behind.
 */
export async function withFinalizer<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, finalizer: string, routes: FinalizerRoutes<T>, signal?: AbortSignal): Promise<ReconcileResult | void> {
  const hasFinalizer = object.metadata.finalizers?.includes(finalizer) ?? false;
  if (object.metadata.deletionTimestamp) {
    if (!hasFinalizer) return;
    const result = await routes.cleanup(object);
    if (result?.requeueAfterMs) return result;
    await removeFinalizer(client, type, object, finalizer, signal);
    return;
  }
  if (!hasFinalizer) {
    await addFinalizer(client, type, object, finalizer, signal);
    return;
  }
  return routes.apply(object);
}

function patchObject<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, patch: JsonPatch, signal?: AbortSignal): Promise<T> {
  return client.request<T>({
    method: 'PATCH',
    path: objectPath(type, object.metadata.namespace, object.metadata.name ?? ''),
    contentType: 'application/json-patch+json',
    body: patch,
    signal,
  });
}
