import type { HandlerContext } from '../context.js';
import { propertyValue } from './config-values.js';

/** The VLAN tags of a `trunks` value: `10;20`, and ranges `30-32` as get_tags_from_trunk reads them. */
export function trunkTags(trunks: string): string[] {
  const tags = new Set<string>();
  for (const trunk of trunks.split(';')) {
    const [first = '', last] = trunk.split('-');
    const start = Number(first);
    const end = Number(last);
    if (last !== undefined && end > start) for (let tag = start; tag <= end; tag++) tags.add(String(tag));
    else tags.add(first);
  }
  return [...tags].sort();
}

/**
 * check_bridge_access (LXC.pm) with check_vnet_access (GuestHelpers.pm), used by create, PUT
 * config and clone: SDN.Use on `/sdn/zones/localnetwork/<bridge>` for an untagged device, else on
 * `…/<bridge>/<tag>` and on each trunk VLAN — an ACL on the bridge reaches them by propagation.
 */
export function checkBridgeAccess(context: HandlerContext, key: string, value: string): void {
  if (context.identity.authid === 'root@pam') return;
  const bridge = propertyValue(key, value, 'bridge');
  if (bridge === undefined) return;
  const tag = propertyValue(key, value, 'tag');
  const trunks = propertyValue(key, value, 'trunks');
  const zone = `/sdn/zones/localnetwork/${bridge}`;
  const paths = [...(tag ? [`${zone}/${tag}`] : []), ...(trunks ? trunkTags(trunks).map((vlan) => `${zone}/${vlan}`) : [])];
  for (const path of paths.length > 0 ? paths : [zone]) context.sim.access.require(context.identity, path, ['SDN.Use']);
}
