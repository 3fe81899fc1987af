import { booleanParam, stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError, permissionError } from '../errors.js';
import type { Route } from '../http/router.js';
import { newContainer, type Container } from '../state/container.js';
import type { Volume } from '../state/storage.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { planClone, type ClonePlan, type CloneRequest } from './clone-plan.js';
import { withPropertyValue } from './config-values.js';
import { assertQuorum, assertUnlocked, loadContainer, startGuestTask, withConfigLock } from './lxc-common.js';

const vmPath = (params: Record<string, string>) => `/vms/${params.vmid}`;

/** The `or` half of clone's permission check: VM.Allocate on the new VMID or on the pool. */
function checkAllocate(context: HandlerContext, newid: number, pool: string | undefined): void {
  const { sim, identity } = context;
  if (sim.access.has(identity, `/vms/${newid}`, 'VM.Allocate')) return;
  if (pool !== undefined && sim.access.has(identity, `/pool/${pool}`, 'VM.Allocate')) return;
  throw permissionError();
}

/** The target node and storage checks that come before any lock (clone_vm's opening). */
function cloneRequest(context: HandlerContext): Omit<CloneRequest, 'source'> {
  const { sim, params } = context;
  const node = String(params.node);
  let target = stringParam(params, 'target');
  if (target === node || target === 'localhost') target = undefined;
  if (target !== undefined && !sim.state.nodes.has(target)) throw handlerError(`no such cluster node '${target}'`);
  const storage = stringParam(params, 'storage');
  if (storage !== undefined) {
    const spec = sim.state.storages.spec(storage);
    if (!spec) throw handlerError(`storage '${storage}' does not exist`);
    if (!spec.enabled) throw handlerError(`storage '${storage}' is disabled`);
    if (target !== undefined && !spec.shared) throw handlerError(`can't clone to non-shared storage '${storage}'`);
  }
  const full = params.full === undefined ? undefined : booleanParam(params, 'full');
  return {
    newid: Number(params.newid),
    full,
    ...(storage !== undefined ? { storage } : {}),
    ...(target !== undefined ? { target } : {}),
    ...optional('snapname', stringParam(params, 'snapname')),
    ...optional('hostname', stringParam(params, 'hostname')),
    ...optional('description', stringParam(params, 'description')),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Copies or links each disk; the config follows each new volume (update_conf). */
function cloneDisks(context: HandlerContext, request: CloneRequest, plan: ClonePlan, clone: Container, created: Volume[], task: TaskContext): void {
  const storages = context.sim.state.storages;
  const node = request.source.node;
  for (const { point, full } of plan.disks) {
    const sid = point.storage!.id;
    let volume: Volume;
    if (full) {
      task.log(`create full clone of mountpoint ${point.key} (${point.volume})`);
      const size = storages.find(node, sid, point.volname!)?.sizeBytes ?? 0;
      volume = storages.allocateDisk(node, request.storage ?? sid, clone.vmid, size, context.sim.clock.nowSeconds());
    } else {
      task.log(`create linked clone of mount point ${point.key} (${point.volume})`);
      volume = storages.cloneLinked(node, sid, point.volname!, clone.vmid, context.sim.clock.nowSeconds());
    }
    created.push(volume);
    clone.config[point.key] = withPropertyValue(point.key, point.value, 'volume', `${volume.storage}:${volume.volname}`);
  }
}

function removeLock(container: Container, lock: string): void {
  if (container.config.lock === lock) delete container.config.lock;
}

/**
 * `POST …/clone`: the source gets `lock: disk`, the new CT is created as `lock: create`; the
 * `vzclone` worker (UPID id = the source VMID) copies or links the disks, then both locks go.
 */
async function clone(context: HandlerContext): Promise<HandlerResult> {
  const { sim, params } = context;
  const newid = Number(params.newid);
  const pool = stringParam(params, 'pool');
  checkAllocate(context, newid, pool);
  if (pool !== undefined && !sim.state.pools.has(pool)) throw permissionError(`pool '${pool}' does not exist`);
  const partial = cloneRequest(context);
  assertQuorum(context);
  const source = await withConfigLock(context, Number(params.vmid), () => {
    const container = loadContainer(context);
    assertUnlocked(container);
    container.config.lock = 'disk';
    return container;
  });
  const existing = sim.state.containers.get(newid);
  if (existing) {
    removeLock(source, 'disk');
    throw handlerError(`CT ${newid} already exists on node '${existing.node}'`);
  }
  const cloneCt = newContainer(newid, source.node, { lock: 'create' });
  sim.state.containers.set(newid, cloneCt);
  const request: CloneRequest = { ...partial, source };
  let plan: ClonePlan;
  try {
    plan = planClone(context, request);
  } catch (error) {
    removeLock(source, 'disk');
    sim.state.containers.delete(newid);
    throw error;
  }
  cloneCt.config = plan.config;
  sim.changed();
  return { data: startCloneTask(context, request, plan, cloneCt, pool) };
}

function startCloneTask(context: HandlerContext, request: CloneRequest, plan: ClonePlan, cloneCt: Container, pool: string | undefined): string {
  const { sim } = context;
  const created: Volume[] = [];
  return startGuestTask(context, {
    type: 'vzclone',
    vmid: request.source.vmid,
    lock: false,
    failureText: (reason) => `clone failed: ${reason}`,
    prepare: (task) => task.log(`creating a clone of container ${request.source.vmid} with ID ${cloneCt.vmid}`),
    finish: (task) => {
      try {
        cloneDisks(context, request, plan, cloneCt, created, task);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`clone failed: ${reason}`);
      }
      if (pool !== undefined) sim.state.pools.get(pool)?.add(cloneCt.vmid);
      removeLock(request.source, 'disk');
      removeLock(cloneCt, 'create');
      if (request.target !== undefined) cloneCt.node = request.target;
    },
    onFailure: () => {
      removeLock(request.source, 'disk');
      for (const volume of created) sim.state.storages.free(request.source.node, volume.storage, volume.volname);
      if (sim.state.containers.get(cloneCt.vmid) === cloneCt) sim.state.containers.delete(cloneCt.vmid);
    },
  });
}

export const lxcCloneRoutes: Route[] = [
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/clone', handler: clone, permission: { path: vmPath, privileges: ['VM.Clone'] } },
];
