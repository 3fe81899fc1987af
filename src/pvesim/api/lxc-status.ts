import { sleep } from '../clock.js';
import type { HandlerContext, HandlerResult } from '../context.js';
import { booleanParam, numberParam } from '../context.js';
import { handlerError, parameterError } from '../errors.js';
import type { Route } from '../http/router.js';
import type { Container } from '../state/container.js';
import { markRunning, markStopped, applyPendingInPlace } from '../state/guest-runtime.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { assertQuorum, assertUnlocked, isRootPam, loadContainer, startGuestTask } from './lxc-common.js';
import { vmstatus } from './vmstatus.js';

const vmPath = (params: Record<string, string>) => `/vms/${params.vmid}`;

function listContainers({ sim, identity, params }: HandlerContext): HandlerResult {
  const node = String(params.node);
  const data = sim.state
    .containersOn(node)
    .filter((container) => sim.access.has(identity, `/vms/${container.vmid}`, 'VM.Audit'))
    .map((container) => {
      const entry = vmstatus(container, sim.clock.nowMs(), sim.release);
      if (!sim.release.numericVmidInList) entry.vmid = String(container.vmid);
      return entry;
    });
  return { data };
}

function currentStatus(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  return { data: { ...vmstatus(container, context.sim.clock.nowMs(), context.sim.release), ha: { managed: 0 } } };
}

/** Inside start/stop tasks the lock property is checked unless skiplock or `mounted`. */
function checkLockInTask(container: Container, skiplock: boolean): void {
  if (skiplock || container.config.lock === 'mounted') return;
  assertUnlocked(container);
}

function requireSkiplockRoot(context: HandlerContext): boolean {
  const skiplock = booleanParam(context.params, 'skiplock');
  if (skiplock && !isRootPam(context)) {
    throw parameterError({ skiplock: 'Only root may use this option.' });
  }
  return skiplock;
}

function startInTask(context: HandlerContext, container: Container, skiplock: boolean, task: TaskContext): void {
  if (container.config.template === '1') throw new Error("you can't start a CT if it's a template");
  checkLockInTask(container, skiplock);
  if (container.behaviour.failsToStart) throw new Error(`startup for container '${container.vmid}' failed`);
  applyPendingInPlace(container);
  for (const [key, value] of Object.entries(container.config)) {
    const bridge = /^net\d+$/.test(key) ? /(?:^|,)bridge=([^,]+)/.exec(value)?.[1] : undefined;
    if (bridge !== undefined && !context.sim.state.bridges.has(bridge)) throw new Error(`bridge '${bridge}' does not exist`);
  }
  markRunning(context.sim.state, container, context.sim.clock.nowMs(), context.sim.timing.dhcpDelayMs);
  task.log(`starting CT ${container.vmid}`);
}

/** Starts a `vzstart` worker (also used by create with `start=1`, as a separate task). */
export function startContainerTask(context: HandlerContext, container: Container, skiplock = false): string {
  return startGuestTask(context, {
    type: 'vzstart',
    vmid: container.vmid,
    lock: true,
    finish: (task) => startInTask(context, container, skiplock, task),
  });
}

function start(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  const skiplock = requireSkiplockRoot(context);
  if (container.runtime.status === 'running') throw handlerError(`CT ${container.vmid} already running`);
  assertQuorum(context);
  return { data: startContainerTask(context, container, skiplock) };
}

function stop(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  const skiplock = requireSkiplockRoot(context);
  if (container.runtime.status !== 'running') throw handlerError(`CT ${container.vmid} not running`);
  if (booleanParam(context.params, 'overrule-shutdown')) {
    for (const task of context.sim.tasks.all()) {
      if (task.status === 'running' && task.parts.type === 'vzshutdown' && task.parts.id === String(container.vmid)) {
        context.sim.tasks.requestAbort(task.upid);
      }
    }
  }
  return {
    data: startGuestTask(context, {
      type: 'vzstop',
      vmid: container.vmid,
      lock: true,
      prepare: () => checkLockInTask(container, skiplock),
      finish: () => markStopped(context.sim.state, container),
    }),
  };
}

function shutdown(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  if (container.runtime.status !== 'running') throw handlerError(`CT ${container.vmid} not running`);
  const timeout = numberParam(context.params, 'timeout') ?? 60;
  const forceStop = booleanParam(context.params, 'forceStop');
  return {
    data: startGuestTask(context, {
      type: 'vzshutdown',
      vmid: container.vmid,
      lock: true,
      prepare: async (task) => {
        assertUnlocked(container);
        if (!container.behaviour.ignoresShutdown) return;
        const deadline = Date.now() + timeout * context.sim.timing.shutdownSecondMs;
        while (Date.now() < deadline && !task.aborted) await sleep(Math.min(20, deadline - Date.now()));
        if (task.aborted) throw new Error('received interrupt');
        if (!forceStop) throw new Error('container did not stop');
      },
      finish: () => markStopped(context.sim.state, container),
    }),
  };
}

function reboot(context: HandlerContext): HandlerResult {
  const container = loadContainer(context);
  if (container.runtime.status !== 'running') throw handlerError(`VM ${container.vmid} not running`);
  return {
    data: startGuestTask(context, {
      type: 'vzreboot',
      vmid: container.vmid,
      lock: true,
      finish: (task) => {
        markStopped(context.sim.state, container);
        if (container.behaviour.failsToStart) throw new Error(`startup for container '${container.vmid}' failed`);
        markRunning(context.sim.state, container, context.sim.clock.nowMs(), context.sim.timing.dhcpDelayMs);
        task.log(`rebooted CT ${container.vmid}`);
      },
    }),
  };
}

export const lxcStatusRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/lxc', handler: listContainers },
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/status/current', handler: currentStatus, permission: { path: vmPath, privileges: ['VM.Audit'] } },
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/status/start', handler: start, permission: { path: vmPath, privileges: ['VM.PowerMgmt'] } },
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/status/stop', handler: stop, permission: { path: vmPath, privileges: ['VM.PowerMgmt'] } },
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/status/shutdown', handler: shutdown, permission: { path: vmPath, privileges: ['VM.PowerMgmt'] } },
  { method: 'POST', template: '/nodes/{node}/lxc/{vmid}/status/reboot', handler: reboot, permission: { path: vmPath, privileges: ['VM.PowerMgmt'] } },
];
