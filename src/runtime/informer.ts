import type { Logger } from 'pino';
import { backoffDelay, watchBackoff, type BackoffOptions } from './backoff.js';
import { realClock, sleep, type Clock, type TimerHandle } from './clock.js';
import { isGone, KubeApiError } from './kube-errors.js';
import { linkedSignal } from './linked-signal.js';
import type { KubeClient } from './kube-client.js';
import { apiVersionOf, collectionPath, objectKey, type KubeObject, type ListResponse, type ResourceType, type WatchEvent } from './kube-object.js';
import { Store, type Indexer, type StoreDelta } from './store.js';

/** Reacts to cache changes. Handlers should only enqueue keys; a throwing handler is logged and skipped. */
export interface InformerHandler<T extends KubeObject> {
  added?(object: T): void;
  updated?(previous: T, current: T): void;
  deleted?(object: T): void;
}

export interface InformerOptions<T extends KubeObject> {
  client: KubeClient;
  type: ResourceType;
  logger: Logger;
  /** Watch one namespace only; all namespaces when omitted. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  indexers?: Record<string, Indexer<T>>;
  /** Objects per list page. */
  pageSize?: number;
  /** A watch that delivers neither an event nor a bookmark for this long is restarted. */
  stallTimeoutMs?: number;
  backoff?: BackoffOptions;
  clock?: Clock;
  random?: () => number;
}

/**
 * The apiserver sends a bookmark about once a minute to a watch that asked for them, so five
 * silent minutes mean a dead connection rather than a quiet kind.
 */
const defaultStallTimeoutMs = 5 * 60_000;

/** The watch went silent for longer than the stall timeout (a dead connection nobody closed). */
export class WatchStalledError extends Error {
  override name = 'WatchStalledError';
}

/**
 * One list + watch of a kind into an indexed `Store` (a reflector and informer in one).
 *
 * Expected flow: `start()`, await `synced`, read `store`, react through `addHandler`; `stop()`.
 *
 * Guarantees: the initial list is paginated; the watch asks for bookmarks and resumes from the
 * last seen resourceVersion; 410 Gone relists at once; any other failure, and a watch silent for
 * `stallTimeoutMs`, restarts after a capped, jittered backoff. The loop never ends before `stop()`
 * and never lets a rejection escape. `synced` resolves after the first complete list.
 *
 * Assumptions: handlers are cheap and synchronous (they enqueue keys).
 *
 * Caveats: after a relist, objects unchanged since the last sight produce no event; controllers
 * that need a periodic full pass add a resync (see relations.ts). Handlers may see an object's
 * deletion only as its absence from a relist, with the last state the cache knew.
 */
export class Informer<T extends KubeObject = KubeObject> {
  readonly store: Store<T>;
  readonly type: ResourceType;
  readonly synced: Promise<void>;
  #markSynced!: () => void;
  #hasSynced = false;
  readonly #options: InformerOptions<T>;
  readonly #clock: Clock;
  readonly #handlers: InformerHandler<T>[] = [];
  readonly #stopped = new AbortController();
  #resourceVersion: string | undefined;
  #running: Promise<void> | undefined;

  constructor(options: InformerOptions<T>) {
    this.#options = options;
    this.type = options.type;
    this.#clock = options.clock ?? realClock;
    this.store = new Store<T>(options.indexers);
    this.synced = new Promise((resolve) => (this.#markSynced = resolve));
  }

  get hasSynced(): boolean {
    return this.#hasSynced;
  }

  addHandler(handler: InformerHandler<T>): void {
    this.#handlers.push(handler);
  }

  start(): void {
    this.#running ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped.signal.aborted) {
      let phase: 'list' | 'watch' = 'list';
      try {
        if (this.#resourceVersion === undefined) {
          await this.#relist();
          failures = 0;
        }
        phase = 'watch';
        const { events, durationMs } = await this.#watch();
        // A watch the server ended normally resumes at once; one that ended at once counts as a failure.
        if (events > 0 || durationMs >= 1_000) failures = 0;
        else failures++;
        if (failures > 0) await this.#backOff(failures, 'watch ended immediately; restarting', undefined);
      } catch (error) {
        if (this.#stopped.signal.aborted) break;
        if (isGone(error)) this.#resourceVersion = undefined;
        if (isGone(error) && phase === 'watch') {
          this.#options.logger.info({ kind: this.type.kind }, 'watch resourceVersion expired (410 Gone); relisting');
          continue;
        }
        failures++;
        await this.#backOff(failures, phase === 'list' ? 'list failed; retrying' : 'watch failed; restarting', error);
      }
    }
  }

  async #backOff(failures: number, message: string, error: unknown): Promise<void> {
    const delayMs = backoffDelay(this.#options.backoff ?? watchBackoff, failures - 1, this.#options.random);
    this.#options.logger.warn({ kind: this.type.kind, err: error, retryInMs: delayMs }, message);
    await sleep(this.#clock, delayMs, this.#stopped.signal);
  }

  async #relist(): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await this.#options.client.request<ListResponse<T>>({
        method: 'GET',
        path: collectionPath(this.type, this.#options.namespace),
        query: { ...this.#selectors(), limit: this.#options.pageSize ?? 500, continue: continueToken },
        signal: this.#stopped.signal,
      });
      for (const item of page.items) items.push(this.#typed(item));
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (continueToken);
    this.#dispatchDelta(this.store.replace(items));
    this.#resourceVersion = resourceVersion;
    if (!this.#hasSynced) {
      this.#hasSynced = true;
      this.#markSynced();
    }
  }

  async #watch(): Promise<{ events: number; durationMs: number }> {
    const startedAt = this.#clock.now();
    const stallTimeoutMs = this.#options.stallTimeoutMs ?? defaultStallTimeoutMs;
    const attempt = new AbortController();
    const watchSignal = linkedSignal([attempt.signal, this.#stopped.signal]);
    let stalled = false;
    let watchdog: TimerHandle | undefined;
    const rearmWatchdog = () => {
      if (watchdog !== undefined) this.#clock.clearTimeout(watchdog);
      watchdog = this.#clock.setTimeout(() => {
        stalled = true;
        attempt.abort();
      }, stallTimeoutMs);
    };
    let events = 0;
    rearmWatchdog();
    try {
      const query = {
        ...this.#selectors(),
        resourceVersion: this.#resourceVersion,
        allowWatchBookmarks: true,
        // Like client-go's reflector: a random server-side timeout spreads reconnects out.
        timeoutSeconds: Math.floor(300 + 300 * (this.#options.random ?? Math.random)()),
      };
      const stream = this.#options.client.watch(collectionPath(this.type, this.#options.namespace), query, watchSignal.signal);
      for await (const event of stream) {
        rearmWatchdog();
        events++;
        this.#apply(event as WatchEvent<T>);
      }
    } catch (error) {
      if (stalled) throw new WatchStalledError(`watch of ${this.type.plural} delivered nothing for ${stallTimeoutMs} ms`);
      throw error;
    } finally {
      if (watchdog !== undefined) this.#clock.clearTimeout(watchdog);
      attempt.abort();
      watchSignal.dispose();
    }
    return { events, durationMs: this.#clock.now() - startedAt };
  }

  #apply(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') throw KubeApiError.fromStatus('WATCH', collectionPath(this.type, this.#options.namespace), event.object as never);
    this.#resourceVersion = event.object.metadata.resourceVersion ?? this.#resourceVersion;
    if (event.type === 'BOOKMARK') return;
    const object = this.#typed(event.object);
    if (event.type === 'DELETED') {
      this.store.delete(objectKey(object));
      this.#dispatch((handler) => handler.deleted?.(object));
      return;
    }
    const previous = this.store.upsert(object);
    if (previous) this.#dispatch((handler) => handler.updated?.(previous, object));
    else this.#dispatch((handler) => handler.added?.(object));
  }

  #dispatchDelta(delta: StoreDelta<T>): void {
    for (const object of delta.added) this.#dispatch((handler) => handler.added?.(object));
    for (const { previous, current } of delta.updated) this.#dispatch((handler) => handler.updated?.(previous, current));
    for (const object of delta.deleted) this.#dispatch((handler) => handler.deleted?.(object));
  }

  #dispatch(call: (handler: InformerHandler<T>) => void): void {
    for (const handler of this.#handlers) {
      try {
        call(handler);
      } catch (error) {
        this.#options.logger.error({ kind: this.type.kind, err: error }, 'informer event handler threw; handlers must only enqueue');
      }
    }
  }

  /**
   * List items carry no apiVersion/kind: fill them in, so cached objects are self-describing.
   * managedFields are dropped (client-go's TransformStripManagedFields): nothing reads them from
   * the cache, and they are often the largest part of an object.
   */
  #typed(object: T): T {
    const { managedFields: _dropped, ...metadata } = object.metadata as T['metadata'] & { managedFields?: unknown };
    return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(this.type), kind: object.kind ?? this.type.kind, metadata };
  }

  #selectors(): Record<string, string | undefined> {
    return { labelSelector: this.#options.labelSelector, fieldSelector: this.#options.fieldSelector };
  }
}
