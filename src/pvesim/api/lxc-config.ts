import { booleanParam, stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError, parameterError } from '../errors.js';
import type { Route } from '../http/router.js';
import { SeededStream } from '../random.js';
import { configDigest } from '../state/config-file.js';
import { configValueAsJson } from '../state/config-types.js';
import type { Container } from '../state/container.js';
import { syncLeases } from '../state/guest-runtime.js';
import { applyAllPending, applyHotplug, effectiveConfig, stageChanges } from '../state/pending.js';
import { checkOptionPermissions } from './config-permissions.js';
import { configText, storedValue, UPDATE_ONLY_PARAMS } from './config-values.js';
import { assertDigest, assertUnlocked, loadContainer, withConfigLock } from './lxc-common.js';
import { allocateNewMountPoints, freeUnreferencedVolumes, referencedVolumes } from './volumes.js';

const vmPath = (params: Record<string, string>) => `/vms/${params.vmid}`;
const CONFIG_KEY = /^(arch|cmode|console|cores|cpulimit|cpuunits|debug|description|dev\d+|entrypoint|env|features|hookscript|hostname|lock|memory|mp\d+|nameserver|net\d+|onboot|ostype|protection|rootfs|searchdomain|startup|swap|tags|template|timezone|tty|unprivileged|unused\d+)$/;

function asJson(config: Record<string, string>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort()) data[key] = configValueAsJson(key, config[key]!);
  return data;
}

function getConfig(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  const snapshot = stringParam(context.params, 'snapshot');
  const current = booleanParam(context.params, 'current');
  if (snapshot !== undefined && context.params.current !== undefined) {
    const text = "cannot use 'snapshot' parameter with 'current'";
    throw parameterError({ snapshot: text, current: text });
  }
  if (snapshot !== undefined) throw handlerError(`snapshot '${snapshot}' does not exist`);
  return { data: { ...asJson(effectiveConfig(container, current)), digest: configDigest(container) } };
}

function listParam(value: unknown): string[] {
  if (value === undefined) return [];
  return String(value).split(/[,;\s]+/).filter((item) => item !== '');
}

/** Synchronous checks of `delete`/`revert` against the sent options (spec §6.5 step 5). */
function checkDeleteAndRevert(changes: Record<string, string>, deletes: string[], reverts: string[]): void {
  for (const key of [...deletes, ...reverts]) {
    if (!CONFIG_KEY.test(key)) throw parameterError({ [deletes.includes(key) ? 'delete' : 'revert']: `unknown option '${key}'` });
  }
  for (const key of deletes) {
    if (changes[key] !== undefined) throw parameterError({ delete: `you can't use '-${key}' and -delete ${key}' at the same time` });
    if (reverts.includes(key)) throw parameterError({ delete: `you can't use '-delete ${key}' and '-revert ${key}' at the same time` });
    if (key === 'memory' || key === 'rootfs' || key === 'ostype') throw handlerError(`unable to delete required option '${key}'`);
    if (key === 'unprivileged') throw handlerError(`unable to delete read-only option: '${key}'`);
  }
  if (changes.unprivileged !== undefined) throw handlerError("unable to modify read-only option: 'unprivileged'");
}

function checkProtection(container: Container, changes: Record<string, string>, deletes: string[]): void {
  if (container.config.protection !== '1') return;
  for (const key of Object.keys(changes)) {
    if (key === 'rootfs' || /^mp\d+$/.test(key)) throw handlerError(`can't update CT ${container.vmid} drive '${key}' - protection mode enabled`);
  }
  for (const key of deletes) {
    if (/^(mp|unused)\d+$/.test(key)) throw handlerError(`can't remove CT ${container.vmid} drive '${key}' - protection mode enabled`);
  }
}

function updateConfig(context: HandlerContext, container: Container): HandlerResult {
  const { sim, params } = context;
  assertUnlocked(container);
  assertDigest(container, params.digest);
  const random = new SeededStream(sim.faults.seed, `mac:${container.vmid}:${sim.clock.nowMs()}`);
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!UPDATE_ONLY_PARAMS.has(key) && value !== undefined) changes[key] = configText(value);
  }
  const deletes = listParam(params.delete);
  const reverts = listParam(params.revert);
  if (Object.keys(changes).length === 0 && deletes.length === 0 && reverts.length === 0) throw handlerError('no options specified');
  checkDeleteAndRevert(changes, deletes, reverts);
  checkOptionPermissions(context, container.vmid, changes, deletes, container.config, container.config.unprivileged === '1');
  checkProtection(container, changes, deletes);
  for (const key of Object.keys(changes)) changes[key] = storedValue(key, changes[key]!, sim.state.datacenter.macPrefix, random);
  const before = referencedVolumes(container);
  allocateNewMountPoints(context, container, changes);
  const reverted = { ...container, pending: { ...container.pending }, pendingDelete: { ...container.pendingDelete } };
  for (const key of reverts) {
    delete reverted.pending[key];
    delete reverted.pendingDelete[key];
  }
  const staged = stageChanges(reverted, changes, deletes.map((key) => ({ key, force: false })));
  const applied = container.runtime.status === 'running' ? applyHotplug(staged) : applyAllPending(staged);
  container.config = applied.config;
  container.pending = applied.pending;
  container.pendingDelete = applied.pendingDelete;
  freeUnreferencedVolumes(sim, container, before);
  syncLeases(sim.state, container);
  sim.changed();
  return { data: null };
}

function pending(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  const keys = new Set([...Object.keys(container.config), ...Object.keys(container.pending), ...Object.keys(container.pendingDelete)]);
  const data: Array<Record<string, unknown>> = [];
  for (const key of [...keys].sort()) {
    const item: Record<string, unknown> = { key };
    if (container.config[key] !== undefined) item.value = configValueAsJson(key, container.config[key]);
    if (container.pending[key] !== undefined) item.pending = configValueAsJson(key, container.pending[key]);
    if (container.pendingDelete[key] !== undefined) item.delete = container.pendingDelete[key] ? 2 : 1;
    data.push(item);
  }
  data.push({ key: 'digest', value: configDigest(container) });
  return { data };
}

const CONFIG_PRIVILEGES = ['VM.Config.Disk', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options'];

export const lxcConfigRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/config', handler: getConfig, permission: { path: vmPath, privileges: ['VM.Audit'] } },
  {
    method: 'PUT',
    template: '/nodes/{node}/lxc/{vmid}/config',
    handler: async (context) => {
      const container = loadContainer(context);
      return withConfigLock(context, container.vmid, () => updateConfig(context, container));
    },
    permission: { path: vmPath, privileges: CONFIG_PRIVILEGES, any: true },
  },
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/pending', handler: pending, permission: { path: vmPath, privileges: ['VM.Audit'] } },
];
