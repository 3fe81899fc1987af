/**
 * The operator side of `npm run bench:runtime`: a Manager with one no-op Widget controller,
 * measuring itself. Prints one JSON line with its figures on stdout, then exits.
 */
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { Manager } from '../../src/runtime/manager.js';
import { widgetType, type Widget } from '../runtime/fixtures/widget.js';

const expected = Number(process.env['BENCH_OBJECTS']);
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(process.env['KUBECONFIG']!);

const manager = new Manager({ kubeConfig, logger: pino({ level: 'warn' }, pino.destination(2)), leaderElection: false, metricsPort: false, healthPort: false });
const widgets = manager.informer<Widget>(widgetType);
let reconciled = 0;
let allReconciled: () => void = () => {};
const controller = manager.controller({
  name: 'widget',
  for: widgetType,
  maxConcurrentReconciles: 1,
  reconcile: async (request) => {
    // The cheapest honest reconcile: read the cached object, find nothing to do.
    widgets.store.get(request.key);
    if (++reconciled === expected) allReconciled();
  },
});

const untilAllReconciled = () => new Promise<void>((resolve) => (allReconciled = resolve));
// performance.now() counts from process start, so syncedMs includes loading the code.
const startCalledMs = performance.now();
let done = untilAllReconciled();
await manager.start();
const syncedMs = performance.now();
await done;
const firstPassMs = performance.now() - syncedMs;
global.gc?.();
const rssAfterSyncMb = process.memoryUsage().rss / 2 ** 20;

// A second full pass with a warm process isolates the runtime's per-reconcile overhead.
reconciled = 0;
done = untilAllReconciled();
const passStartedAt = performance.now();
for (const key of widgets.store.keys()) controller.enqueue(key);
await done;
const passMs = performance.now() - passStartedAt;
global.gc?.();
const rssMb = process.memoryUsage().rss / 2 ** 20;

process.stdout.write(`${JSON.stringify({
  objects: widgets.store.size,
  syncedMs: Math.round(syncedMs),
  listAndSyncMs: Math.round(syncedMs - startCalledMs),
  firstPassMs: Math.round(firstPassMs),
  perReconcileMicroseconds: Math.round((passMs * 1000) / expected),
  rssAfterSyncMb: Math.round(rssAfterSyncMb),
  rssMb: Math.round(rssMb),
  heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
})}\n`);
await manager.stop();
process.exit(0);
