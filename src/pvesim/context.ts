import type { AccessControl, Identity } from './auth/access.js';
import type { TicketAuthority } from './auth/tickets.js';
import type { SimClock } from './clock.js';
import type { FaultInjector, RequestFaults } from './faults.js';
import type { ClusterState } from './state/cluster.js';
import type { ResourceView } from './state/resources.js';
import type { ConfigLocks } from './tasks/config-locks.js';
import type { TaskManager } from './tasks/task-manager.js';
import type { Timing } from './timing.js';
import type { PveRelease } from './version.js';

/** Everything a handler may reach: the cluster's state and the machinery around it. */
export interface SimContext {
  clock: SimClock;
  state: ClusterState;
  tasks: TaskManager;
  locks: ConfigLocks;
  access: AccessControl;
  tickets: TicketAuthority;
  release: PveRelease;
  timing: Timing;
  faults: FaultInjector;
  resources: ResourceView;
  /** Called after every change of durable state (persistence hooks in here). */
  changed(): void;
}

/** One API call as a handler sees it: validated parameters and the caller. */
export interface HandlerContext {
  sim: SimContext;
  identity: Identity;
  params: Record<string, unknown>;
  faults: RequestFaults;
}

export interface HandlerResult {
  data: unknown;
  total?: number;
}

export type Handler = (context: HandlerContext) => HandlerResult | Promise<HandlerResult>;

/** Typed access to a validated parameter. */
export function stringParam(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  return value === undefined || value === null ? undefined : String(value);
}

export function numberParam(params: Record<string, unknown>, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? value : Number(value);
}

export function booleanParam(params: Record<string, unknown>, key: string): boolean {
  const value = params[key];
  return value === true || value === 1 || value === '1';
}
