import type { Logger } from 'pino';
import { realClock, sleep, type Clock } from './clock.js';
import { formatMicroTime } from './conditions.js';
import { isConflict, isNotFound } from './kube-errors.js';
import { linkedSignal } from './linked-signal.js';
import type { KubeClient } from './kube-client.js';
import { apiVersionOf, collectionPath, leaseType, objectPath, type KubeObject } from './kube-object.js';
import { semanticallyEqual } from './semantic-equal.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

type Lease = KubeObject & { spec?: LeaseSpec };

export interface LeaderElectionOptions {
  client: KubeClient;
  logger: Logger;
  leaseName: string;
  leaseNamespace: string;
  /** Unique per process, e.g. `hostname_uuid`. */
  identity: string;
  /** How long a lease stays valid without renewal; others wait this long. Default 15 s. */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failed renewal before giving up. Default 10 s. */
  renewDeadlineMs?: number;
  /** Pause between attempts to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
  clock?: Clock;
  random?: () => number;
  /** Reports leadership changes, e.g. to leader_election_master_status. */
  onLeadingChanged?: (leading: boolean) => void;
}

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, with client-go's algorithm
 * (tools/leaderelection/leaderelection.go) and defaults (15 s / 10 s / 2 s).
 *
 * Expected flow: `await acquire(signal)` resolves once this process leads; start the workers;
 * `await renewUntilLost(signal)` resolves when leadership is lost (stop at once and exit) or
 * `signal` aborts (graceful shutdown: drain, then `release()`).
 *
 * Guarantees: another holder's lease is judged expired by the local time at which its record
 * last changed, never by the timestamps in it, so clock skew between nodes cannot shorten it.
 * Updates carry the read resourceVersion: of two candidates racing for an expired lease, one
 * wins and the other gets a conflict. The leader renews every `retryPeriodMs`; if no renewal
 * succeeds for `renewDeadlineMs`, leadership is lost — before the lease can expire for others.
 * `release()` empties holderIdentity and sets a 1 s duration, so a successor takes over at its
 * next retry instead of waiting out the lease.
 *
 * Assumptions: renewDeadline < leaseDuration, and clocks advance at roughly the same rate.
 *
 * Caveats: there is no fencing. For up to leaseDuration − renewDeadline after a leader stalls
 * (a long GC pause, a frozen VM) two processes may believe they lead; work done outside the
 * cluster must therefore be idempotent.
 */
export class LeaderElector {
  readonly #options: LeaderElectionOptions;
  readonly #clock: Clock;
  /** The last record seen, and when (local time) it was first seen in that form. */
  #observed: { spec: LeaseSpec; resourceVersion: string | undefined; at: number } | undefined;
  #leading = false;

  constructor(options: LeaderElectionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  get leaseDurationMs(): number {
    return this.#options.leaseDurationMs ?? 15_000;
  }

  get renewDeadlineMs(): number {
    return this.#options.renewDeadlineMs ?? 10_000;
  }

  get retryPeriodMs(): number {
    return this.#options.retryPeriodMs ?? 2_000;
  }

  /** Resolves `true` once this process holds the lease, `false` if `signal` aborted first. */
  async acquire(signal: AbortSignal): Promise<boolean> {
    this.#options.logger.info({ lease: this.#leasePath(), identity: this.#options.identity }, 'attempting to acquire leader lease');
    while (!signal.aborted) {
      if (await this.#tryAcquireOrRenew(signal)) {
        this.#setLeading(true);
        this.#options.logger.info({ lease: this.#leasePath() }, 'acquired leader lease');
        return true;
      }
      // client-go's JitterUntil with factor 1.2: spread candidates out.
      await sleep(this.#clock, this.retryPeriodMs * (1 + 1.2 * (this.#options.random ?? Math.random)()), signal);
    }
    return false;
  }

  /** Renews until a renewal deadline passes without success (resolves `'lost'`) or `signal` aborts (`'cancelled'`). */
  async renewUntilLost(signal: AbortSignal): Promise<'lost' | 'cancelled'> {
    let lastRenewal = this.#clock.now();
    while (!signal.aborted) {
      await sleep(this.#clock, this.retryPeriodMs, signal);
      if (signal.aborted) break;
      if (await this.#tryAcquireOrRenew(signal)) {
        lastRenewal = this.#clock.now();
        continue;
      }
      if (this.#clock.now() - lastRenewal >= this.renewDeadlineMs) {
        this.#setLeading(false);
        this.#options.logger.error({ lease: this.#leasePath() }, 'leader election lost');
        return 'lost';
      }
    }
    return 'cancelled';
  }

  /** Gives the lease up (ReleaseOnCancel), if this process still holds it. Never throws. */
  async release(): Promise<void> {
    if (!this.#leading || !this.#observed) return;
    this.#setLeading(false);
    const now = formatMicroTime(new Date(this.#clock.now()));
    const spec: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.#observed.spec.leaseTransitions ?? 0 };
    try {
      await this.#write('PUT', spec, this.#observed.resourceVersion, AbortSignal.timeout(this.renewDeadlineMs));
      this.#options.logger.info({ lease: this.#leasePath() }, 'released leader lease');
    } catch (error) {
      this.#options.logger.warn({ err: error, lease: this.#leasePath() }, 'could not release leader lease; successors wait for it to expire');
    }
  }

  /** One attempt; true when this process holds the lease afterwards. Never throws. */
  async #tryAcquireOrRenew(outer: AbortSignal): Promise<boolean> {
    const attempt = linkedSignal([outer], { timeoutMs: this.renewDeadlineMs, clock: this.#clock });
    const signal = attempt.signal;
    const now = this.#clock.now();
    try {
      const lease = await this.#read(signal);
      if (!lease) return this.#record(await this.#write('POST', this.#desired(undefined, now), undefined, signal));
      const spec = lease.spec ?? {};
      if (!this.#observed || !semanticallyEqual(this.#observed.spec, spec)) {
        this.#observed = { spec, resourceVersion: lease.metadata.resourceVersion, at: now };
      }
      this.#observed.resourceVersion = lease.metadata.resourceVersion;
      const heldByOther = !!spec.holderIdentity && spec.holderIdentity !== this.#options.identity;
      const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
      if (heldByOther && this.#observed.at + durationMs > now) return false;
      return this.#record(await this.#write('PUT', this.#desired(spec, now), lease.metadata.resourceVersion, signal));
    } catch (error) {
      // Losing a race to another candidate is routine; anything else (RBAC, a missing namespace,
      // an unreachable apiserver) repeats for ever unless a human sees it.
      const level = isConflict(error) ? 'debug' : 'warn';
      this.#options.logger[level]({ err: error, lease: this.#leasePath() }, 'lease acquire/renew attempt failed');
      return false;
    } finally {
      attempt.dispose();
    }
  }

  #desired(current: LeaseSpec | undefined, now: number): LeaseSpec {
    const time = formatMicroTime(new Date(now));
    const ours = current?.holderIdentity === this.#options.identity;
    return {
      holderIdentity: this.#options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: ours ? current?.acquireTime : time,
      renewTime: time,
      leaseTransitions: ours ? (current?.leaseTransitions ?? 0) : (current?.leaseTransitions ?? -1) + 1,
    };
  }

  #record(lease: Lease): true {
    this.#observed = { spec: lease.spec ?? {}, resourceVersion: lease.metadata.resourceVersion, at: this.#clock.now() };
    return true;
  }

  async #read(signal: AbortSignal): Promise<Lease | undefined> {
    try {
      return await this.#options.client.request<Lease>({ method: 'GET', path: this.#leasePath(), signal });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #write(method: 'POST' | 'PUT', spec: LeaseSpec, resourceVersion: string | undefined, signal: AbortSignal): Promise<Lease> {
    const { leaseName: name, leaseNamespace: namespace } = this.#options;
    return this.#options.client.request<Lease>({
      method,
      path: method === 'POST' ? collectionPath(leaseType, namespace) : this.#leasePath(),
      body: { apiVersion: apiVersionOf(leaseType), kind: leaseType.kind, metadata: { name, namespace, resourceVersion }, spec },
      signal,
    });
  }

  #leasePath(): string {
    return objectPath(leaseType, this.#options.leaseNamespace, this.#options.leaseName);
  }

  #setLeading(leading: boolean): void {
    if (this.#leading === leading) return;
    this.#leading = leading;
    this.#options.onLeadingChanged?.(leading);
  }
}
