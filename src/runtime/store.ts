import { objectKey, type KubeObject } from './kube-object.js';

/**
 * Computes the index values of an object, e.g. for `byReferencedSecret` the `namespace/name`s of
 * the Secrets a Container references. Must be pure and cheap: it runs on every cache update.
 */
export type Indexer<T extends KubeObject> = (object: T) => string[];

export interface StoreDelta<T> {
  added: T[];
  updated: { previous: T; current: T }[];
  deleted: T[];
}

/**
 * The cache of one kind: objects by `namespace/name`, plus secondary indexes.
 *
 * Invariant: every index maps a value to exactly the keys of the stored objects whose indexer
 * currently yields that value. Objects handed out are the cached ones; never mutate them.
 */
export class Store<T extends KubeObject = KubeObject> {
  readonly #objects = new Map<string, T>();
  readonly #indexers: Record<string, Indexer<T>>;
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, Indexer<T>> = {}) {
    this.#indexers = { ...indexers };
    for (const name of Object.keys(indexers)) this.#indexes.set(name, new Map());
  }

  /** Adds an index, computed over the objects already stored. */
  addIndexer(name: string, indexer: Indexer<T>): void {
    if (this.#indexes.has(name)) throw new Error(`store already has an index named ${name}`);
    this.#indexers[name] = indexer;
    this.#indexes.set(name, new Map());
    for (const [key, object] of this.#objects) this.#indexOne(name, key, object);
  }

  get size(): number {
    return this.#objects.size;
  }

  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  list(namespace?: string): T[] {
    const all = [...this.#objects.values()];
    return namespace === undefined ? all : all.filter((object) => object.metadata.namespace === namespace);
  }

  keys(): string[] {
    return [...this.#objects.keys()];
  }

  /** Objects whose indexer `indexName` yields `value`. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((key) => this.#objects.get(key)!);
  }

  /** Keys of the objects whose indexer `indexName` yields `value`. */
  indexKeys(indexName: string, value: string): string[] {
    const index = this.#indexes.get(indexName);
    if (!index) throw new Error(`store has no index named ${indexName}; known: ${[...this.#indexes.keys()].join(', ')}`);
    return [...(index.get(value) ?? [])];
  }

  /** Stores `object`, returning the version it replaced. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const previous = this.#objects.get(key);
    if (previous) this.#unindex(key, previous);
    this.#objects.set(key, object);
    this.#index(key, object);
    return previous;
  }

  /** Removes the object with `key`, returning it. */
  delete(key: string): T | undefined {
    const previous = this.#objects.get(key);
    if (!previous) return undefined;
    this.#unindex(key, previous);
    this.#objects.delete(key);
    return previous;
  }

  /**
   * Replaces the whole content with a fresh list and says what changed. An object counts as
   * updated only if its resourceVersion changed, so a relist of an unchanged world is silent.
   */
  replace(objects: T[]): StoreDelta<T> {
    const delta: StoreDelta<T> = { added: [], updated: [], deleted: [] };
    const seen = new Set<string>();
    for (const object of objects) {
      const key = objectKey(object);
      seen.add(key);
      const previous = this.upsert(object);
      if (!previous) delta.added.push(object);
      else if (previous.metadata.resourceVersion !== object.metadata.resourceVersion) delta.updated.push({ previous, current: object });
    }
    for (const key of this.keys()) {
      if (!seen.has(key)) delta.deleted.push(this.delete(key)!);
    }
    return delta;
  }

  #index(key: string, object: T): void {
    for (const name of Object.keys(this.#indexers)) this.#indexOne(name, key, object);
  }

  #indexOne(name: string, key: string, object: T): void {
    const index = this.#indexes.get(name)!;
    for (const value of this.#indexers[name]!(object)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  #unindex(key: string, object: T): void {
    for (const [name, indexer] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(name)!;
      for (const value of indexer(object)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
