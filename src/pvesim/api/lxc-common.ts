import { sleep } from '../clock.js';
import type { HandlerContext } from '../context.js';
import { configMissing, handlerError, lockTimeoutMessage, PveError } from '../errors.js';
import { configDigest } from '../state/config-file.js';
import type { Container } from '../state/container.js';
import { LockTimeoutError } from '../tasks/config-locks.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { taskDuration } from '../timing.js';

/** The container whose config is on `node`; any other case is PVE's missing-config error. */
export function loadContainer(context: HandlerContext): Container {
  const node = String(context.params.node);
  const vmid = Number(context.params.vmid);
  const container = context.sim.state.containers.get(vmid);
  if (!container || container.node !== node) throw configMissing(node, vmid);
  return container;
}

/** Create and start need a quorate cluster (PVE::Cluster::check_cfs_quorum). */
export function assertQuorum(context: HandlerContext): void {
  if (!context.sim.state.quorate()) throw handlerError('cluster not ready - no quorum?');
}

/** `CT is locked (<value>)` (AbstractConfig check_lock). */
export function assertUnlocked(container: Container): void {
  const lock = container.config.lock;
  if (lock !== undefined) throw handlerError(`CT is locked (${lock})`);
}

export function assertDigest(container: Container, digest: unknown): void {
  if (typeof digest !== 'string' || digest === '') return;
  if (digest !== configDigest(container)) throw handlerError('detected modified configuration - file changed by other user? Try again.');
}

/**
 * Runs `body` while holding the container's config flock, as a synchronous handler does; waits
 * up to the lock timeout, then fails with PVE's text (500).
 */
export async function withConfigLock<T>(context: HandlerContext, vmid: number, body: () => T | Promise<T>): Promise<T> {
  if (context.faults.lockContention) {
    await sleep(Math.min(context.sim.timing.lockTimeoutMs, 50));
    throw handlerError(lockTimeoutMessage(vmid));
  }
  let release: () => void;
  try {
    release = await context.sim.locks.acquire(vmid, context.sim.timing.lockTimeoutMs);
  } catch (error) {
    if (error instanceof LockTimeoutError) throw handlerError(lockTimeoutMessage(vmid));
    throw error;
  }
  try {
    return await body();
  } finally {
    release();
  }
}

export interface GuestTaskOptions {
  type: string;
  vmid: number;
  /** Take the config flock for the whole task (every LXC worker but a few does). */
  lock: boolean;
  /** Runs under the lock; the simulated duration elapses before `finish`. */
  prepare?: (task: TaskContext) => void | Promise<void>;
  finish: (task: TaskContext) => void | Promise<void>;
  /** Replaces the fault text, e.g. create's `unable to create CT <vmid> - <reason>`. */
  failureText?: (reason: string) => string;
  /** Clean-up when the task fails after `prepare`. */
  onFailure?: () => void;
}

/** Starts a worker for a guest and returns its UPID at once (fork_worker). */
export function startGuestTask(context: HandlerContext, options: GuestTaskOptions): string {
  const { sim, identity, faults } = context;
  const node = String(context.params.node);
  const fail = options.failureText ?? ((reason: string) => reason);
  return sim.tasks.start(node, options.type, String(options.vmid), identity.authid, async (task) => {
    let release: (() => void) | undefined;
    try {
      if (options.lock) release = await acquireForTask(context, options.vmid, task);
      await options.prepare?.(task);
      await sleep(taskDuration(sim.timing, options.type));
      if (faults.taskFailure !== undefined) throw new Error(fail(faults.taskFailure));
      await options.finish(task);
      for (let index = 0; index < faults.taskWarnings; index++) task.warn('injected warning');
      sim.changed();
    } catch (error) {
      options.onFailure?.();
      sim.changed();
      throw error;
    } finally {
      release?.();
    }
  });
}

async function acquireForTask(context: HandlerContext, vmid: number, task: TaskContext): Promise<() => void> {
  const { sim, faults } = context;
  if (faults.lockContention) {
    task.log('trying to acquire lock...');
    task.log(' failed');
    throw new Error(lockTimeoutMessage(vmid));
  }
  if (!sim.locks.isHeld(vmid)) return sim.locks.acquire(vmid, sim.timing.lockTimeoutMs);
  task.log('trying to acquire lock...');
  try {
    const release = await sim.locks.acquire(vmid, sim.timing.lockTimeoutMs);
    task.log(' OK');
    return release;
  } catch (error) {
    task.log(' failed');
    if (error instanceof LockTimeoutError) throw new Error(lockTimeoutMessage(vmid));
    throw error;
  }
}

export function isRootPam(context: HandlerContext): boolean {
  return context.identity.authid === 'root@pam';
}

export { PveError };
