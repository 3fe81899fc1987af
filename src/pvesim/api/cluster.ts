import { stringParam, numberParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError, parameterError } from '../errors.js';
import type { Route } from '../http/router.js';
import { nodeStats, storageStatus } from './node-stats.js';

function version({ sim }: HandlerContext): HandlerResult {
  return { data: { version: sim.release.version, release: sim.release.release, repoid: 'c3a1f0d7b2e94a65' } };
}

function clusterStatus({ sim }: HandlerContext): HandlerResult {
  const nodes = [...sim.state.nodes.values()];
  const data: Array<Record<string, unknown>> = [
    { type: 'cluster', id: 'cluster', name: sim.state.clusterName, nodes: nodes.length, quorate: sim.state.quorate() ? 1 : 0, version: nodes.length + 2 },
  ];
  nodes.forEach((node, index) => {
    data.push({ type: 'node', id: `node/${node.name}`, name: node.name, nodeid: index + 1, ip: `192.0.2.${index + 11}`, local: index === 0 ? 1 : 0, online: node.online ? 1 : 0, level: '' });
  });
  return { data };
}

function resources(context: HandlerContext): HandlerResult {
  const { sim, identity } = context;
  const type = stringParam(context.params, 'type');
  const data: Array<Record<string, unknown>> = [];
  if (type === undefined || type === 'vm') {
    for (const container of sim.state.containers.values()) {
      if (sim.access.has(identity, `/vms/${container.vmid}`, 'VM.Audit')) data.push(sim.resources.guestEntry(container));
    }
  }
  for (const node of sim.state.nodes.values()) {
    if (type === undefined || type === 'node') data.push({ id: `node/${node.name}`, type: 'node', ...nodeStats(sim, node.name), 'cgroup-mode': 2 });
    if (type === undefined || type === 'storage') {
      for (const spec of sim.state.storages.all()) {
        if (!sim.access.has(identity, `/storage/${spec.id}`, 'Datastore.Audit')) continue;
        const status = storageStatus(sim, node.name, spec);
        data.push({
          id: `storage/${node.name}/${spec.id}`, type: 'storage', node: node.name, storage: spec.id, status: 'available',
          disk: status.used, maxdisk: status.total, content: spec.content.join(','), plugintype: spec.type, shared: spec.shared ? 1 : 0,
        });
      }
    }
    if (type === undefined || type === 'sdn') data.push({ id: `sdn/${node.name}/localnetwork`, type: 'sdn', sdn: 'localnetwork', node: node.name, status: 'ok' });
  }
  return { data };
}

function nextIdRange(context: HandlerContext): { lower: number; upper: number } {
  return context.sim.state.datacenter.nextId ?? { lower: 100, upper: 1_000_000 };
}

/** `GET /cluster/nextid`: a string (spec §1.7), no reservation. */
function nextId(context: HandlerContext): HandlerResult {
  const containers = context.sim.state.containers;
  const requested = numberParam(context.params, 'vmid');
  if (requested !== undefined) {
    if (containers.has(requested)) throw parameterError({ vmid: `VM ${requested} already exists` });
    return { data: String(requested) };
  }
  const { lower, upper } = nextIdRange(context);
  for (let vmid = lower; vmid < upper; vmid++) if (!containers.has(vmid)) return { data: String(vmid) };
  throw handlerError(`unable to get any free VMID in range [${lower}, ${upper}]`);
}

function getOptions(context: HandlerContext): HandlerResult {
  const { sim, identity } = context;
  const datacenter = sim.state.datacenter;
  const data: Record<string, unknown> = {};
  if (datacenter.console !== undefined) data.console = datacenter.console;
  if (!sim.access.has(identity, '/', 'Sys.Audit')) return { data };
  data.mac_prefix = datacenter.macPrefix;
  if (datacenter.nextId) data['next-id'] = { lower: String(datacenter.nextId.lower), upper: String(datacenter.nextId.upper) };
  return { data };
}

function setOptions(context: HandlerContext): HandlerResult {
  const { sim, params } = context;
  const datacenter = sim.state.datacenter;
  const deletes = String(params.delete ?? '').split(/[,;\s]+/).filter((key) => key !== '');
  for (const key of deletes) {
    if (key === 'next-id') delete datacenter.nextId;
    if (key === 'mac_prefix') datacenter.macPrefix = 'BC:24:11';
    if (key === 'console') delete datacenter.console;
  }
  const nextIdText = stringParam(params, 'next-id');
  if (nextIdText !== undefined) {
    const lower = Number(/(?:^|,)lower=(\d+)/.exec(nextIdText)?.[1] ?? 100);
    const upper = Number(/(?:^|,)upper=(\d+)/.exec(nextIdText)?.[1] ?? 1_000_000);
    if (lower > upper) throw handlerError(`lower (${lower}) <= upper (${upper}) boundary rule broken`);
    datacenter.nextId = { lower, upper };
  }
  const macPrefix = stringParam(params, 'mac_prefix');
  if (macPrefix !== undefined) datacenter.macPrefix = macPrefix.toUpperCase();
  const console = stringParam(params, 'console');
  if (console !== undefined) datacenter.console = console;
  sim.changed();
  return { data: null };
}

export const clusterRoutes: Route[] = [
  { method: 'GET', template: '/version', handler: version },
  { method: 'GET', template: '/cluster/status', handler: clusterStatus, permission: { path: () => '/', privileges: ['Sys.Audit'] } },
  { method: 'GET', template: '/cluster/resources', handler: resources },
  { method: 'GET', template: '/cluster/nextid', handler: nextId },
  { method: 'GET', template: '/cluster/options', handler: getOptions },
  { method: 'PUT', template: '/cluster/options', handler: setOptions, permission: { path: () => '/', privileges: ['Sys.Modify'] } },
];
