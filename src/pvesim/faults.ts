import { drawUnit } from './random.js';

/**
 * A fault to inject on the requests a rule matches. Rates are probabilities in [0, 1]; each kind
 * of decision of each rule draws from its own seeded stream, so the n-th matching request meets
 * the same fate in every run with the same seed.
 */
export interface FaultRule {
  id?: string;
  /** HTTP method to match; absent = any. */
  method?: string;
  /**
   * Route template to match (`/nodes/{node}/lxc/{vmid}/config`), a prefix ending in `*`
   * (`/nodes/{node}/lxc*`), or absent = every API path.
   */
  path?: string;
  /** Added to the response time of every matching request. */
  latencyMs?: number;
  /** Share of requests answered with `errorStatus` (default 500) and `errorMessage`. */
  errorRate?: number;
  errorStatus?: number;
  errorMessage?: string;
  /** Share of requests whose connection is dropped without an answer. */
  dropRate?: number;
  /** Share of worker tasks started by matching requests that end in `TASK ERROR`. */
  taskFailureRate?: number;
  taskFailureMessage?: string;
  /** Share of matching requests that find the container's config lock held by someone else. */
  lockContentionRate?: number;
  /** Warnings every task of a matching request logs, so it ends `TASK WARNINGS: n`. */
  taskWarnings?: number;
}

/** What the fault injector decided for one request. */
export interface RequestFaults {
  latencyMs: number;
  error?: { status: number; message: string };
  drop: boolean;
  taskFailure?: string;
  lockContention: boolean;
  taskWarnings: number;
}

export interface InjectedFault {
  rule: string;
  kind: 'error' | 'drop' | 'taskFailure' | 'lockContention';
  method: string;
  path: string;
  /** Index of this request among those the rule matched (0-based). */
  match: number;
}

export const NO_FAULTS: RequestFaults = { latencyMs: 0, drop: false, lockContention: false, taskWarnings: 0 };

function ruleMatches(rule: FaultRule, method: string, template: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return rule.path.endsWith('*') ? template.startsWith(rule.path.slice(0, -1)) : rule.path === template;
}

export class FaultInjector {
  private readonly rules: Array<Required<Pick<FaultRule, 'id'>> & FaultRule> = [];
  private readonly matchCounts = new Map<string, number>();
  private readonly injected: InjectedFault[] = [];
  private nextId = 1;

  constructor(readonly seed: number) {}

  add(rule: FaultRule): string {
    const id = rule.id ?? `fault-${this.nextId++}`;
    this.remove(id);
    this.rules.push({ ...rule, id });
    return id;
  }

  remove(id: string): void {
    const index = this.rules.findIndex((rule) => rule.id === id);
    if (index >= 0) this.rules.splice(index, 1);
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** Every fault injected so far, in order. */
  log(): InjectedFault[] {
    return [...this.injected];
  }

  decide(method: string, template: string, path: string): RequestFaults {
    if (this.rules.length === 0) return NO_FAULTS;
    const faults: RequestFaults = { latencyMs: 0, drop: false, lockContention: false, taskWarnings: 0 };
    for (const rule of this.rules) {
      if (!ruleMatches(rule, method, template)) continue;
      const match = this.matchCounts.get(rule.id) ?? 0;
      this.matchCounts.set(rule.id, match + 1);
      const hit = (kind: InjectedFault['kind'], rate: number | undefined): boolean => {
        if (!rate || drawUnit(this.seed, `${rule.id}:${kind}`, match) >= rate) return false;
        this.injected.push({ rule: rule.id, kind, method, path, match });
        return true;
      };
      faults.latencyMs += rule.latencyMs ?? 0;
      faults.taskWarnings += rule.taskWarnings ?? 0;
      if (!faults.drop && hit('drop', rule.dropRate)) faults.drop = true;
      if (!faults.error && hit('error', rule.errorRate)) {
        faults.error = { status: rule.errorStatus ?? 500, message: rule.errorMessage ?? 'injected fault' };
      }
      if (faults.taskFailure === undefined && hit('taskFailure', rule.taskFailureRate)) {
        faults.taskFailure = rule.taskFailureMessage ?? 'injected task failure';
      }
      if (!faults.lockContention && hit('lockContention', rule.lockContentionRate)) faults.lockContention = true;
    }
    return faults;
  }
}
