import type { Logger } from 'pino';

/** What to reconcile: only the object's identity, never the event that triggered it. */
export interface ReconcileRequest {
  /** `namespace/name`, or `name` for cluster-scoped objects; the work-queue key. */
  key: string;
  namespace: string | undefined;
  name: string;
}

export interface ReconcileContext {
  /** Aborted when the per-reconcile timeout expires or the controller shuts down. */
  signal: AbortSignal;
  /** A child logger carrying controller, namespace, name and reconcileID. */
  logger: Logger;
  /** Unique per reconcile run; ties log lines, events and metrics of one run together. */
  reconcileID: string;
}

/**
 * The result of a successful reconcile. `requeueAfterMs` asks to look again later (polling a
 * Proxmox task, a periodic health check); omit it when only a change should trigger the next run.
 * To retry after a failure, throw: the queue's backoff decides when.
 */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

/**
 * Converges one object towards its desired state. Must be idempotent and level-based: read the
 * world, take the next step, return. Throw `TerminalError` when retrying cannot help.
 */
export type Reconciler = (request: ReconcileRequest, context: ReconcileContext) => Promise<ReconcileResult | void>;

/**
 * A failure that retrying cannot fix (an invalid spec, a missing permission the user must grant).
 * It is logged and counted but not retried; the next change to the object triggers a new run.
 */
export class TerminalError extends Error {
  override name = 'TerminalError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The per-reconcile timeout fired and the reconciler gave up. Retried with backoff. */
export class ReconcileTimeoutError extends Error {
  override name = 'ReconcileTimeoutError';
}

/** The inverse of `objectKey`: neither namespaces nor names may contain `/`, so one slash splits them. */
export function requestFromKey(key: string): ReconcileRequest {
  const slash = key.indexOf('/');
  if (slash < 0) return { key, namespace: undefined, name: key };
  return { key, namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
