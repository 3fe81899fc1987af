/**
 * The parameter schemas of every endpoint the simulator serves, as the PVE 9.1 API schema
 * (pve-docs api-viewer/apidata.js) declares them. All of them reject unknown parameters
 * (`additionalProperties => 0`); path parameters are part of the parameters.
 */
import { LXC_CONFIG_PROPERTIES } from './lxc-config-schema.js';
import type { EndpointSchema, HttpMethod, Properties, PropertySchema } from './types.js';

const node: PropertySchema = { type: 'string', format: 'pve-node' };
const vmid: PropertySchema = { type: 'integer', format: 'pve-vmid', minimum: 100, maximum: 999999999 };
const optionalVmid: PropertySchema = { ...vmid, optional: true };
const upid: PropertySchema = { type: 'string' };
const storage: PropertySchema = { type: 'string', format: 'pve-storage-id' };
const optionalBoolean: PropertySchema = { type: 'boolean', optional: true };
const booleanDefaultOff: PropertySchema = { type: 'boolean', optional: true, default: 0 };
const digest: PropertySchema = { type: 'string', optional: true, maxLength: 40 };

const guest = { node, vmid } as const;

const resizableDisks = ['rootfs', ...Array.from({ length: 256 }, (_, index) => `mp${index}`)];

const CREATE_ONLY: Properties = {
  node,
  vmid,
  ostemplate: { type: 'string', maxLength: 255 },
  storage: { ...storage, optional: true, default: 'local' },
  password: { type: 'string', optional: true, minLength: 5 },
  'ssh-public-keys': { type: 'string', optional: true },
  start: booleanDefaultOff,
  pool: { type: 'string', optional: true, format: 'pve-poolid' },
  force: optionalBoolean,
  restore: optionalBoolean,
  unique: { type: 'boolean', optional: true, requires: 'restore' },
  'ignore-unpack-errors': optionalBoolean,
  bwlimit: { type: 'number', optional: true, minimum: 0 },
  'ha-managed': booleanDefaultOff,
};

const CONFIG_UPDATE_ONLY: Properties = {
  node,
  vmid,
  delete: { type: 'string', optional: true, format: 'pve-configid-list' },
  revert: { type: 'string', optional: true, format: 'pve-configid-list' },
  digest,
};

function endpoint(method: HttpMethod, path: string, properties: Properties = {}): EndpointSchema {
  return { method, path, properties };
}

const LXC = '/nodes/{node}/lxc/{vmid}';

const snapname: PropertySchema = { type: 'string', optional: true, format: 'pve-configid', maxLength: 40 };
const bwlimit: PropertySchema = { type: 'number', optional: true, minimum: 0 };

const CLONE: Properties = {
  ...guest,
  newid: vmid,
  hostname: { type: 'string', optional: true, format: 'dns-name' },
  description: { type: 'string', optional: true },
  pool: { type: 'string', optional: true, format: 'pve-poolid' },
  snapname,
  storage: { ...storage, optional: true },
  full: optionalBoolean,
  target: { ...node, optional: true },
  bwlimit,
};

const MIGRATE: Properties = {
  ...guest,
  target: node,
  // storage-pair-list: parsed by the handler, whose errors carry PVE's texts.
  'target-storage': { type: 'string', optional: true },
  online: optionalBoolean,
  restart: optionalBoolean,
  timeout: { type: 'integer', optional: true, default: 180 },
  bwlimit,
};

const NETWORK_TYPES = [
  'bridge', 'bond', 'eth', 'alias', 'vlan', 'fabric', 'OVSBridge', 'OVSBond', 'OVSPort', 'OVSIntPort', 'vnet',
  'any_bridge', 'any_local_bridge', 'include_sdn',
];

export const ENDPOINTS: readonly EndpointSchema[] = [
  endpoint('GET', '/access/ticket'),
  endpoint('POST', '/access/ticket', {
    username: { type: 'string', maxLength: 64 },
    password: { type: 'string' },
    realm: { type: 'string', optional: true, format: 'pve-realm', maxLength: 32 },
    otp: { type: 'string', optional: true },
    'tfa-challenge': { type: 'string', optional: true },
    path: { type: 'string', optional: true, maxLength: 64, requires: 'privs' },
    privs: { type: 'string', optional: true, format: 'pve-priv-list', maxLength: 64, requires: 'path' },
    'new-format': { type: 'boolean', optional: true, default: 1 },
  }),
  endpoint('GET', '/version'),
  endpoint('GET', '/nodes'),
  endpoint('GET', '/nodes/{node}/status', { node }),
  endpoint('GET', '/cluster/status'),
  endpoint('GET', '/cluster/resources', {
    type: { type: 'string', optional: true, enum: ['vm', 'storage', 'node', 'sdn'] },
  }),
  endpoint('GET', '/cluster/nextid', { vmid: optionalVmid }),
  endpoint('GET', '/cluster/options'),
  endpoint('GET', '/nodes/{node}/lxc', { node }),
  endpoint('POST', '/nodes/{node}/lxc', { ...LXC_CONFIG_PROPERTIES, ...CREATE_ONLY }),
  endpoint('GET', LXC, guest),
  endpoint('DELETE', LXC, {
    ...guest,
    force: booleanDefaultOff,
    purge: booleanDefaultOff,
    'destroy-unreferenced-disks': optionalBoolean,
  }),
  endpoint('GET', `${LXC}/status`, guest),
  endpoint('GET', `${LXC}/status/current`, guest),
  endpoint('POST', `${LXC}/status/start`, { ...guest, skiplock: optionalBoolean, debug: booleanDefaultOff }),
  endpoint('POST', `${LXC}/status/stop`, { ...guest, skiplock: optionalBoolean, 'overrule-shutdown': booleanDefaultOff }),
  endpoint('POST', `${LXC}/status/shutdown`, {
    ...guest,
    timeout: { type: 'integer', optional: true, minimum: 0, default: 60 },
    forceStop: booleanDefaultOff,
  }),
  endpoint('POST', `${LXC}/status/reboot`, { ...guest, timeout: { type: 'integer', optional: true, minimum: 0 } }),
  endpoint('POST', `${LXC}/status/suspend`, guest),
  endpoint('POST', `${LXC}/status/resume`, guest),
  endpoint('GET', `${LXC}/config`, {
    ...guest,
    current: booleanDefaultOff,
    snapshot: { type: 'string', optional: true, format: 'pve-configid', maxLength: 40 },
  }),
  endpoint('PUT', `${LXC}/config`, { ...LXC_CONFIG_PROPERTIES, ...CONFIG_UPDATE_ONLY }),
  endpoint('GET', `${LXC}/pending`, guest),
  endpoint('PUT', `${LXC}/resize`, {
    ...guest,
    disk: { type: 'string', enum: resizableDisks },
    size: { type: 'string', pattern: '\\+?\\d+(\\.\\d+)?[KMGT]?' },
    digest,
  }),
  endpoint('GET', `${LXC}/interfaces`, guest),
  endpoint('POST', `${LXC}/template`, guest),
  endpoint('POST', `${LXC}/clone`, CLONE),
  endpoint('GET', `${LXC}/migrate`, { ...guest, target: { ...node, optional: true } }),
  endpoint('POST', `${LXC}/migrate`, MIGRATE),
  endpoint('GET', `${LXC}/feature`, { ...guest, feature: { type: 'string', enum: ['snapshot', 'clone', 'copy'] }, snapname }),
  endpoint('GET', '/nodes/{node}/network', { node, type: { type: 'string', optional: true, enum: NETWORK_TYPES } }),
  endpoint('GET', '/nodes/{node}/tasks', {
    node,
    start: { type: 'integer', optional: true, minimum: 0, default: 0 },
    limit: { type: 'integer', optional: true, minimum: 0, default: 50 },
    userfilter: { type: 'string', optional: true },
    typefilter: { type: 'string', optional: true },
    vmid: optionalVmid,
    errors: booleanDefaultOff,
    source: { type: 'string', optional: true, enum: ['archive', 'active', 'all'], default: 'archive' },
    since: { type: 'integer', optional: true },
    until: { type: 'integer', optional: true },
    statusfilter: { type: 'string', optional: true, format: 'pve-task-status-type-list' },
  }),
  endpoint('GET', '/nodes/{node}/tasks/{upid}', { node, upid }),
  endpoint('DELETE', '/nodes/{node}/tasks/{upid}', { node, upid }),
  endpoint('GET', '/nodes/{node}/tasks/{upid}/status', { node, upid }),
  endpoint('GET', '/nodes/{node}/tasks/{upid}/log', {
    node,
    upid,
    start: { type: 'integer', optional: true, minimum: 0, default: 0 },
    limit: { type: 'integer', optional: true, minimum: 0, default: 50 },
    download: optionalBoolean,
  }),
  endpoint('GET', '/nodes/{node}/storage', {
    node,
    storage: { ...storage, optional: true },
    content: { type: 'string', optional: true, format: 'pve-storage-content-list' },
    enabled: booleanDefaultOff,
    target: { ...node, optional: true },
    format: booleanDefaultOff,
  }),
  endpoint('GET', '/nodes/{node}/storage/{storage}/status', { node, storage }),
  endpoint('GET', '/nodes/{node}/storage/{storage}/content', {
    node,
    storage,
    content: { type: 'string', optional: true, format: 'pve-storage-content' },
    vmid: optionalVmid,
  }),
  endpoint('GET', '/nodes/{node}/aplinfo', { node }),
  endpoint('POST', '/nodes/{node}/aplinfo', { node, storage, template: { type: 'string', maxLength: 255 } }),
];
