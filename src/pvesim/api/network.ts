import { stringParam, type HandlerContext, type HandlerResult } from '../context.js';
import type { Route } from '../http/router.js';
import type { BridgeState } from '../state/cluster.js';

/**
 * `GET /nodes/{node}/network` as pve-manager's Network.pm lists `/etc/network/interfaces`:
 * one physical NIC per bridge port, the bridges, no `lo`; sorted by name; `type` filters,
 * `any_bridge`/`any_local_bridge` keep every kind of bridge.
 */
type Interface = Record<string, unknown> & { iface: string; type: string };

function nic(name: string, priority: number): Interface {
  return { iface: name, type: 'eth', method: 'manual', method6: 'manual', families: ['inet'], active: 1, exists: 1, priority };
}

/** vmbr0 carries the node's address and gateway, as the installer sets it up; others are plain. */
function bridge(state: BridgeState, port: string | undefined, nodeIndex: number, priority: number): Interface {
  const entry: Interface = {
    iface: state.name, type: 'bridge', method: 'manual', method6: 'manual', families: ['inet'], active: 1, autostart: 1,
    bridge_stp: 'off', bridge_fd: '0', priority,
  };
  if (port !== undefined) entry.bridge_ports = port;
  if (state.mtu !== 1500) entry.mtu = state.mtu;
  if (state.name !== 'vmbr0') return entry;
  const address = `192.0.2.${nodeIndex + 11}`;
  return { ...entry, method: 'static', address, netmask: '24', cidr: `${address}/24`, gateway: '192.0.2.1' };
}

export function nodeInterfaces(bridges: BridgeState[], nodeIndex: number): Interface[] {
  const interfaces: Interface[] = [];
  let priority = 3;
  bridges.forEach((state, index) => {
    const port = index < 2 ? `eno${index + 1}` : undefined;
    if (port !== undefined) interfaces.push(nic(port, priority++));
    interfaces.push(bridge(state, port, nodeIndex, priority++));
  });
  return interfaces.sort((a, b) => a.iface.localeCompare(b.iface));
}

function matches(type: string | undefined, entry: Interface): boolean {
  if (type === undefined || type === 'include_sdn') return true;
  const isBridge = entry.type === 'bridge' || entry.type === 'OVSBridge';
  if (isBridge && (type === 'any_bridge' || type === 'any_local_bridge')) return true;
  return entry.type === type;
}

/** Bridges are listed only to callers who may use them (root@pam, or SDN.Audit/SDN.Use). */
function mayUseBridge(context: HandlerContext, name: string): boolean {
  const { sim, identity } = context;
  if (identity.authid === 'root@pam') return true;
  const path = `/sdn/zones/localnetwork/${name}`;
  return sim.access.has(identity, path, 'SDN.Audit') || sim.access.has(identity, path, 'SDN.Use');
}

function listNetwork(context: HandlerContext): HandlerResult {
  const { sim, params } = context;
  const nodeIndex = [...sim.state.nodes.keys()].indexOf(String(params.node));
  const type = stringParam(params, 'type');
  const data = nodeInterfaces([...sim.state.bridges.values()], nodeIndex)
    .filter((entry) => matches(type, entry))
    .filter((entry) => entry.type !== 'bridge' || mayUseBridge(context, entry.iface));
  return { data };
}

export const networkRoutes: Route[] = [{ method: 'GET', template: '/nodes/{node}/network', handler: listNetwork }];
