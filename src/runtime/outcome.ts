import { TerminalError, type ReconcileResult } from './reconcile.js';

/** Everything a reconcile run can end with, flattened. */
export type ReconcileOutcome =
  | { kind: 'success' }
  | { kind: 'requeue-after'; delayMs: number }
  | { kind: 'error'; error: unknown; timedOut: boolean }
  | { kind: 'terminal'; error: TerminalError };

/** What the queue does with the key afterwards. */
export type QueueAction =
  | { kind: 'forget' }
  | { kind: 'forget-and-add-after'; delayMs: number }
  | { kind: 'add-rate-limited' }
  | { kind: 'none' };

/** The `result` label of controller_runtime_reconcile_total. */
export type ResultLabel = 'success' | 'requeue_after' | 'error';

export interface OutcomeHandling {
  queue: QueueAction;
  result: ResultLabel;
  /** Counted in controller_runtime_reconcile_errors_total. */
  countsAsError: boolean;
}

export function outcomeOfSuccess(result: ReconcileResult | void): ReconcileOutcome {
  const delayMs = result?.requeueAfterMs ?? 0;
  return delayMs > 0 ? { kind: 'requeue-after', delayMs } : { kind: 'success' };
}

export function outcomeOfError(error: unknown, timedOut: boolean): ReconcileOutcome {
  if (error instanceof TerminalError) return { kind: 'terminal', error };
  return { kind: 'error', error, timedOut };
}

/**
 * The one place that decides what each outcome means (controller-runtime's reconcileHandler):
 *
 * | outcome        | queue                              | result        |
 * |----------------|------------------------------------|---------------|
 * | error          | add rate-limited (backoff grows)   | error         |
 * | terminal error | nothing; wait for the next change  | error         |
 * | requeue-after  | forget backoff, add after delay    | requeue_after |
 * | success        | forget backoff                     | success       |
 */
export function handleOutcome(outcome: ReconcileOutcome): OutcomeHandling {
  switch (outcome.kind) {
    case 'error':
      return { queue: { kind: 'add-rate-limited' }, result: 'error', countsAsError: true };
    case 'terminal':
      return { queue: { kind: 'none' }, result: 'error', countsAsError: true };
    case 'requeue-after':
      return { queue: { kind: 'forget-and-add-after', delayMs: outcome.delayMs }, result: 'requeue_after', countsAsError: false };
    case 'success':
      return { queue: { kind: 'forget' }, result: 'success', countsAsError: false };
  }
}
