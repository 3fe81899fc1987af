import { booleanParam, stringParam, numberParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError, parameterError } from '../errors.js';
import type { Route } from '../http/router.js';
import { templateFormat } from '../state/storage.js';
import { nodeStats, storageStatus } from './node-stats.js';
import { mayAccessVolume } from './volume-access.js';

function listNodes({ sim, identity }: HandlerContext): HandlerResult {
  const data = [...sim.state.nodes.values()].map((node) => {
    const base: Record<string, unknown> = { id: `node/${node.name}`, node: node.name, type: 'node', status: node.online ? 'online' : 'offline', ssl_fingerprint: node.sslFingerprint };
    if (!sim.access.has(identity, `/nodes/${node.name}`, 'Sys.Audit')) return base;
    return { ...nodeStats(sim, node.name), ...base };
  });
  return { data };
}

function nodeStatus(context: HandlerContext): HandlerResult {
  const { sim } = context;
  const node = sim.state.nodes.get(String(context.params.node))!;
  const stats = nodeStats(sim, node.name);
  const memoryUsed = Number(stats.mem);
  return {
    data: {
      uptime: stats.uptime,
      idle: 0,
      loadavg: ['0.12', '0.18', '0.21'],
      kversion: 'Linux 6.14.8-2-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2 (2025-07-22T10:04Z)',
      'current-kernel': { sysname: 'Linux', release: '6.14.8-2-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2 (2025-07-22T10:04Z)', machine: 'x86_64' },
      'boot-info': { mode: 'efi', secureboot: 0 },
      cpuinfo: { model: 'Intel(R) Xeon(R) E-2288G CPU @ 3.70GHz', sockets: 1, cpus: node.cpus, cores: node.cpus / 2, mhz: '3700.000', hvm: '1', flags: 'fpu vme de pse tsc msr pae mce cx8 apic', user_hz: 100 },
      cpu: stats.cpu,
      wait: 0.0004,
      memory: { total: node.memoryBytes, used: memoryUsed, free: node.memoryBytes - memoryUsed, available: node.memoryBytes - memoryUsed },
      ksm: { shared: 0 },
      swap: { total: 8 * 1024 ** 3, used: 0, free: 8 * 1024 ** 3 },
      pveversion: `pve-manager/${sim.release.version}/c3a1f0d7b2e94a65`,
      rootfs: { total: stats.maxdisk, used: stats.disk, avail: Number(stats.maxdisk) - Number(stats.disk), free: Number(stats.maxdisk) - Number(stats.disk) },
    },
  };
}

function listStorage(context: HandlerContext): HandlerResult {
  const { sim, identity, params } = context;
  const node = String(params.node);
  const wanted = stringParam(params, 'storage');
  const content = stringParam(params, 'content');
  const enabledOnly = booleanParam(params, 'enabled');
  const specs = sim.state.storages.all().filter((spec) => {
    if (wanted !== undefined && spec.id !== wanted) return false;
    if (content !== undefined && !(spec.enabled && spec.content.includes(content))) return false;
    return !enabledOnly || spec.enabled;
  });
  if (wanted !== undefined && specs.length === 0) throw parameterError({ storage: 'No such storage.' });
  const data = specs
    .filter((spec) => ['Datastore.Audit', 'Datastore.AllocateSpace'].some((privilege) => sim.access.has(identity, `/storage/${spec.id}`, privilege)))
    .map((spec) => {
      const { total, used, avail } = storageStatus(sim, node, spec);
      return {
        storage: spec.id, type: spec.type, content: spec.content.join(','), enabled: spec.enabled ? 1 : 0, active: spec.enabled ? 1 : 0,
        shared: spec.shared ? 1 : 0, total, used, avail, used_fraction: total > 0 ? used / total : 0,
      };
    });
  return { data };
}

function storageContent(context: HandlerContext): HandlerResult {
  const { sim, params, identity } = context;
  const node = String(params.node);
  const storage = String(params.storage);
  if (!sim.state.storages.spec(storage)) throw handlerError(`storage '${storage}' does not exist`);
  const content = stringParam(params, 'content');
  const vmid = numberParam(params, 'vmid');
  const data = sim.state.storages
    .list(node, storage)
    .filter((volume) => (content === undefined || volume.content === content) && (vmid === undefined || volume.vmid === vmid))
    .filter((volume) => mayAccessVolume(sim.access, identity, volume))
    .map((volume) => {
      const entry: Record<string, unknown> = {
        volid: `${storage}:${volume.volname}`,
        format: volume.content === 'vztmpl' ? templateFormat(volume.volname) : 'raw',
        size: volume.sizeBytes,
        ctime: volume.ctime,
        content: volume.content,
      };
      if (volume.vmid !== undefined) entry.vmid = volume.vmid;
      return entry;
    })
    .sort((a, b) => String(a.volid).localeCompare(String(b.volid)));
  return { data };
}

/** `GET /nodes/{node}/storage/{storage}/status` (storage_info of one storage). */
function storageStatusOf(context: HandlerContext): HandlerResult {
  const { sim, params } = context;
  const spec = sim.state.storages.spec(String(params.storage));
  if (!spec) throw parameterError({ storage: 'No such storage.' });
  const data: Record<string, unknown> = {
    type: spec.type, total: 0, avail: 0, used: 0, shared: spec.shared ? 1 : 0, content: spec.content.join(','), active: 0, enabled: spec.enabled ? 1 : 0,
  };
  if (!spec.enabled) return { data };
  return { data: { ...data, ...storageStatus(sim, String(params.node), spec), active: 1 } };
}

const storagePermission = { path: (params: Record<string, string>) => `/storage/${params.storage}`, privileges: ['Datastore.Audit', 'Datastore.AllocateSpace'], any: true };

export const nodeRoutes: Route[] = [
  { method: 'GET', template: '/nodes', handler: listNodes },
  { method: 'GET', template: '/nodes/{node}/status', handler: nodeStatus, permission: { path: (params) => `/nodes/${params.node}`, privileges: ['Sys.Audit'] } },
  { method: 'GET', template: '/nodes/{node}/storage', handler: listStorage },
  {
    method: 'GET',
    template: '/nodes/{node}/storage/{storage}/content',
    handler: storageContent,
    permission: storagePermission,
  },
  { method: 'GET', template: '/nodes/{node}/storage/{storage}/status', handler: storageStatusOf, permission: storagePermission },
];
