import type { HandlerContext, HandlerResult } from '../context.js';
import { handlerError } from '../errors.js';
import type { Route } from '../http/router.js';
import { loadContainer } from './lxc-common.js';
import { storageStatus } from './node-stats.js';

/** Directory indexes PVE serves on the inner nodes of its API tree. */
const CONTAINER_SUBDIRS = ['config', 'pending', 'status', 'vncproxy', 'termproxy', 'vncwebsocket', 'spiceproxy', 'migrate', 'clone', 'rrd', 'rrddata', 'firewall', 'snapshot', 'resize', 'interfaces'];
const STATUS_SUBDIRS = ['current', 'start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'];

function containerIndex(context: HandlerContext): HandlerResult {
  loadContainer(context);
  return { data: CONTAINER_SUBDIRS.map((subdir) => ({ subdir })) };
}

function statusIndex(context: HandlerContext): HandlerResult {
  loadContainer(context);
  return { data: STATUS_SUBDIRS.map((subdir) => ({ subdir })) };
}

function taskIndex(): HandlerResult {
  return { data: [{ name: 'log' }, { name: 'status' }] };
}

function singleStorageStatus({ sim, params }: HandlerContext): HandlerResult {
  const spec = sim.state.storages.spec(String(params.storage));
  if (!spec) throw handlerError(`storage '${params.storage}' does not exist`);
  const { total, used, avail } = storageStatus(sim, String(params.node), spec);
  return {
    data: { type: spec.type, content: spec.content.join(','), enabled: spec.enabled ? 1 : 0, active: spec.enabled ? 1 : 0, shared: spec.shared ? 1 : 0, total, used, avail },
  };
}

export const indexRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}', handler: containerIndex },
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/status', handler: statusIndex },
  { method: 'GET', template: '/nodes/{node}/tasks/{upid}', handler: taskIndex },
  {
    method: 'GET',
    template: '/nodes/{node}/storage/{storage}/status',
    handler: singleStorageStatus,
    permission: { path: (params) => `/storage/${params.storage}`, privileges: ['Datastore.Audit', 'Datastore.AllocateSpace'], any: true },
  },
];
