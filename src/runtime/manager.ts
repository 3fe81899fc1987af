import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createLogger, type Logger } from '../observability/logger.js';
import { createRuntimeMetrics, type RuntimeMetrics } from '../observability/metrics.js';
import { serveMetrics, serveProbes, type HttpEndpoint } from '../observability/http-servers.js';
import { Controller, type ControllerOptions } from './controller.js';
import { EventRecorder } from './events.js';
import { Informer, type InformerOptions } from './informer.js';
import { HttpKubeClient, type KubeClient } from './kube-client.js';
import type { KubeObject, ResourceType } from './kube-object.js';
import { LeaderElector } from './leader-election.js';
import { enqueueMapped, enqueueSelf, startResync, type MapToKeys } from './relations.js';
import type { Indexer } from './store.js';

export interface LeaderElectionSettings {
  leaseName: string;
  leaseNamespace: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface ManagerOptions {
  /** Where to connect; ignored when `client` is given. */
  kubeConfig?: KubeConfig;
  client?: KubeClient;
  logger?: Logger;
  /** This process's identity in Leases and Events; default `hostname_uuid`. */
  identity?: string;
  /** `false` runs the controllers at once, without a Lease (tests, single replicas). */
  leaderElection: LeaderElectionSettings | false;
  /** Port of `/metrics`; `false` serves none, 0 picks a free one. Default 8080. */
  metricsPort?: number | false;
  /** Port of `/healthz` and `/readyz`; `false` serves none, 0 picks a free one. Default 8081. */
  healthPort?: number | false;
  /** How long `start()` waits for the caches; controller-runtime's CacheSyncTimeout. Default 2 min. */
  cacheSyncTimeoutMs?: number;
  /** How long `stop()` lets in-flight reconciles finish. Default 10 s. */
  drainTimeoutMs?: number;
  /** Called when leadership is lost, after the workers stopped. Default: exit the process with 1. */
  onLeadershipLost?: () => void;
  /** Defaults for every informer (namespace restriction, page size, stall timeout). */
  informerDefaults?: Pick<InformerOptions<KubeObject>, 'namespace' | 'pageSize' | 'stallTimeoutMs' | 'backoff'>;
  reportingController?: string;
}

export interface ManagedControllerOptions extends Omit<ControllerOptions, 'logger' | 'metrics' | 'queueMetrics'> {
  /** The kind this controller reconciles; its own events enqueue its own keys. */
  for: ResourceType;
  /** Other kinds whose events enqueue keys of `for` (Secrets, ProxmoxNodes, Namespaces). */
  watches?: { type: ResourceType; map: MapToKeys }[];
  /** Enqueue every object of `for` this often (jittered); drift repair. */
  resyncPeriodMs?: number;
}

/**
 * Owns everything a running operator needs: one informer per kind, the controllers, leader
 * election, the event recorder, `/metrics` and the probe endpoints.
 *
 * Expected flow: create, register informers (with their indexers) and controllers, `start()`,
 * then `runUntilSignal()` in the main program (or `stop()` in tests).
 *
 * Guarantees: caches run on every replica (so a standby is warm and ready); controllers run only
 * while this replica leads; losing the lease stops every worker at once and calls
 * `onLeadershipLost`; `stop()` drains in-flight reconciles for at most `drainTimeoutMs`, then
 * releases the lease, so the next leader takes over within one retry period.
 *
 * Assumptions: registration happens before `start()`.
 *
 * Caveats: readiness reports cache sync, not leadership, so standbys stay in Service endpoints.
 */
export class Manager {
  readonly client: KubeClient;
  readonly logger: Logger;
  readonly identity: string;
  readonly metrics: RuntimeMetrics;
  readonly events: EventRecorder;
  readonly #options: ManagerOptions;
  readonly #informers = new Map<string, Informer>();
  readonly #controllers: { controller: Controller; options: ManagedControllerOptions }[] = [];
  /** Aborted when `stop()` begins: no more acquiring, no more starting controllers. */
  readonly #stopping = new AbortController();
  /**
   * Aborted only once in-flight reconciles have drained: until then this replica must keep
   * renewing, or the Lease expires and a successor reconciles the same objects beside them.
   */
  readonly #stopRenewing = new AbortController();
  readonly #stopResyncs: (() => void)[] = [];
  #elector: LeaderElector | undefined;
  #endpoints: HttpEndpoint[] = [];
  #leadership: Promise<void> | undefined;
  #leadingStarted!: () => void;
  /** Resolves once this manager's controllers are running (it leads, or needs no lease). */
  readonly leading: Promise<void>;

  constructor(options: ManagerOptions) {
    this.#options = options;
    this.logger = options.logger ?? createLogger();
    this.identity = options.identity ?? `${hostname()}_${randomUUID()}`;
    if (options.client) this.client = options.client;
    else if (options.kubeConfig) this.client = new HttpKubeClient(options.kubeConfig);
    else throw new Error('Manager needs a kubeConfig or a client');
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    this.metrics = createRuntimeMetrics(registry);
    this.events = new EventRecorder({
      client: this.client, logger: this.logger,
      reportingController: options.reportingController ?? 'pve.operator.dev/pve-operator',
      reportingInstance: this.identity,
    });
    this.leading = new Promise((resolve) => (this.#leadingStarted = resolve));
  }

  /** The shared informer of `type`; `indexers` are added to it. One list + watch per kind. */
  informer<T extends KubeObject = KubeObject>(type: ResourceType, indexers: Record<string, Indexer<T>> = {}): Informer<T> {
    const id = `${type.group}/${type.version}/${type.plural}`;
    let informer = this.#informers.get(id) as Informer<T> | undefined;
    if (!informer) {
      informer = new Informer<T>({ ...this.#options.informerDefaults, client: this.client, type, logger: this.logger.child({ informer: type.plural }) });
      this.#informers.set(id, informer as unknown as Informer);
    }
    for (const [name, indexer] of Object.entries(indexers)) informer.store.addIndexer(name, indexer);
    return informer;
  }

  /** Registers a controller for `options.for`, wired to its own and its watched kinds' events. */
  controller(options: ManagedControllerOptions): Controller {
    const controller = new Controller({
      ...options,
      logger: this.logger,
      metrics: this.metrics.controller,
      queueMetrics: this.metrics.queue(options.name),
    });
    const enqueue = (key: string) => controller.enqueue(key);
    this.informer(options.for).addHandler(enqueueSelf(enqueue));
    for (const { type, map } of options.watches ?? []) this.informer(type).addHandler(enqueueMapped(map, enqueue));
    this.#controllers.push({ controller, options });
    return controller;
  }

  get hasSynced(): boolean {
    return [...this.#informers.values()].every((informer) => informer.hasSynced);
  }

  /**
   * Serves the endpoints, starts the caches and waits for them; leadership proceeds in the
   * background. If the caches do not sync in time it stops everything it started and rejects.
   */
  async start(): Promise<void> {
    await this.#serveEndpoints();
    for (const informer of this.#informers.values()) informer.start();
    try {
      await this.#waitForCaches();
    } catch (error) {
      // Otherwise the watches and ports would outlive the failed start and keep the process up.
      await this.stop();
      throw error;
    }
    this.logger.info({ informers: this.#informers.size }, 'caches synced');
    this.#leadership = this.#lead().catch((error: unknown) => {
      this.logger.fatal({ err: error }, 'leadership loop failed');
      this.#loseLeadership();
    });
  }

  /**
   * Graceful shutdown: stop workers (draining in-flight runs while still renewing the lease), then
   * release the lease, stop caches and servers.
   */
  async stop(): Promise<void> {
    if (this.#stopping.signal.aborted) return;
    this.#stopping.abort();
    this.#stopResyncs.splice(0).forEach((stop) => stop());
    const drainTimeoutMs = this.#options.drainTimeoutMs ?? 10_000;
    const drained = await Promise.all(this.#controllers.map(({ controller }) => controller.stop(drainTimeoutMs)));
    if (drained.includes(false)) this.logger.warn('some reconciles did not finish within the drain timeout');
    this.#stopRenewing.abort();
    await this.#leadership;
    await this.#elector?.release();
    this.events.close();
    await Promise.all([...this.#informers.values()].map((informer) => informer.stop()));
    await Promise.all(this.#endpoints.splice(0).map((endpoint) => endpoint.close()));
    this.logger.info('manager stopped');
  }

  /** Stops gracefully on SIGTERM or SIGINT, then exits the process with 0. */
  runUntilSignal(): void {
    const shutDown = (signal: string) => {
      this.logger.info({ signal }, 'shutting down');
      this.stop().then(() => process.exit(0), (error: unknown) => {
        this.logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      });
    };
    process.once('SIGTERM', shutDown);
    process.once('SIGINT', shutDown);
  }

  async #lead(): Promise<void> {
    const settings = this.#options.leaderElection;
    if (settings === false) return this.#startControllers();
    this.#elector = new LeaderElector({
      ...settings,
      client: this.client,
      logger: this.logger.child({ component: 'leader-election' }),
      identity: this.identity,
      onLeadingChanged: (leading) => this.metrics.leaderElection.setLeading(settings.leaseName, leading),
    });
    this.metrics.leaderElection.setLeading(settings.leaseName, false);
    if (!(await this.#elector.acquire(this.#stopping.signal))) return;
    this.#startControllers();
    if ((await this.#elector.renewUntilLost(this.#stopRenewing.signal)) === 'lost') this.#loseLeadership();
  }

  #startControllers(): void {
    if (this.#stopping.signal.aborted) return;
    for (const { controller, options } of this.#controllers) {
      controller.start();
      const informer = this.informer(options.for);
      // Nothing is lost while standing by: every cached object is reconciled once on taking over.
      informer.store.keys().forEach((key) => controller.enqueue(key));
      if (options.resyncPeriodMs) this.#stopResyncs.push(startResync(informer, (key) => controller.enqueue(key), options.resyncPeriodMs));
    }
    this.logger.info({ controllers: this.#controllers.map(({ controller }) => controller.name) }, 'controllers started');
    this.#leadingStarted();
  }

  #loseLeadership(): void {
    this.#stopResyncs.splice(0).forEach((stop) => stop());
    for (const { controller } of this.#controllers) void controller.stop(0);
    (this.#options.onLeadershipLost ?? (() => process.exit(1)))();
  }

  async #waitForCaches(): Promise<void> {
    const timeoutMs = this.#options.cacheSyncTimeoutMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`caches did not sync within ${timeoutMs} ms; is the apiserver reachable and are the CRDs installed?`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([...this.#informers.values()].map((informer) => informer.synced)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #serveEndpoints(): Promise<void> {
    const { metricsPort = 8080, healthPort = 8081 } = this.#options;
    if (metricsPort !== false) this.#endpoints.push(await serveMetrics(this.metrics.registry, metricsPort));
    if (healthPort !== false) {
      this.#endpoints.push(await serveProbes({ healthz: { ping: () => true }, readyz: { 'informer-sync': () => this.hasSynced } }, healthPort));
    }
  }

  /** Ports actually bound (useful with port 0): `[metrics?, health?]` in that order. */
  get endpointPorts(): number[] {
    return this.#endpoints.map((endpoint) => endpoint.port);
  }
}
