import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ControllerMetrics } from '../runtime/controller-metrics.js';
import type { QueueMetrics } from '../runtime/queue-metrics.js';
import type { ResultLabel } from '../runtime/outcome.js';

/**
 * Prometheus metrics under controller-runtime's names and labels
 * (pkg/internal/controller/metrics, pkg/internal/metrics/workqueue.go, pkg/metrics/leaderelection.go),
 * so dashboards and alerts written for Go operators work unchanged.
 */
export interface RuntimeMetrics {
  registry: Registry;
  controller: ControllerMetrics;
  /** Work-queue hooks for the queue of controller `name`. */
  queue(name: string): QueueMetrics;
  leaderElection: LeaderElectionMetrics;
}

export interface LeaderElectionMetrics {
  /** 1 while this process holds lease `name`, else 0. */
  setLeading(name: string, leading: boolean): void;
}

const reconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25,
  1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];
/** client-go's ExponentialBuckets(10e-9, 10, 12): 10 ns … 1000 s. */
const queueBuckets = Array.from({ length: 12 }, (_, index) => 1e-8 * Math.pow(10, index));
const resultLabels: ResultLabel[] = ['success', 'error', 'requeue_after'];

export function createRuntimeMetrics(registry: Registry, now: () => number = () => Date.now()): RuntimeMetrics {
  const registers = [registry];
  const controllerLabel = ['controller'] as const;
  const reconcileTotal = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers });
  const reconcileErrors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: controllerLabel, registers });
  const terminalErrors = new Counter({ name: 'controller_runtime_terminal_reconcile_errors_total', help: 'Total number of terminal reconciliation errors per controller', labelNames: controllerLabel, registers });
  const panics = new Counter({ name: 'controller_runtime_reconcile_panics_total', help: 'Total number of reconciliation panics (thrown programming errors) per controller', labelNames: controllerLabel, registers });
  const timeouts = new Counter({ name: 'controller_runtime_reconcile_timeouts_total', help: 'Total number of reconciliation timeouts per controller', labelNames: controllerLabel, registers });
  const reconcileTime = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: controllerLabel, buckets: reconcileBuckets, registers });
  const maxConcurrent = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: controllerLabel, registers });
  const activeWorkers = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: controllerLabel, registers });
  const errorCounters = { error: reconcileErrors, terminal: terminalErrors, panic: panics, timeout: timeouts };

  const controller: ControllerMetrics = {
    initialise(name, maxConcurrentReconciles) {
      for (const result of resultLabels) reconcileTotal.inc({ controller: name, result }, 0);
      for (const counter of Object.values(errorCounters)) counter.inc({ controller: name }, 0);
      activeWorkers.set({ controller: name }, 0);
      maxConcurrent.set({ controller: name }, maxConcurrentReconciles);
    },
    reconciled(name, result, seconds) {
      reconcileTotal.inc({ controller: name, result });
      reconcileTime.observe({ controller: name }, seconds);
    },
    errored(name, kind) {
      errorCounters[kind].inc({ controller: name });
    },
    activeWorkers(name, delta) {
      activeWorkers.inc({ controller: name }, delta);
    },
  };

  const leaderStatus = new Gauge({ name: 'leader_election_master_status', help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. \'name\' is the string used to identify the lease. Please make sure to group by name.', labelNames: ['name'], registers });
  const leaderElection: LeaderElectionMetrics = {
    setLeading: (name, leading) => leaderStatus.set({ name }, leading ? 1 : 0),
  };

  return { registry, controller, queue: workqueueMetrics(registry, now), leaderElection };
}

/** client-go's defaultQueueMetrics: add/start times per key, unfinished work computed on scrape. */
function workqueueMetrics(registry: Registry, now: () => number): (name: string) => QueueMetrics {
  const registers = [registry];
  const labelNames = ['name', 'controller'] as const;
  const addedAt = new Map<string, Map<string, number>>();
  const startedAt = new Map<string, Map<string, number>>();
  const runningSeconds = (name: string) => [...(startedAt.get(name)?.values() ?? [])].map((at) => (now() - at) / 1000);

  const depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames, registers });
  const adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames, registers });
  const latency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames, buckets: queueBuckets, registers });
  const workDuration = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames, buckets: queueBuckets, registers });
  const retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames, registers });
  new Gauge({
    name: 'workqueue_unfinished_work_seconds', labelNames, registers,
    help: 'How many seconds of work has been done that is in progress and hasn\'t been observed by work_duration. Large values indicate stuck threads.',
    collect() {
      for (const name of startedAt.keys()) this.set({ name, controller: name }, runningSeconds(name).reduce((sum, s) => sum + s, 0));
    },
  });
  new Gauge({
    name: 'workqueue_longest_running_processor_seconds', labelNames, registers,
    help: 'How many seconds has the longest running processor for workqueue been running.',
    collect() {
      for (const name of startedAt.keys()) this.set({ name, controller: name }, Math.max(0, ...runningSeconds(name)));
    },
  });

  return (name) => {
    const labels = { name, controller: name };
    const added = new Map<string, number>();
    const started = new Map<string, number>();
    addedAt.set(name, added);
    startedAt.set(name, started);
    depth.set(labels, 0);
    adds.inc(labels, 0);
    retries.inc(labels, 0);
    return {
      added(key) {
        adds.inc(labels);
        depth.inc(labels);
        if (!added.has(key)) added.set(key, now());
      },
      started(key) {
        depth.dec(labels);
        started.set(key, now());
        const at = added.get(key);
        if (at !== undefined) latency.observe(labels, (now() - at) / 1000);
        added.delete(key);
      },
      finished(key) {
        const at = started.get(key);
        if (at !== undefined) workDuration.observe(labels, (now() - at) / 1000);
        started.delete(key);
      },
      retried() {
        retries.inc(labels);
      },
    };
  };
}
