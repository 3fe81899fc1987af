import type { ResultLabel } from './outcome.js';

/**
 * What a controller reports about its reconciles (controller-runtime's
 * pkg/internal/controller/metrics). The Prometheus implementation lives in src/observability.
 */
export interface ControllerMetrics {
  /** Called once at start so every label value exists (as 0) before the first reconcile. */
  initialise(controller: string, maxConcurrentReconciles: number): void;
  reconciled(controller: string, result: ResultLabel, seconds: number): void;
  errored(controller: string, kind: 'error' | 'terminal' | 'panic' | 'timeout'): void;
  activeWorkers(controller: string, delta: 1 | -1): void;
}

export const noControllerMetrics: ControllerMetrics = {
  initialise: () => {},
  reconciled: () => {},
  errored: () => {},
  activeWorkers: () => {},
};
