import { booleanParam, stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError, parameterError } from '../errors.js';
import type { Route } from '../http/router.js';
import { startMigrateTask } from './migrate-task.js';
import { assertQuorum, assertUnlocked, loadContainer } from './lxc-common.js';
import { mapTargets, parseStorageMap, type StorageMap } from './storage-map.js';

const vmPath = (params: Record<string, string>) => `/vms/${params.vmid}`;

/** `GET …/migrate`: whether the CT runs and which nodes it may go to (no HA here). */
function preconditions(context: HandlerContext): HandlerResult {
  assertQuorum(context);
  const container = loadContainer(context);
  assertUnlocked(container);
  const local = String(context.params.node);
  const allowed = [...context.sim.state.nodes.keys()].filter((node) => node !== local);
  return { data: { running: container.runtime.status === 'running' ? 1 : 0, 'allowed-nodes': allowed, 'not-allowed-nodes': {} } };
}

/** check_storage_access_migrate for one target storage. */
function checkTargetStorage(context: HandlerContext, storage: string): void {
  const spec = context.sim.state.storages.spec(storage);
  if (!spec) throw handlerError(`storage '${storage}' does not exist`);
  if (!spec.enabled) throw handlerError(`storage '${storage}' is disabled`);
  context.sim.access.require(context.identity, `/storage/${storage}`, ['Datastore.AllocateSpace']);
  if (!spec.content.includes('rootdir')) throw handlerError(`storage '${storage}' does not support CT rootdirs`);
}

function storageMapParam(context: HandlerContext, vmid: number): StorageMap | undefined {
  const text = stringParam(context.params, 'target-storage');
  if (text === undefined || text === '') return undefined;
  let map: StorageMap;
  try {
    map = parseStorageMap(text);
  } catch (error) {
    throw parameterError({ 'target-storage': `failed to parse storage map: ${error instanceof Error ? error.message : String(error)}\n` });
  }
  if (!map.identity) context.sim.access.require(context.identity, `/vms/${vmid}`, ['VM.Config.Disk']);
  for (const storage of mapTargets(map)) checkTargetStorage(context, storage);
  return map;
}

/** `POST …/migrate`: the synchronous checks of migrate_vm, then the `vzmigrate` worker. */
function migrate(context: HandlerContext): HandlerResult {
  const { sim, params } = context;
  const target = String(params.target);
  if (target === String(params.node)) throw parameterError({ target: 'target is local node.' });
  assertQuorum(context);
  if (!sim.state.nodes.has(target)) throw handlerError(`no such cluster node '${target}'`);
  const container = loadContainer(context);
  const online = booleanParam(params, 'online');
  const restart = booleanParam(params, 'restart');
  if (container.runtime.status === 'running' && !online && !restart) {
    throw handlerError("can't migrate running container without --online or --restart");
  }
  const storageMap = storageMapParam(context, container.vmid);
  return { data: startMigrateTask(context, { container, target, online, restart, ...(storageMap ? { storageMap } : {}) }) };
}

export const lxcMigrateRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/migrate', handler: preconditions, permission: { path: vmPath, privileges: ['VM.Migrate'] } },
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/migrate', handler: migrate, permission: { path: vmPath, privileges: ['VM.Migrate'] } },
];
