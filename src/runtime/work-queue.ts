import { realClock, type Clock, type TimerHandle } from './clock.js';
import { MinHeap } from './min-heap.js';
import { noQueueMetrics, type QueueMetrics } from './queue-metrics.js';
import { FailureRateLimiter } from './rate-limiter.js';

/** The longest delay `setTimeout` honours (2^31-1 ms, about 24.8 days). */
const longestTimerMs = 2 ** 31 - 1;

export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: FailureRateLimiter<string>;
  metrics?: QueueMetrics;
}

/**
 * A deduplicating, delaying, rate-limited queue of reconcile keys with client-go's contract
 * (util/workqueue queue.go, delaying_queue.go, rate_limiting_queue.go).
 *
 * Invariants:
 * - A key is in `dirty` from the moment it is added until a worker takes it; adding a dirty key
 *   again changes nothing, so a burst of events becomes one reconcile.
 * - A key is in `processing` while a worker holds it and is never handed to a second worker; a key
 *   added meanwhile stays dirty and is queued again by `done`, so no change is ever missed.
 * - A key has at most one pending delayed add, at the earliest time anyone asked for. An immediate
 *   `add` supersedes it: the reconcile it triggers decides afresh when to look again.
 * - Failure counts live in the rate limiter; only `forget` (a success) resets them.
 */
export class WorkQueue {
  readonly #clock: Clock;
  readonly #rateLimiter: FailureRateLimiter<string>;
  readonly #metrics: QueueMetrics;

  /** Keys ready to be taken, in FIFO order. Every key in it is also in `dirty`. */
  #ready: string[] = [];
  #readyHead = 0;
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();

  /** Pending delayed adds: key → ready time. The heap may hold stale entries; this map is truth. */
  readonly #waiting = new Map<string, number>();
  readonly #timeline = new MinHeap<string>();
  #timer: { handle: TimerHandle; at: number } | undefined;

  readonly #takers: ((key: string | undefined) => void)[] = [];
  readonly #drainWaiters: (() => void)[] = [];
  #shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#clock = options.clock ?? realClock;
    this.#rateLimiter = options.rateLimiter ?? new FailureRateLimiter();
    this.#metrics = options.metrics ?? noQueueMetrics;
  }

  /** Marks `key` as needing a reconcile as soon as a worker is free. */
  add(key: string): void {
    if (this.#shuttingDown) return;
    this.#waiting.delete(key);
    if (this.#dirty.has(key)) return;
    this.#dirty.add(key);
    this.#metrics.added(key);
    if (this.#processing.has(key)) return;
    this.#pushReady(key);
  }

  /**
   * Adds `key` after `delayMs`; if it is already scheduled, the earlier time wins. A dirty key
   * needs no schedule: it is about to be reconciled, and that reconcile decides what comes next.
   */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    if (this.#dirty.has(key)) return;
    const readyAt = this.#clock.now() + delayMs;
    const scheduled = this.#waiting.get(key);
    if (scheduled !== undefined && scheduled <= readyAt) return;
    this.#waiting.set(key, readyAt);
    this.#timeline.push(readyAt, key);
    this.#armTimer();
  }

  /** Records a failure of `key` and adds it again after its (growing) backoff. */
  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics.retried(key);
    this.addAfter(key, this.#rateLimiter.whenFailed(key));
  }

  /** `key` succeeded: its backoff starts from the base delay next time. */
  forget(key: string): void {
    this.#rateLimiter.forget(key);
  }

  /** Failures of `key` since its last success. */
  numRequeues(key: string): number {
    return this.#rateLimiter.failures(key);
  }

  /**
   * Resolves with the next key to reconcile, which the caller now holds until `done(key)`;
   * resolves with `undefined` once the queue shuts down.
   */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    const key = this.#takeReady();
    if (key !== undefined) return Promise.resolve(key);
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  /** Releases `key`; if it was added while held, it is queued again. */
  done(key: string): void {
    this.#metrics.finished(key);
    this.#processing.delete(key);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#pushReady(key);
    if (this.#processing.size === 0) this.#drainWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Keys waiting for a worker (not counting delayed or in-flight ones). */
  len(): number {
    return this.#ready.length - this.#readyHead;
  }

  get isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /**
   * Stops handing out keys: pending `get`s resolve with `undefined`, queued and delayed keys are
   * dropped (a level-based controller recomputes everything on its next start). Keys already held
   * by workers finish normally; `drained()` tells when the last one is done.
   */
  shutDown(): void {
    this.#shuttingDown = true;
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    this.#waiting.clear();
    this.#timeline.clear();
    this.#takers.splice(0).forEach((resolve) => resolve(undefined));
  }

  /** Resolves when no key is held by a worker. */
  drained(): Promise<void> {
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #pushReady(key: string): void {
    const taker = this.#takers.shift();
    if (taker) {
      this.#startProcessing(key);
      taker(key);
      return;
    }
    this.#ready.push(key);
  }

  #takeReady(): string | undefined {
    if (this.#readyHead >= this.#ready.length) return undefined;
    const key = this.#ready[this.#readyHead++]!;
    if (this.#readyHead > 1024 && this.#readyHead * 2 > this.#ready.length) {
      this.#ready = this.#ready.slice(this.#readyHead);
      this.#readyHead = 0;
    }
    this.#startProcessing(key);
    return key;
  }

  #startProcessing(key: string): void {
    this.#dirty.delete(key);
    this.#processing.add(key);
    this.#metrics.started(key);
  }

  /** Keeps exactly one timer, set for the earliest pending delayed add. */
  #armTimer(): void {
    const next = this.#timeline.peek();
    if (next === undefined) return;
    if (this.#timer && this.#timer.at <= next.priority) return;
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    // Node fires a timer longer than 2^31-1 ms after 1 ms; wake at the longest allowed delay instead
    // and re-arm then, or a requeue weeks ahead would spin the event loop every millisecond.
    const delay = Math.min(Math.max(0, next.priority - this.#clock.now()), longestTimerMs);
    this.#timer = { at: this.#clock.now() + delay, handle: this.#clock.setTimeout(() => this.#fireDue(), delay) };
  }

  #fireDue(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    for (let next = this.#timeline.peek(); next && next.priority <= now; next = this.#timeline.peek()) {
      this.#timeline.pop();
      // A stale heap entry: the key was re-scheduled earlier, promoted, or already fired.
      if (this.#waiting.get(next.value) !== next.priority) continue;
      this.#waiting.delete(next.value);
      this.add(next.value);
    }
    this.#armTimer();
  }
}
