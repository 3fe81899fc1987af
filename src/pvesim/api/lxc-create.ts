import { booleanParam, stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError, parameterError, permissionError } from '../errors.js';
import type { Route } from '../http/router.js';
import { SeededStream } from '../random.js';
import { newContainer, type Container } from '../state/container.js';
import { parseDiskRequest, splitVolid } from '../state/disks.js';
import { formatDiskSize, StorageSpaceError } from '../state/storage.js';
import { checkOptionPermissions } from './config-permissions.js';
import { configText, CREATE_ONLY_PARAMS, propertyValue, storedValue, withPropertyValue } from './config-values.js';
import { assertQuorum, startGuestTask } from './lxc-common.js';
import { startContainerTask } from './lxc-status.js';

const OS_TYPES = ['debian', 'devuan', 'ubuntu', 'centos', 'fedora', 'opensuse', 'archlinux', 'alpine', 'gentoo', 'nixos'];

/** A disk the create task will allocate: config key, storage and size. */
interface PlannedDisk {
  key: string;
  storage: string;
  sizeBytes: number;
}

function templateChecks(context: HandlerContext, node: string, ostemplate: string): { storage: string; volname: string } {
  const volid = splitVolid(ostemplate);
  if (!volid) throw handlerError(`unable to parse volume ID '${ostemplate}'`);
  const spec = context.sim.state.storages.spec(volid.storage);
  if (!spec) throw handlerError(`storage '${volid.storage}' does not exist`);
  if (!volid.volname.startsWith('vztmpl/')) throw handlerError(`unable to use volume ${ostemplate} - content type needs to be 'vztmpl'`);
  context.sim.access.requireAny(context.identity, `/storage/${volid.storage}`, ['Datastore.AllocateSpace', 'Datastore.Audit']);
  return volid;
}

/** Resolves rootfs/mpN into config values and the disks to allocate; checks each storage. */
function planDisks(context: HandlerContext, node: string, config: Record<string, string>, defaultStorage: string, rootfsGiven: boolean): PlannedDisk[] {
  const planned: PlannedDisk[] = [];
  for (const key of Object.keys(config).filter((name) => name === 'rootfs' || /^mp\d+$/.test(name))) {
    const volume = propertyValue(key, config[key]!, 'volume') ?? '';
    const request = parseDiskRequest(volume, defaultStorage);
    if (request.kind !== 'allocate') continue;
    const spec = context.sim.state.storages.spec(request.storage);
    if (!spec) throw handlerError(`storage '${request.storage}' does not exist`);
    if (!spec.enabled) throw handlerError(`storage '${request.storage}' is disabled`);
    if (!spec.content.includes('rootdir')) {
      if (key === 'rootfs' && !rootfsGiven) throw parameterError({ storage: `storage '${request.storage}' does not support container directories` });
      throw handlerError(`storage '${request.storage}' does not allow content type 'rootdir' (Container)`);
    }
    context.sim.access.require(context.identity, `/storage/${request.storage}`, ['Datastore.AllocateSpace']);
    planned.push({ key, storage: request.storage, sizeBytes: request.sizeBytes });
  }
  return planned;
}

/** The config keys of the request, stored the way PVE writes them. */
function requestedConfig(context: HandlerContext, random: SeededStream): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(context.params)) {
    if (CREATE_ONLY_PARAMS.has(key) || value === undefined || /^unused\d+$/.test(key)) continue;
    config[key] = storedValue(key, configText(value), context.sim.state.datacenter.macPrefix, random);
  }
  return config;
}

function finalConfig(vmid: number, requested: Record<string, string>, template: string, unprivileged: boolean): Record<string, string> {
  const file = template.split('/').pop() ?? '';
  const os = file.split('-')[0] ?? '';
  const config: Record<string, string> = {
    arch: /_(amd64|i386|arm64|armhf)\./.exec(file)?.[1] ?? 'amd64',
    ostype: OS_TYPES.includes(os) ? os : 'unmanaged',
    hostname: `CT${vmid}`,
    memory: '512',
    swap: '512',
    ...requested,
  };
  if (unprivileged) config.unprivileged = '1';
  else delete config.unprivileged;
  return config;
}

function createLog(context: HandlerContext, container: Container, template: string, logLine: (line: string) => void): void {
  logLine(`extracting archive '/var/lib/vz/template/cache/${template.split('/').pop()}'`);
  logLine('Total bytes read: 536934400 (513MiB, 205MiB/s)');
  logLine(`Detected container architecture: ${container.config.arch ?? 'amd64'}`);
  for (const key of ['rsa', 'ecdsa', 'ed25519']) logLine(`Creating SSH host key 'ssh_host_${key}_key' - this may take some time ...`);
}

/** Everything the synchronous part of create decided; the task carries it out. */
interface CreatePlan {
  node: string;
  vmid: number;
  ostemplate: string;
  template: { storage: string; volname: string };
  requested: Record<string, string>;
  disks: PlannedDisk[];
  unprivileged: boolean;
}

/** The synchronous checks of create_vm, in PVE's order; any failure is an HTTP error and no task. */
function planCreate(context: HandlerContext): CreatePlan {
  const { sim, params, identity } = context;
  const node = String(params.node);
  const vmid = Number(params.vmid);
  const existing = sim.state.containers.get(vmid);
  if (existing) throw handlerError(`CT ${vmid} already exists on node '${existing.node}'`);
  assertQuorum(context);
  const pool = stringParam(params, 'pool');
  if (pool !== undefined && !sim.state.pools.has(pool)) throw permissionError(`pool '${pool}' does not exist`);
  if (!sim.access.has(identity, `/vms/${vmid}`, 'VM.Allocate', pool)) throw permissionError();
  const ostemplate = String(params.ostemplate);
  const template = templateChecks(context, node, ostemplate);
  const defaultStorage = stringParam(params, 'storage') ?? 'local';
  const requested = requestedConfig(context, new SeededStream(sim.faults.seed, `mac:${vmid}:${sim.clock.nowMs()}`));
  const rootfsGiven = requested.rootfs !== undefined;
  if (!rootfsGiven && Object.keys(requested).some((key) => /^mp\d+$/.test(key))) {
    throw handlerError("mount points configured, but 'rootfs' not set - aborting");
  }
  if (!rootfsGiven) requested.rootfs = `${defaultStorage}:4`;
  const unprivileged = params.unprivileged === undefined ? sim.release.unprivilegedByDefault : booleanParam(params, 'unprivileged');
  checkOptionPermissions(context, vmid, requested, [], {}, unprivileged, pool);
  if (!unprivileged) sim.access.require(identity, '/', ['Sys.Modify']);
  const disks = planDisks(context, node, requested, defaultStorage, rootfsGiven);
  return { node, vmid, ostemplate, template, requested, disks, unprivileged };
}

/** Allocates the planned disks and returns the config with their volume IDs and sizes. */
function allocateDisks(context: HandlerContext, plan: CreatePlan, allocated: Array<{ storage: string; volname: string }>): Record<string, string> {
  const { sim } = context;
  const config = { ...plan.requested };
  for (const disk of plan.disks) {
    try {
      const volume = sim.state.storages.allocateDisk(plan.node, disk.storage, plan.vmid, disk.sizeBytes, sim.clock.nowSeconds());
      allocated.push(volume);
      const withVolume = withPropertyValue(disk.key, config[disk.key]!, 'volume', `${disk.storage}:${volume.volname}`);
      config[disk.key] = withPropertyValue(disk.key, withVolume, 'size', formatDiskSize(disk.sizeBytes));
    } catch (error) {
      if (error instanceof StorageSpaceError) throw new Error(`unable to create CT ${plan.vmid} - ${error.message}`);
      throw error;
    }
  }
  return config;
}

/**
 * The `vzcreate` worker: the config exists as `{lock: create}` from the start; disks, template
 * and defaults follow; the lock goes last. On failure volumes are freed and the config removed.
 */
function create(context: HandlerContext): HandlerResult {
  const { sim, params } = context;
  const plan = planCreate(context);
  const { node, vmid, ostemplate, template } = plan;
  const container = newContainer(vmid, node, { lock: 'create' });
  sim.state.containers.set(vmid, container);
  sim.changed();
  const allocated: Array<{ storage: string; volname: string }> = [];
  const upid = startGuestTask(context, {
    type: booleanParam(params, 'restore') ? 'vzrestore' : 'vzcreate',
    vmid,
    lock: true,
    failureText: (reason) => `unable to create CT ${vmid} - ${reason}`,
    prepare: (task) => {
      const config = allocateDisks(context, plan, allocated);
      if (!sim.state.storages.find(node, template.storage, template.volname)) {
        throw new Error(`unable to create CT ${vmid} - volume '${ostemplate}' does not exist`);
      }
      container.config = { ...finalConfig(vmid, config, ostemplate, plan.unprivileged), lock: 'create' };
      createLog(context, container, ostemplate, task.log);
    },
    finish: () => {
      delete container.config.lock;
      const pool = stringParam(params, 'pool');
      if (pool !== undefined) sim.state.pools.get(pool)?.add(vmid);
      if (booleanParam(params, 'start')) setImmediate(() => startContainerTask(context, container));
    },
    onFailure: () => {
      for (const volume of allocated) sim.state.storages.free(node, volume.storage, volume.volname);
      if (sim.state.containers.get(vmid) === container) sim.state.containers.delete(vmid);
    },
  });
  return { data: upid };
}

export const lxcCreateRoutes: Route[] = [{ method: 'POST', template: '/nodes/{node}/lxc', handler: create }];
