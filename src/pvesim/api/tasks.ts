import { booleanParam, numberParam, stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { parameterError, permissionError } from '../errors.js';
import type { Route } from '../http/router.js';
import type { TaskRecord } from '../tasks/task-manager.js';
import { decodeUpid } from '../tasks/upid.js';

/** A user sees its own tasks and its tokens'; a token its own; Sys.Audit on the node sees all. */
function mayRead(context: HandlerContext, task: TaskRecord, privilege: string): boolean {
  const { identity } = context;
  const owner = task.parts.user;
  if (owner === identity.authid || (identity.via === 'ticket' && owner.startsWith(`${identity.userid}!`))) return true;
  return context.sim.access.has(identity, `/nodes/${task.parts.node}`, privilege);
}

function findTask(context: HandlerContext): TaskRecord {
  const upid = String(context.params.upid);
  const parts = decodeUpid(upid);
  if (!parts) throw parameterError({ upid: 'unable to parse worker upid' });
  const task = context.sim.tasks.get(upid);
  if (!task || parts.node !== context.params.node) throw parameterError({ upid: 'no such task' });
  return task;
}

function taskStatus(context: HandlerContext): HandlerResult {
  const task = findTask(context);
  if (!mayRead(context, task, 'Sys.Audit')) throw permissionError(`/nodes/${task.parts.node}, Sys.Audit`);
  const { parts } = task;
  const [user, tokenid] = parts.user.split('!');
  const data: Record<string, unknown> = {
    upid: task.upid, node: parts.node, pid: parts.pid, pstart: parts.pstart, starttime: parts.starttime, type: parts.type, id: parts.id, user,
  };
  if (tokenid !== undefined) data.tokenid = tokenid;
  data.status = task.status;
  if (task.exitstatus !== undefined) data.exitstatus = task.exitstatus;
  return { data };
}

function taskLog(context: HandlerContext): HandlerResult {
  const task = findTask(context);
  if (!mayRead(context, task, 'Sys.Audit')) throw permissionError(`/nodes/${task.parts.node}, Sys.Audit`);
  const start = numberParam(context.params, 'start') ?? 0;
  const limit = numberParam(context.params, 'limit') ?? 50;
  if (task.lines.length === 0) return { data: [{ n: 1, t: 'no content' }], total: 1 };
  const end = limit === 0 ? task.lines.length : Math.min(task.lines.length, start + limit);
  const data = task.lines.slice(start, end).map((t, index) => ({ n: start + index + 1, t }));
  return { data, total: task.lines.length };
}

function listTasks(context: HandlerContext): HandlerResult {
  const { params, sim } = context;
  const node = String(params.node);
  const source = stringParam(params, 'source') ?? 'archive';
  const typefilter = stringParam(params, 'typefilter');
  const userfilter = stringParam(params, 'userfilter');
  const vmid = numberParam(params, 'vmid');
  const errorsOnly = booleanParam(params, 'errors');
  const start = numberParam(params, 'start') ?? 0;
  const limit = numberParam(params, 'limit') ?? 50;
  const matching = sim.tasks
    .all()
    .filter((task) => task.parts.node === node && mayRead(context, task, 'Sys.Audit'))
    .filter((task) => (source === 'all' ? true : source === 'active' ? task.status === 'running' : task.status === 'stopped'))
    .filter((task) => typefilter === undefined || task.parts.type === typefilter)
    .filter((task) => userfilter === undefined || task.parts.user.includes(userfilter))
    .filter((task) => vmid === undefined || task.parts.id === String(vmid))
    .filter((task) => !errorsOnly || (task.exitstatus !== undefined && task.exitstatus !== 'OK'))
    .sort((a, b) => b.parts.starttime - a.parts.starttime || b.parts.pid - a.parts.pid);
  const data = matching.slice(start, start + limit).map((task) => {
    const entry: Record<string, unknown> = {
      upid: task.upid, node: task.parts.node, pid: task.parts.pid, pstart: task.parts.pstart, starttime: task.parts.starttime,
      type: task.parts.type, id: task.parts.id, user: task.parts.user,
    };
    if (task.status === 'running') entry.status = 'RUNNING';
    else Object.assign(entry, { endtime: task.endtime, status: task.exitstatus });
    return entry;
  });
  return { data, total: matching.length };
}

function stopTask(context: HandlerContext): HandlerResult {
  const task = findTask(context);
  if (!mayRead(context, task, 'Sys.Modify')) throw permissionError(`/nodes/${task.parts.node}, Sys.Modify`);
  context.sim.tasks.requestAbort(task.upid);
  return { data: null };
}

export const taskRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/tasks', handler: listTasks },
  { method: 'GET', template: '/nodes/{node}/tasks/{upid}/status', handler: taskStatus },
  { method: 'GET', template: '/nodes/{node}/tasks/{upid}/log', handler: taskLog },
  { method: 'DELETE', template: '/nodes/{node}/tasks/{upid}', handler: stopTask },
];
