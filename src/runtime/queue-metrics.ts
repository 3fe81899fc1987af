/**
 * What a work queue reports about itself (client-go's queueMetrics hooks). The Prometheus
 * implementation lives in src/observability; the runtime only calls these hooks.
 */
export interface QueueMetrics {
  /** A key became dirty (a real add, not a deduplicated one). */
  added(key: string): void;
  /** A worker took the key. */
  started(key: string): void;
  /** The worker finished the key. */
  finished(key: string): void;
  /** The key was re-added after a failure. */
  retried(key: string): void;
}

export const noQueueMetrics: QueueMetrics = {
  added: () => {},
  started: () => {},
  finished: () => {},
  retried: () => {},
};
