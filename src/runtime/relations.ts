import { realClock, type Clock, type TimerHandle } from './clock.js';
import type { InformerHandler, Informer } from './informer.js';
import { objectKey, type KubeObject } from './kube-object.js';

/** Maps an object of a watched kind to the reconcile keys it affects. */
export type MapToKeys<T extends KubeObject = KubeObject> = (object: T) => string[];

/** Enqueues the object's own key: the handler for the kind a controller is `for`. */
export function enqueueSelf<T extends KubeObject>(enqueue: (key: string) => void): InformerHandler<T> {
  return enqueueMapped((object) => [objectKey(object)], enqueue);
}

/**
 * Enqueues the keys `map` yields for every added, changed or deleted object. On a change both the
 * old and the new version are mapped, so an object that stops referencing another still triggers
 * the one it left.
 */
export function enqueueMapped<T extends KubeObject>(map: MapToKeys<T>, enqueue: (key: string) => void): InformerHandler<T> {
  const enqueueAll = (object: T) => map(object).forEach(enqueue);
  return {
    added: enqueueAll,
    updated: (previous, current) => new Set([...map(previous), ...map(current)]).forEach(enqueue),
    deleted: enqueueAll,
  };
}

/**
 * Maps a referenced object (a Secret, a ProxmoxNode, a Namespace) to the owners that reference it,
 * through an index of the owners' informer whose values are the referenced objects' keys: e.g.
 * `referencedBy(containers, 'byReferencedSecret')` maps Secret `ns/creds` to every Container whose
 * `byReferencedSecret` indexer yields `ns/creds`.
 */
export function referencedBy<T extends KubeObject>(owners: Informer<T>, indexName: string, keyOfReferenced: (object: KubeObject) => string = objectKey): MapToKeys {
  return (referenced) => owners.store.indexKeys(indexName, keyOfReferenced(referenced));
}

/**
 * Periodically enqueues every cached key of `informer`, so drift nobody announced (a missed event,
 * an external system changed behind our back) is corrected. Each period is shortened by up to
 * `jitter` of itself so that many controllers do not resync in lock-step. Returns a stop function.
 */
export function startResync(informer: { store: { keys(): string[] } }, enqueue: (key: string) => void, periodMs: number, options: { jitter?: number; clock?: Clock; random?: () => number } = {}): () => void {
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  const jitter = options.jitter ?? 0.1;
  let handle: TimerHandle | undefined;
  const schedule = () => {
    handle = clock.setTimeout(() => {
      informer.store.keys().forEach(enqueue);
      schedule();
    }, Math.round(periodMs * (1 - jitter * random())));
  };
  schedule();
  return () => {
    if (handle !== undefined) clock.clearTimeout(handle);
    handle = undefined;
  };
}
