import type { HandlerContext, HandlerResult } from '../context.js';
import { handlerError } from '../errors.js';
import type { Route } from '../http/router.js';
import { markRunning, markStopped } from '../state/guest-runtime.js';
import { assertUnlocked, loadContainer, startGuestTask } from './lxc-common.js';

const vmPath = (params: Record<string, string>) => `/vms/${params.vmid}`;
const DUMP_DIR = '/var/lib/vz/dump';

/**
 * `POST …/status/suspend` (experimental in PVE): `lxc-checkpoint -s` dumps the CT and stops
 * it, under the config flock; the CT then reports `stopped` until it is resumed.
 */
function suspend(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  if (container.runtime.status !== 'running') throw handlerError(`CT ${container.vmid} not running`);
  return {
    data: startGuestTask(context, {
      type: 'vzsuspend',
      vmid: container.vmid,
      lock: true,
      prepare: () => assertUnlocked(container),
      finish: () => {
        markStopped(context.sim.state, container);
        container.runtime.checkpointed = true;
      },
    }),
  };
}

/** `POST …/status/resume`: `lxc-checkpoint -r` restores a dump; without one the command fails. */
function resume(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  if (container.runtime.status === 'running') throw handlerError(`CT ${container.vmid} already running`);
  return {
    data: startGuestTask(context, {
      type: 'vzresume',
      vmid: container.vmid,
      lock: false,
      finish: () => {
        if (!container.runtime.checkpointed) {
          throw new Error(`command 'lxc-checkpoint -n ${container.vmid} -r --foreground -D ${DUMP_DIR}' failed: exit code 1`);
        }
        markRunning(context.sim.state, container, context.sim.clock.nowMs(), context.sim.timing.dhcpDelayMs);
      },
    }),
  };
}

export const lxcSuspendRoutes: Route[] = [
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/status/suspend', handler: suspend, permission: { path: vmPath, privileges: ['VM.PowerMgmt'] } },
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/status/resume', handler: resume, permission: { path: vmPath, privileges: ['VM.PowerMgmt'] } },
];
