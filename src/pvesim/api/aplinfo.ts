import { createHash } from 'node:crypto';
import { sleep } from '../clock.js';
import type { HandlerContext, HandlerResult } from '../context.js';
import { handlerError, parameterError } from '../errors.js';
import type { Route } from '../http/router.js';
import { DEFAULT_TEMPLATES } from '../state/storage.js';
import { taskDuration } from '../timing.js';

/** The appliance index `pveam update` fetched (MGR PVE/APLInfo.pm): more templates than are downloaded. */
const APPLIANCES = [
  ...DEFAULT_TEMPLATES,
  { file: 'rockylinux-9-default_20240912_amd64.tar.xz', sizeBytes: 104_857_600 },
  { file: 'fedora-42-default_20250428_amd64.tar.xz', sizeBytes: 98_566_144 },
];

function applianceEntry(file: string): Record<string, unknown> {
  const [os = '', version = ''] = file.split('-');
  const packageName = file.replace(/_amd64\.tar\.\w+$/, '').replace(/_[\d.-]+$/, '');
  return {
    template: file,
    package: packageName,
    version,
    os,
    section: 'system',
    type: 'lxc',
    headline: `${os} ${version} (${packageName})`,
    description: `LXC template of ${os} ${version}`,
    location: `http://download.proxmox.com/images/system/${file}`,
    sha512sum: createHash('sha512').update(file).digest('hex'),
    infopage: 'https://pve.proxmox.com/wiki/Linux_Container#pct_supported_distributions',
    maintainer: 'Proxmox Support Team <support@proxmox.com>',
    architecture: 'amd64',
    source: 'http://download.proxmox.com/images/system',
  };
}

function listAppliances(): HandlerResult {
  return { data: APPLIANCES.map((appliance) => applianceEntry(appliance.file)) };
}

/** `POST /nodes/{node}/aplinfo`: a `download` task that puts the template into `<storage>`. */
function download(context: HandlerContext): HandlerResult {
  const { sim, params, identity } = context;
  const node = String(params.node);
  const storage = String(params.storage);
  const template = String(params.template);
  const appliance = APPLIANCES.find((entry) => entry.file === template);
  if (!appliance) throw parameterError({ template: 'no such template' });
  const spec = sim.state.storages.spec(storage);
  if (!spec) throw handlerError(`storage '${storage}' does not exist`);
  if (!spec.content.includes('vztmpl')) throw handlerError(`storage '${storage}' does not support templates`);
  const upid = sim.tasks.start(node, 'download', template, identity.authid, async (task) => {
    const target = `/var/lib/vz/template/cache/${template}`;
    task.log(`starting template download from: http://download.proxmox.com/images/system/${template}`);
    task.log(`target file: ${target}`);
    await sleep(taskDuration(sim.timing, 'download'));
    if (context.faults.taskFailure !== undefined) throw new Error(context.faults.taskFailure);
    sim.state.storages.put(node, { storage, volname: `vztmpl/${template}`, content: 'vztmpl', sizeBytes: appliance.sizeBytes, ctime: sim.clock.nowSeconds() });
    sim.changed();
    task.log(`${template}: ${(appliance.sizeBytes / 1024 ** 2).toFixed(2)} MiB downloaded`);
    task.log('calculating checksum...OK, checksum verified');
    task.log(`download of 'http://download.proxmox.com/images/system/${template}' to '${target}' finished`);
  });
  return { data: upid };
}

export const aplinfoRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/aplinfo', handler: listAppliances },
  {
    method: 'POST',
    template: '/nodes/{node}/aplinfo',
    handler: download,
    permission: { path: (params) => `/storage/${params.storage ?? ''}`, privileges: ['Datastore.AllocateTemplate'] },
  },
];
