import type { HandlerContext, HandlerResult } from '../context.js';
import type { Route } from '../http/router.js';
import { loadContainer } from './lxc-common.js';

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

export const indexRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}', handler: containerIndex },
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/status', handler: statusIndex },
  { method: 'GET', template: '/nodes/{node}/tasks/{upid}', handler: taskIndex },
];
