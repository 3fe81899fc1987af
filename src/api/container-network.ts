import { z } from 'zod';
import { celRules, patterned } from './fields.js';
import * as patterns from './patterns.js';

/**
 * Network interfaces of a Container (Proxmox `net0`…`net31`). Address checks use the apiserver's
 * CEL network library (`isCIDR`, `isIP`, `cidr()`, `ip()`), which accepts exactly what Go's netip does.
 */

const ipv4Cidr = z
  .string()
  .max(18)
  .meta(
    celRules({
      rule: "isCIDR(self) && cidr(self).ip().family() == 4 && cidr(self).prefixLength() >= 8",
      message: 'must be an IPv4 address with a prefix length of 8 to 32, e.g. 192.0.2.10/24',
    }),
  );

const ipv4Address = z
  .string()
  .max(15)
  .meta(celRules({ rule: 'isIP(self) && ip(self).family() == 4', message: 'must be an IPv4 address, e.g. 192.0.2.1' }));

const ipv6Cidr = z
  .string()
  .max(43)
  .meta(
    celRules({
      rule: "isCIDR(self) && cidr(self).ip().family() == 6 && cidr(self).prefixLength() >= 8",
      message: 'must be an IPv6 address with a prefix length of 8 to 128, e.g. 2001:db8::10/64',
    }),
  );

const ipv6Address = z
  .string()
  .max(39)
  .meta(celRules({ rule: 'isIP(self) && ip(self).family() == 6', message: 'must be an IPv6 address, e.g. 2001:db8::1' }));

export const Ipv4ConfigSchema = z
  .object({
    dhcp: z.boolean().optional().describe('Obtain the IPv4 address by DHCP. Excludes address and gateway.'),
    address: ipv4Cidr.optional().describe('Static IPv4 address with prefix length (CIDR), e.g. 192.0.2.10/24.'),
    gateway: ipv4Address.optional().describe('Default IPv4 gateway; only together with a static address.'),
  })
  .meta(
    celRules(
      {
        rule: '(has(self.dhcp) && self.dhcp) != has(self.address)',
        message: 'ipv4: set exactly one of dhcp: true or a static address',
      },
      {
        rule: '!has(self.gateway) || has(self.address)',
        message: 'ipv4.gateway needs a static ipv4.address (DHCP supplies its own gateway)',
        fieldPath: '.gateway',
      },
    ),
  )
  .describe('IPv4 configuration: DHCP, or a static address with an optional gateway. Omit for no IPv4.');

export const Ipv6ConfigSchema = z
  .object({
    dhcp: z.boolean().optional().describe('Obtain the IPv6 address by DHCPv6.'),
    slaac: z.boolean().optional().describe('Configure the IPv6 address by stateless autoconfiguration (SLAAC).'),
    address: ipv6Cidr.optional().describe('Static IPv6 address with prefix length (CIDR), e.g. 2001:db8::10/64.'),
    gateway: ipv6Address.optional().describe('Default IPv6 gateway; only together with a static address.'),
  })
  .meta(
    celRules(
      {
        rule: '(has(self.dhcp) && self.dhcp ? 1 : 0) + (has(self.slaac) && self.slaac ? 1 : 0) + (has(self.address) ? 1 : 0) == 1',
        message: 'ipv6: set exactly one of dhcp: true, slaac: true or a static address',
      },
      {
        rule: '!has(self.gateway) || has(self.address)',
        message: 'ipv6.gateway needs a static ipv6.address',
        fieldPath: '.gateway',
      },
    ),
  )
  .describe('IPv6 configuration: DHCPv6, SLAAC, or a static address with an optional gateway. Omit for no IPv6.');

export const NetworkInterfaceSchema = z
  .object({
    name: patterned(patterns.INTERFACE_NAME, 15).describe('Interface name inside the container, e.g. eth0.'),
    bridge: patterned(patterns.BRIDGE, 15)
      .optional()
      .describe("Bridge on the Proxmox host. Defaults to the node's containerDefaults.bridge."),
    vlan: z.number().int().min(1).max(4094).optional().describe('VLAN tag for traffic of this interface (1-4094).'),
    mtu: z.number().int().min(64).max(65535).optional().describe("MTU of the interface. Defaults to the bridge's MTU."),
    mac: patterned(patterns.UNICAST_MAC, 17)
      .optional()
      .describe('Unicast MAC address, e.g. BC:24:11:12:34:56. Proxmox generates one when omitted.'),
    rateLimitMBps: z
      .number()
      .int()
      .min(1)
      .max(100000)
      .optional()
      .describe('Rate limit of the interface in megabytes per second. Unlimited when omitted.'),
    firewall: z.boolean().optional().describe('Filter the traffic of this interface through the Proxmox firewall. Default false.'),
    ipv4: Ipv4ConfigSchema.optional(),
    ipv6: Ipv6ConfigSchema.optional(),
  })
  .describe('One network interface (Proxmox netN).');

export const DEFAULT_NETWORK = [{ name: 'eth0', ipv4: { dhcp: true } }];

export const NetworkSchema = z
  .array(NetworkInterfaceSchema)
  .max(32)
  .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] })
  .prefault(DEFAULT_NETWORK)
  .describe(
    'Network interfaces, keyed by name (at most 32). Default: eth0 on the node\'s default bridge with IPv4 DHCP. ' +
      'An empty list means no network at all.',
  );

export const DnsSchema = z
  .object({
    servers: z
      .array(z.string().max(45).meta(celRules({ rule: 'isIP(self)', message: 'must be an IPv4 or IPv6 address' })).describe('A DNS server address.'))
      .max(3)
      .optional()
      .describe("DNS server addresses (at most 3). Omit to use the Proxmox host's."),
    searchDomain: patterned(patterns.HOSTNAME, 253).optional().describe("DNS search domain. Omit to use the Proxmox host's."),
  })
  .describe('DNS settings written into the container.');

export type Ipv4Config = z.infer<typeof Ipv4ConfigSchema>;
export type Ipv6Config = z.infer<typeof Ipv6ConfigSchema>;
export type NetworkInterface = z.infer<typeof NetworkInterfaceSchema>;
export type Dns = z.infer<typeof DnsSchema>;
