import { sleep } from '../clock.js';
import { stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import { PveError } from '../errors.js';
import type { Route } from '../http/router.js';

const CAPABILITY_GROUPS: Record<string, { path: string; privileges: string[] }> = {
  vms: { path: '/vms', privileges: ['VM.Allocate', 'VM.Audit', 'VM.Config.CPU', 'VM.Config.Disk', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options', 'VM.Console', 'VM.PowerMgmt'] },
  storage: { path: '/storage', privileges: ['Datastore.Allocate', 'Datastore.AllocateSpace', 'Datastore.AllocateTemplate', 'Datastore.Audit'] },
  nodes: { path: '/nodes', privileges: ['Sys.Audit', 'Sys.Console', 'Sys.Modify', 'Sys.PowerMgmt', 'Sys.Syslog'] },
  dc: { path: '/', privileges: ['Sys.Audit', 'Sys.Modify', 'SDN.Audit', 'SDN.Use'] },
  access: { path: '/access', privileges: ['Permissions.Modify', 'User.Modify'] },
};

/** `POST /access/ticket`: password (or a still-valid ticket, which renews it) for a ticket. */
async function createTicket(context: HandlerContext): Promise<HandlerResult> {
  const { sim, params } = context;
  let username = stringParam(params, 'username') ?? '';
  const realm = stringParam(params, 'realm');
  if (!username.includes('@') && realm !== undefined) username = `${username}@${realm}`;
  const password = stringParam(params, 'password') ?? '';
  const now = sim.clock.nowSeconds();
  const renewedFor = password.startsWith('PVE:') ? sim.tickets.verifyTicket(password, now) : undefined;
  const valid = renewedFor !== undefined ? renewedFor === username : sim.access.checkPassword(username, password);
  if (!valid) {
    await sleep(sim.timing.authFailureDelayMs);
    throw new PveError(401, 'authentication failure\n');
  }
  const identity = { userid: username, authid: username, via: 'ticket' as const };
  const cap: Record<string, Record<string, number>> = {};
  for (const [group, { path, privileges }] of Object.entries(CAPABILITY_GROUPS)) {
    const held = sim.access.privileges(identity, path);
    cap[group] = Object.fromEntries(privileges.filter((privilege) => held.has(privilege)).map((privilege) => [privilege, 1]));
  }
  const data: Record<string, unknown> = {
    username,
    ticket: sim.tickets.issueTicket(username, now),
    CSRFPreventionToken: sim.tickets.issueCsrfToken(username, now),
    cap,
  };
  if (sim.state.nodes.size > 1 && sim.access.has(identity, '/', 'Sys.Audit')) data.clustername = sim.state.clusterName;
  return { data };
}

export const accessRoutes: Route[] = [{ method: 'POST', template: '/access/ticket', handler: createTicket, noAuth: true, rejectTokens: true }];
