import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { Controller } from '../../src/runtime/controller.js';
import { handleOutcome, type ReconcileOutcome } from '../../src/runtime/outcome.js';
import { TerminalError, type Reconciler, type ReconcileRequest } from '../../src/runtime/reconcile.js';
import { createRuntimeMetrics } from '../../src/observability/metrics.js';
import { Registry } from 'prom-client';

const silent = pino({ level: 'silent' });

describe('handleOutcome', () => {
  const cases: [string, ReconcileOutcome, ReturnType<typeof handleOutcome>][] = [
    ['an error is retried with growing backoff', { kind: 'error', error: new Error('x'), timedOut: false },
      { queue: { kind: 'add-rate-limited' }, result: 'error', countsAsError: true }],
    ['a timeout is an error, retried with backoff', { kind: 'error', error: new Error('x'), timedOut: true },
      { queue: { kind: 'add-rate-limited' }, result: 'error', countsAsError: true }],
    ['a terminal error is recorded and not retried', { kind: 'terminal', error: new TerminalError('x') },
      { queue: { kind: 'none' }, result: 'error', countsAsError: true }],
    ['requeue-after resets the backoff and schedules the key', { kind: 'requeue-after', delayMs: 30_000 },
      { queue: { kind: 'forget-and-add-after', delayMs: 30_000 }, result: 'requeue_after', countsAsError: false }],
    ['success resets the backoff', { kind: 'success' },
      { queue: { kind: 'forget' }, result: 'success', countsAsError: false }],
  ];
  it.each(cases)('%s', (_name, outcome, expected) => {
    expect(handleOutcome(outcome)).toEqual(expected);
  });
});

function controllerWith(reconcile: Reconciler, options: { reconcileTimeoutMs?: number; maxConcurrentReconciles?: number } = {}) {
  const registry = new Registry();
  const metrics = createRuntimeMetrics(registry);
  const controller = new Controller({
    name: 'test', reconcile, logger: silent, random: () => 0,
    metrics: metrics.controller, queueMetrics: metrics.queue('test'), ...options,
  });
  const counter = async (name: string, labels: Record<string, string>) => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    const value = (metric?.values as { value: number; labels: Record<string, string> }[] | undefined)
      ?.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return value?.value;
  };
  return { controller, counter };
}

describe('Controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries a failing key with growing backoff and resets it after a success', async () => {
    const runs: number[] = [];
    let failuresLeft = 3;
    const { controller, counter } = controllerWith(async () => {
      runs.push(Date.now());
      if (failuresLeft-- > 0) throw new Error('PVE unreachable');
    });
    const start = Date.now();
    controller.start();
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs.map((at) => at - start)).toEqual([0, 1_000, 3_000, 7_000]);
    expect(controller.queue.numRequeues('ns/a')).toBe(0);
    expect(await counter('controller_runtime_reconcile_total', { controller: 'test', result: 'error' })).toBe(3);
    expect(await counter('controller_runtime_reconcile_total', { controller: 'test', result: 'success' })).toBe(1);
    expect(await counter('controller_runtime_reconcile_errors_total', { controller: 'test' })).toBe(3);
    expect(await counter('workqueue_retries_total', { name: 'test' })).toBe(3);
  });

  it('does not retry a terminal error but reconciles the key again when it changes', async () => {
    let runs = 0;
    const { controller, counter } = controllerWith(async () => {
      runs++;
      throw new TerminalError('spec.template names no template');
    });
    controller.start();
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(runs).toBe(1);
    expect(await counter('controller_runtime_terminal_reconcile_errors_total', { controller: 'test' })).toBe(1);
    expect(await counter('controller_runtime_reconcile_errors_total', { controller: 'test' })).toBe(1);
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
  });

  it('reconciles again after requeueAfterMs', async () => {
    const runs: number[] = [];
    const { controller } = controllerWith(async () => {
      runs.push(Date.now());
      return { requeueAfterMs: 30_000 };
    });
    const start = Date.now();
    controller.start();
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(61_000);
    expect(runs.map((at) => at - start)).toEqual([0, 30_000, 60_000]);
  });

  it('aborts a run that exceeds its timeout and retries it', async () => {
    let runs = 0;
    const { controller, counter } = controllerWith(async (_request, { signal }) => {
      runs++;
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }, { reconcileTimeoutMs: 5_000 });
    controller.start();
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await counter('controller_runtime_reconcile_timeouts_total', { controller: 'test' })).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
  });

  it('contains anything a reconciler throws, including non-Error values', async () => {
    const { controller, counter } = controllerWith(async () => {
      throw 'a string';
    });
    controller.start();
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(0);
    expect(await counter('controller_runtime_reconcile_panics_total', { controller: 'test' })).toBe(1);
  });

  it.each([
    ['a bug (TypeError without a cause)', () => (undefined as unknown as { spec: object }).spec, 1],
    ['an unreachable server (fetch failed)', () => { throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }); }, 0],
  ])('counts %s as a panic only when it is one', async (_case, fail, panics) => {
    const { controller, counter } = controllerWith(async () => void fail());
    controller.start();
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(0);
    expect(await counter('controller_runtime_reconcile_errors_total', { controller: 'test' })).toBe(1);
    expect(await counter('controller_runtime_reconcile_panics_total', { controller: 'test' })).toBe(panics);
  });

  it('runs different keys in parallel up to the bound, and one key never twice at once', async () => {
    const active = new Set<string>();
    let mostActive = 0;
    let sameKeyOverlap = false;
    const { controller } = controllerWith(async ({ key }: ReconcileRequest) => {
      if (active.has(key)) sameKeyOverlap = true;
      active.add(key);
      mostActive = Math.max(mostActive, active.size);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      active.delete(key);
    }, { maxConcurrentReconciles: 3 });
    controller.start();
    for (const key of ['ns/a', 'ns/b', 'ns/c', 'ns/d', 'ns/e']) controller.enqueue(key);
    await vi.advanceTimersByTimeAsync(100);
    controller.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(mostActive).toBe(3);
    expect(sameKeyOverlap).toBe(false);
  });

  it('passes the key split into namespace and name', async () => {
    const seen: ReconcileRequest[] = [];
    const { controller } = controllerWith(async (request) => void seen.push(request));
    controller.start();
    controller.enqueue('tenant-a/web');
    controller.enqueue('cluster-scoped');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([
      { key: 'tenant-a/web', namespace: 'tenant-a', name: 'web' },
      { key: 'cluster-scoped', namespace: undefined, name: 'cluster-scoped' },
    ]);
  });

  it('stops taking keys on stop and waits for the in-flight run', async () => {
    let finished = 0;
    const { controller } = controllerWith(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      finished++;
    });
    controller.start();
    controller.enqueue('ns/a');
    controller.enqueue('ns/b');
    await vi.advanceTimersByTimeAsync(10);
    const stopped = controller.stop(10_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await stopped).toBe(true);
    expect(finished).toBe(1);
  });
});
