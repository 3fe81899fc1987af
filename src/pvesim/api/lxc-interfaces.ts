import type { HandlerContext, HandlerResult } from '../context.js';
import { notImplemented } from '../errors.js';
import type { Route } from '../http/router.js';
import type { Container } from '../state/container.js';
import { propertyValue } from './config-values.js';
import { loadContainer } from './lxc-common.js';

/** The EUI-64 link-local address the kernel derives from a MAC. */
export function linkLocalFromMac(mac: string): string {
  const bytes = mac.split(':').map((part) => Number.parseInt(part, 16));
  bytes[0] = (bytes[0] ?? 0) ^ 0x02;
  const eui = [bytes[0], bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]].map((byte) => byte ?? 0);
  const groups: string[] = [];
  for (let index = 0; index < 8; index += 2) groups.push(((eui[index]! << 8) | eui[index + 1]!).toString(16));
  return `fe80::${groups.join(':')}`;
}

type Address = { address: string; prefix: string; family: 'inet' | 'inet6' };

function interfaceEntry(name: string, mac: string, addresses: Address[], withList: boolean): Record<string, unknown> {
  const entry: Record<string, unknown> = { name, hwaddr: mac };
  if (withList) entry['hardware-address'] = mac;
  for (const family of ['inet', 'inet6'] as const) {
    const last = addresses.filter((address) => address.family === family).pop();
    if (last) entry[family] = `${last.address}/${last.prefix}`;
  }
  if (withList) {
    entry['ip-addresses'] = addresses.map((address) => ({ 'ip-address': address.address, 'ip-address-type': address.family, prefix: address.prefix }));
  }
  return entry;
}

function networkAddresses(container: Container, key: string, value: string, nowMs: number): Address[] {
  const addresses: Address[] = [];
  const ip = propertyValue(key, value, 'ip');
  const lease = container.runtime.leases[key]?.split('|')[1];
  const dhcpReady = (container.runtime.dhcpReadyAtMs ?? 0) <= nowMs;
  const ipv4 = ip === 'dhcp' ? (dhcpReady ? lease : undefined) : ip !== undefined && ip !== 'manual' ? ip : undefined;
  if (ipv4) {
    const [address = '', prefix = '32'] = ipv4.split('/');
    addresses.push({ address, prefix, family: 'inet' });
  }
  const ip6 = propertyValue(key, value, 'ip6');
  if (ip6 !== undefined && ip6.includes('/')) {
    const [address = '', prefix = '128'] = ip6.split('/');
    addresses.push({ address, prefix, family: 'inet6' });
  }
  const mac = (propertyValue(key, value, 'hwaddr') ?? '00:00:00:00:00:00').toLowerCase();
  addresses.push({ address: linkLocalFromMac(mac), prefix: '64', family: 'inet6' });
  return addresses;
}

function interfaces(context: HandlerContext): HandlerResult {
  const { sim } = context;
  if (!sim.release.hasInterfacesEndpoint) throw notImplemented('GET', `/nodes/${context.params.node}/lxc/${context.params.vmid}/interfaces`);
  const container = loadContainer(context);
  if (container.runtime.status !== 'running') return { data: null };
  const withList = sim.release.hasInterfaceAddressList;
  const loopback: Address[] = [
    { address: '127.0.0.1', prefix: '8', family: 'inet' },
    { address: '::1', prefix: '128', family: 'inet6' },
  ];
  const data = [interfaceEntry('lo', '00:00:00:00:00:00', loopback, withList)];
  const nets = Object.keys(container.config).filter((key) => /^net\d+$/.test(key)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  for (const key of nets) {
    const value = container.config[key]!;
    const mac = (propertyValue(key, value, 'hwaddr') ?? '').toLowerCase();
    data.push(interfaceEntry(propertyValue(key, value, 'name') ?? key, mac, networkAddresses(container, key, value, sim.clock.nowMs()), withList));
  }
  return { data };
}

export const lxcInterfaceRoutes: Route[] = [
  {
    method: 'GET',
    template: '/nodes/{node}/lxc/{vmid}/interfaces',
    handler: interfaces,
    permission: { path: (params) => `/vms/${params.vmid}`, privileges: ['VM.Audit'] },
  },
];
