import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { formatMicroTime } from './conditions.js';
import type { KubeClient } from './kube-client.js';
import { apiVersionOf, collectionPath, eventType, objectPath, type KubeObject } from './kube-object.js';

export interface EventNote {
  type: 'Normal' | 'Warning';
  /** CamelCase, why it happened: `Provisioned`, `NodeUnreachable`. */
  reason: string;
  /** CamelCase, what was done: `Create`, `Delete`, `Reconcile`. */
  action: string;
  /** Human-readable, at most 1 kB. */
  note: string;
}

export interface EventRecorderOptions {
  client: KubeClient;
  logger: Logger;
  /** `reportingController`, e.g. `pve.operator.dev/pve-operator`. */
  reportingController: string;
  /** `reportingInstance`: this process's identity. */
  reportingInstance: string;
  clock?: Clock;
  /** Repeats of one event within this window become series updates instead of new Events. */
  seriesWindowMs?: number;
  /** At most one series update per event per this interval; repeats in between are summed. */
  seriesFlushMs?: number;
  /** Token bucket per object: burst, and one more token per `refillMs` (client-go: 25, 5 min). */
  burst?: number;
  refillMs?: number;
}

interface SeenEvent {
  name: string;
  namespace: string;
  count: number;
  lastObservedAt: number;
  flushed: number;
  flushTimer: TimerHandle | undefined;
}

/**
 * Records `events.k8s.io/v1` Events about objects, deduplicated so a reconcile loop cannot flood
 * the apiserver.
 *
 * Expected flow: a reconciler calls `record(object, note)` on a user-visible transition.
 *
 * Guarantees: the first occurrence creates an Event; identical repeats (same object, type,
 * reason, action and note) within `seriesWindowMs` only raise `series.count`, written at most once
 * per `seriesFlushMs`; each object may cause at most `burst` new Events, refilled slowly. Never
 * throws and never blocks the caller: failures are logged at debug level and dropped.
 *
 * Assumptions: callers record transitions, not every run; notes carry no secrets.
 *
 * Caveats: dedup state is per process; a new leader starts a fresh series. Dropped events are
 * not retried — Events are best-effort by design, status conditions are the record — but an Event
 * whose creation failed is created afresh by its next repeat.
 */
export class EventRecorder {
  readonly #options: EventRecorderOptions;
  readonly #clock: Clock;
  readonly #seen = new Map<string, SeenEvent>();
  readonly #buckets = new Map<string, { tokens: number; refilledAt: number }>();
  #expiredAt = 0;

  readonly #burst: number;
  readonly #refillMs: number;

  constructor(options: EventRecorderOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.#burst = options.burst ?? 25;
    this.#refillMs = options.refillMs ?? 5 * 60_000;
  }

  record(regarding: KubeObject, event: EventNote): void {
    const now = this.#clock.now();
    this.#expire(now);
    const identity = [regarding.metadata.uid ?? regarding.metadata.name, event.type, event.reason, event.action, event.note].join('\u0000');
    const seen = this.#seen.get(identity);
    if (seen) {
      seen.count++;
      seen.lastObservedAt = now;
      this.#scheduleSeriesFlush(seen);
      return;
    }
    if (!this.#takeToken(regarding.metadata.uid ?? identity, now)) {
      this.#options.logger.debug({ reason: event.reason }, 'event dropped: too many events about one object');
      return;
    }
    const namespace = regarding.metadata.namespace ?? 'default';
    const name = eventName(regarding.metadata.name ?? 'object');
    const series: SeenEvent = { name, namespace, count: 1, lastObservedAt: now, flushed: 1, flushTimer: undefined };
    this.#seen.set(identity, series);
    // If the Event was never created, repeats must create it rather than patch a series of nothing.
    const forgetSeries = () => {
      if (series.flushTimer !== undefined) this.#clock.clearTimeout(series.flushTimer);
      if (this.#seen.get(identity) === series) this.#seen.delete(identity);
    };
    this.#send(forgetSeries, {
      method: 'POST',
      path: collectionPath(eventType, namespace),
      body: {
        apiVersion: apiVersionOf(eventType), kind: eventType.kind,
        metadata: { name, namespace },
        eventTime: formatMicroTime(new Date(now)),
        reportingController: this.#options.reportingController,
        reportingInstance: this.#options.reportingInstance,
        regarding: { apiVersion: regarding.apiVersion, kind: regarding.kind, name: regarding.metadata.name, namespace: regarding.metadata.namespace, uid: regarding.metadata.uid, resourceVersion: regarding.metadata.resourceVersion },
        type: event.type, reason: event.reason, action: event.action, note: event.note.slice(0, 1024),
      },
    });
  }

  /** Cancels pending series flushes (on shutdown). */
  close(): void {
    for (const seen of this.#seen.values()) if (seen.flushTimer !== undefined) this.#clock.clearTimeout(seen.flushTimer);
    this.#seen.clear();
  }

  #scheduleSeriesFlush(seen: SeenEvent): void {
    if (seen.flushTimer !== undefined) return;
    seen.flushTimer = this.#clock.setTimeout(() => {
      seen.flushTimer = undefined;
      if (seen.count === seen.flushed) return;
      seen.flushed = seen.count;
      this.#send(undefined, {
        method: 'PATCH',
        path: objectPath(eventType, seen.namespace, seen.name),
        contentType: 'application/merge-patch+json',
        body: { series: { count: seen.count, lastObservedTime: formatMicroTime(new Date(seen.lastObservedAt)) } },
      });
    }, this.#options.seriesFlushMs ?? 30_000);
  }

  #takeToken(objectId: string, now: number): boolean {
    const bucket = this.#buckets.get(objectId) ?? { tokens: this.#burst, refilledAt: now };
    const refill = Math.floor((now - bucket.refilledAt) / this.#refillMs);
    if (refill > 0) {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + refill);
      bucket.refilledAt += refill * this.#refillMs;
    }
    this.#buckets.set(objectId, bucket);
    if (bucket.tokens <= 0) return false;
    bucket.tokens--;
    return true;
  }

  /** Forgets series that went quiet, so the maps stay bounded by recent activity. */
  #expire(now: number): void {
    // A sweep per minute at most keeps `record` O(1) however many objects have events.
    if (now - this.#expiredAt < 60_000) return;
    this.#expiredAt = now;
    const window = this.#options.seriesWindowMs ?? 6 * 60_000;
    for (const [identity, seen] of this.#seen) {
      if (now - seen.lastObservedAt > window && seen.flushTimer === undefined) this.#seen.delete(identity);
    }
    // A bucket untouched this long has refilled completely: forgetting it changes nothing.
    for (const [id, bucket] of this.#buckets) {
      if (now - bucket.refilledAt > this.#burst * this.#refillMs) this.#buckets.delete(id);
    }
  }

  #send(onFailure: (() => void) | undefined, request: Parameters<KubeClient['request']>[0]): void {
    this.#options.client.request(request).catch((error: unknown) => {
      onFailure?.();
      this.#options.logger.debug({ err: error, path: request.path }, 'event not recorded');
    });
  }
}

/**
 * `<object name>.<16 hex digits>`, like client-go's, but cut to fit: an Event's name is a DNS
 * subdomain of at most 253 characters, and the apiserver would reject (and we silently drop) the
 * Event of an object whose own name is already near that length.
 */
export function eventName(objectName: string): string {
  const suffix = `.${randomBytes(8).toString('hex')}`;
  // A cut may leave a trailing '-' or '.', which may not end a DNS label.
  const prefix = objectName.slice(0, 253 - suffix.length).replace(/[^a-z0-9]+$/, '');
  return `${prefix || 'object'}${suffix}`;
}
