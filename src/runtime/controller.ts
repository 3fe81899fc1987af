import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { realClock, type Clock } from './clock.js';
import { noControllerMetrics, type ControllerMetrics } from './controller-metrics.js';
import { handleOutcome, outcomeOfError, outcomeOfSuccess, type ReconcileOutcome } from './outcome.js';
import { noQueueMetrics, type QueueMetrics } from './queue-metrics.js';
import { linkedSignal } from './linked-signal.js';
import { FailureRateLimiter } from './rate-limiter.js';
import { ReconcileTimeoutError, requestFromKey, type Reconciler } from './reconcile.js';
import { WorkQueue } from './work-queue.js';
import type { BackoffOptions } from './backoff.js';

export interface ControllerOptions {
  /** Names the controller in logs and metric labels, e.g. `container`. */
  name: string;
  reconcile: Reconciler;
  logger: Logger;
  /** Workers; a key is never reconciled by two at once. Default 1, as in controller-runtime. */
  maxConcurrentReconciles?: number;
  /** Aborts a run's signal after this long; the run then counts as a (retried) error. */
  reconcileTimeoutMs?: number;
  backoff?: BackoffOptions;
  clock?: Clock;
  random?: () => number;
  metrics?: ControllerMetrics;
  queueMetrics?: QueueMetrics;
}

/**
 * Runs a reconciler over a work queue with a bounded number of workers.
 *
 * Expected flow: event handlers and relations call `enqueue(key)`; the manager calls `start()`
 * once caches are synced and this instance leads, and `stop()` on shutdown.
 *
 * Guarantees: one run per key at a time; a key enqueued during its run runs again afterwards;
 * every outcome (result, error, terminal error, timeout, a thrown non-Error) goes through
 * `handleOutcome`, is logged once and counted once; nothing a reconciler throws escapes.
 *
 * Assumptions: reconcilers are idempotent and honour `context.signal`.
 *
 * Caveats: a reconciler that ignores its signal keeps its worker (and its key) until it returns —
 * releasing the key early would let a second run of the same object start beside it.
 */
export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #options: ControllerOptions;
  readonly #clock: Clock;
  readonly #metrics: ControllerMetrics;
  readonly #stopping = new AbortController();
  #workers: Promise<void>[] = [];

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.#metrics = options.metrics ?? noControllerMetrics;
    this.queue = new WorkQueue({
      clock: this.#clock,
      rateLimiter: new FailureRateLimiter(options.backoff, options.random),
      metrics: options.queueMetrics ?? noQueueMetrics,
    });
  }

  get maxConcurrentReconciles(): number {
    return Math.max(1, this.#options.maxConcurrentReconciles ?? 1);
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Starts the workers. Call once. */
  start(): void {
    this.#metrics.initialise(this.name, this.maxConcurrentReconciles);
    for (let index = 0; index < this.maxConcurrentReconciles; index++) this.#workers.push(this.#work());
  }

  /**
   * Stops taking keys, aborts in-flight runs' signals after `drainTimeoutMs`, and resolves once
   * every worker has returned (or at the latest `drainTimeoutMs` later still). Returns whether
   * every in-flight run finished.
   */
  async stop(drainTimeoutMs = 10_000): Promise<boolean> {
    this.queue.shutDown();
    const drained = await this.#within(this.queue.drained(), drainTimeoutMs);
    if (drained) return true;
    this.#stopping.abort(new Error(`controller ${this.name} is shutting down`));
    return this.#within(Promise.all(this.#workers).then(() => undefined), drainTimeoutMs);
  }

  async #work(): Promise<void> {
    for (let key = await this.queue.get(); key !== undefined; key = await this.queue.get()) {
      this.#metrics.activeWorkers(this.name, 1);
      try {
        await this.reconcileKey(key);
      } finally {
        this.#metrics.activeWorkers(this.name, -1);
        this.queue.done(key);
      }
    }
  }

  /** One run of the reconciler for `key`, with its outcome applied to the queue. Never throws. */
  async reconcileKey(key: string): Promise<ReconcileOutcome> {
    const request = requestFromKey(key);
    const reconcileID = randomUUID();
    const logger = this.#options.logger.child({ controller: this.name, namespace: request.namespace, name: request.name, reconcileID });
    const timeoutMs = this.#options.reconcileTimeoutMs;
    const run = linkedSignal([this.#stopping.signal], { timeoutMs, timeoutReason: () => new ReconcileTimeoutError('reconcile timed out'), clock: this.#clock });
    const startedAt = this.#clock.now();
    let outcome: ReconcileOutcome;
    try {
      outcome = outcomeOfSuccess(await this.#options.reconcile(request, { signal: run.signal, logger, reconcileID }));
    } catch (error) {
      const timedOut = run.signal.reason instanceof ReconcileTimeoutError;
      outcome = outcomeOfError(timedOut ? new ReconcileTimeoutError(`reconcile timed out after ${timeoutMs} ms`, { cause: error }) : error, timedOut);
    } finally {
      run.dispose();
    }
    this.#apply(key, outcome, (this.#clock.now() - startedAt) / 1000, logger);
    return outcome;
  }

  #apply(key: string, outcome: ReconcileOutcome, seconds: number, logger: Logger): void {
    const handling = handleOutcome(outcome);
    switch (handling.queue.kind) {
      case 'add-rate-limited':
        this.queue.addRateLimited(key);
        break;
      case 'forget-and-add-after':
        this.queue.forget(key);
        this.queue.addAfter(key, handling.queue.delayMs);
        break;
      case 'forget':
        this.queue.forget(key);
        break;
      case 'none':
        break;
    }
    this.#metrics.reconciled(this.name, handling.result, seconds);
    if (handling.countsAsError) this.#metrics.errored(this.name, 'error');
    if (outcome.kind === 'error') {
      if (outcome.timedOut) this.#metrics.errored(this.name, 'timeout');
      if (isProgrammingError(outcome.error)) this.#metrics.errored(this.name, 'panic');
      logger.error({ err: outcome.error, retries: this.queue.numRequeues(key) }, 'reconcile failed; retrying with backoff');
    } else if (outcome.kind === 'terminal') {
      this.#metrics.errored(this.name, 'terminal');
      logger.error({ err: outcome.error }, 'reconcile failed terminally; not retrying until the object changes');
    } else {
      logger.debug({ outcome: outcome.kind }, 'reconciled');
    }
  }

  #within(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const handle = this.#clock.setTimeout(() => resolve(false), timeoutMs);
      void promise.then(() => {
        this.#clock.clearTimeout(handle);
        resolve(true);
      });
    });
  }
}

/**
 * The JavaScript counterpart of a Go panic: a bug in the reconciler rather than a failed step.
 * fetch reports an unreachable server as `TypeError('fetch failed', { cause })`; the cause marks it
 * as an ordinary transient failure, so a network blip does not page anyone about panics.
 */
function isProgrammingError(error: unknown): boolean {
  if (error instanceof TypeError) return error.cause === undefined;
  return !(error instanceof Error) || error instanceof ReferenceError || error instanceof RangeError || error instanceof SyntaxError;
}
