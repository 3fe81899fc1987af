import { stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { handlerError } from '../errors.js';
import type { Route } from '../http/router.js';
import type { Container } from '../state/container.js';
import { volumeHasFeature, type VolumeFeature } from '../state/volume-features.js';
import { withPropertyValue } from './config-values.js';
import { assertUnlocked, loadContainer, startGuestTask, withConfigLock } from './lxc-common.js';
import { mountPoints } from './mount-points.js';

const vmPath = (params: Record<string, string>) => `/vms/${params.vmid}`;

/** template_create's first pass: every volume must support `template`, or nothing changes. */
function assertTemplateFeature(context: HandlerContext, container: Container): void {
  for (const point of mountPoints(context.sim, container.config)) {
    const ok = point.storage && point.volname !== undefined && volumeHasFeature({ storageType: point.storage.type, volname: point.volname, feature: 'template' });
    if (!ok) throw new Error(`Template feature is not available for '${point.volume}'`);
  }
}

/** template_create's second pass: each disk becomes a base volume; then `template: 1`. */
function convertVolumes(context: HandlerContext, container: Container): void {
  for (const point of mountPoints(context.sim, container.config)) {
    if (!point.storage || point.volname === undefined) continue;
    const base = context.sim.state.storages.createBase(container.node, point.storage.id, point.volname);
    container.config[point.key] = withPropertyValue(point.key, point.value, 'volume', `${point.storage.id}:${base}`);
  }
  container.config.template = '1';
}

/**
 * `POST …/template`: the checks run under the config flock; the `vztemplate` worker does the
 * conversion. PVE returns null, not the UPID, so callers watch the config for `template: 1`.
 */
async function createTemplate(context: HandlerContext): Promise<HandlerResult> {
  const vmid = Number(context.params.vmid);
  await withConfigLock(context, vmid, () => {
    const container = loadContainer(context);
    assertUnlocked(container);
    if (container.config.template === '1') throw handlerError("you can't convert a template to a template");
    if (container.runtime.status === 'running') throw handlerError("you can't convert a CT to template if the CT is running");
    startGuestTask(context, {
      type: 'vztemplate',
      vmid,
      lock: false,
      finish: () => {
        assertTemplateFeature(context, container);
        convertVolumes(context, container);
      },
    });
  });
  return { data: null };
}

/** `GET …/feature`: whether every volume offers the feature (LXC::Config has_feature). */
function feature(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  const snapname = stringParam(context.params, 'snapname');
  if (snapname !== undefined) throw handlerError(`snapshot '${snapname}' does not exist`);
  const wanted = String(context.params.feature) as VolumeFeature;
  const hasFeature = mountPoints(context.sim, container.config).every(
    (point) => point.storage !== undefined && point.volname !== undefined && volumeHasFeature({ storageType: point.storage.type, volname: point.volname, feature: wanted }),
  );
  return { data: { hasFeature: hasFeature ? 1 : 0 } };
}

export const lxcTemplateRoutes: Route[] = [
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/template', handler: createTemplate, permission: { path: vmPath, privileges: ['VM.Allocate'] } },
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/feature', handler: feature, permission: { path: vmPath, privileges: ['VM.Audit'] } },
];
