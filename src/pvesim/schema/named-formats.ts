/**
 * The named string formats PVE registers with `register_format` and that the LXC endpoints
 * use. Each validator throws a SchemaError with the exact `die` text of its Perl original
 * (pve-common JSONSchema.pm, pve-container LXC/Config.pm, pve-storage Plugin.pm,
 * pve-access-control AccessControl.pm and Auth/Plugin.pm).
 */
import { IPV4_PATTERN, IPV6_PATTERN } from './ip-patterns.js';
import { perlFullMatch, parseSize } from './perl.js';
import { SchemaError } from './schema-error.js';
import { isKnownTimezone } from './timezones.js';

export type FormatValidator = (value: string) => void;

function requireMatch(pattern: string, message: string): FormatValidator {
  return (value) => {
    if (!perlFullMatch(pattern, value)) throw new SchemaError(message);
  };
}

function matchesCidr(addressPattern: string, value: string, maxBits: number): boolean {
  const match = new RegExp(`^(?:${addressPattern})/(\\d+)\\n?$`).exec(value);
  if (match === null) return false;
  const bits = Number(match[1]);
  return bits > 7 && bits <= maxBits;
}

const isIp = (value: string) => perlFullMatch(`${IPV4_PATTERN}|${IPV6_PATTERN}`, value);

/** PVE::JSONSchema::parse_id: storage IDs and the like. */
function identifier(kind: string): FormatValidator {
  return (value) => {
    if (value.length < 2) throw new SchemaError(`${kind} ID '${value}' cannot be shorter than 2 characters\n`);
    if (!perlFullMatch('[a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]', value)) {
      throw new SchemaError(`${kind} ID '${value}' contains illegal characters\n`);
    }
  };
}

const DNS_LABEL = '([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)';
const EMAIL_USER = '[\\w+\\-~]+(\\.[\\w+\\-~]+)*';
const EMAIL = `${EMAIL_USER}@[a-zA-Z0-9-]+(\\.[a-zA-Z0-9-]+)*`;

/** `valid_content_types('dir')` of pve-storage, which covers every content type. */
const STORAGE_CONTENT = new Set(['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'none', 'import']);

/** Every privilege pve-access-control knows (AccessControl.pm $privgroups + Permissions.Modify). */
const PRIVILEGES = new Set([
  'VM.Config.Disk', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.HWType',
  'VM.Config.Options', 'VM.Allocate', 'VM.Clone', 'VM.GuestAgent.Unrestricted', 'VM.Migrate',
  'VM.Replicate', 'VM.Snapshot', 'VM.Snapshot.Rollback', 'VM.Config.CDROM', 'VM.Config.Cloudinit',
  'VM.Console', 'VM.Backup', 'VM.GuestAgent.FileRead', 'VM.GuestAgent.FileSystemMgmt',
  'VM.GuestAgent.FileWrite', 'VM.PowerMgmt', 'VM.Audit', 'VM.GuestAgent.Audit', 'Sys.PowerMgmt',
  'Sys.Modify', 'Sys.Incoming', 'Sys.AccessNetwork', 'Sys.Console', 'Sys.Syslog', 'Sys.Audit',
  'Datastore.Allocate', 'Datastore.AllocateTemplate', 'Datastore.AllocateSpace', 'Datastore.Audit',
  'SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Realm.Allocate', 'User.Modify', 'Group.Allocate',
  'Realm.AllocateUser', 'Pool.Allocate', 'Pool.Audit', 'Mapping.Modify', 'Mapping.Use',
  'Mapping.Audit', 'Permissions.Modify',
]);

const verifyIp: FormatValidator = (value) => {
  if (!isIp(value)) throw new SchemaError('value does not look like a valid IP address\n');
};

/** pve-container verify_ip_with_ll_iface: an IP, or a link-local `fe80::…%iface`. */
const verifyIpWithLinkLocalInterface: FormatValidator = (value) => {
  const linkLocal = /^(fe80:[^%]+)%(.*)$/.exec(value);
  if (linkLocal !== null && isIp(linkLocal[1] ?? '') && perlFullMatch('[a-zA-Z][a-zA-Z0-9_]{1,20}([:.]\\d+)?', linkLocal[2] ?? '')) {
    return;
  }
  verifyIp(value);
};

/** pve-container verify_lxc_mp_string: no `/./`, `/../`, trailing `/.`/`/..`, leading `../`. */
const verifyMountPointString: FormatValidator = (value) => {
  if (/\/\.\.?\//.test(value) || /\/\.\.?$/m.test(value) || /^\.\.\//.test(value)) {
    throw new SchemaError(`${value} contains illegal character sequences\n`);
  }
};

const verifyDevicePath: FormatValidator = (value) => {
  if (/\/\.\.?(?:\/|$)/m.test(value) || !/^\/dev\//.test(value)) {
    throw new SchemaError(`${value} is not a valid device path\n`);
  }
};

const verifyPoolName: FormatValidator = (value) => {
  if (value.split('/').length > 3) {
    throw new SchemaError(`pool name '${value}' nested too deeply (max levels = 3)\n`);
  }
  if (!perlFullMatch('[A-Za-z0-9.\\-_]+(?:/[A-Za-z0-9.\\-_]+){0,2}', value)) {
    throw new SchemaError(`pool name '${value}' contains invalid characters\n`);
  }
};

const verifyStartupOrder: FormatValidator = (value) => {
  if (parseStartupOrder(value) === undefined) throw new SchemaError('unable to parse startup options\n');
};

/**
 * PVE::JSONSchema::pve_parse_startup_order: `[order=]N,up=N,down=N`, each optional.
 * Returns undefined for an empty or malformed value, as the Perl original does.
 */
export function parseStartupOrder(value: string): Record<string, string> | undefined {
  if (value === '' || value === '0') return undefined;
  const parsed: Record<string, string> = {};
  for (const part of value.split(',')) {
    if (/^\s*$/.test(part)) continue;
    const order = /^(order=)?(\d+)\n?$/.exec(part);
    const delay = /^(up|down)=(\d+)\n?$/.exec(part);
    if (order !== null) parsed.order = order[2] ?? '';
    else if (delay !== null) parsed[delay[1] ?? ''] = delay[2] ?? '';
    else return undefined;
  }
  return parsed;
}

export const NAMED_FORMATS: Readonly<Record<string, FormatValidator>> = {
  string: () => {},
  'pve-vmid': requireMatch('[1-9][0-9]{2,8}', 'value does not look like a valid VM ID\n'),
  'pve-node': requireMatch('[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?', 'value does not look like a valid node name\n'),
  'pve-configid': (value) => {
    if (!perlFullMatch('[a-zA-Z][a-zA-Z0-9_-]+', value)) throw new SchemaError(`invalid configuration ID '${value}'\n`);
  },
  'pve-storage-id': identifier('storage'),
  'pve-volume-id': (value) => {
    if (!/^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.test(value.replace(/\n$/, ''))) {
      throw new SchemaError(`unable to parse volume ID '${value}'\n`);
    }
  },
  'pve-storage-content': (value) => {
    if (!STORAGE_CONTENT.has(value)) throw new SchemaError(`invalid content type '${value}'\n`);
  },
  'pve-task-status-type': (value) => {
    if (!/^(ok|error|warning|unknown)\n?$/i.test(value)) throw new SchemaError(`invalid status '${value}'\n`);
  },
  'pve-priv': (value) => {
    if (!PRIVILEGES.has(value)) throw new SchemaError(`invalid privilege '${value}'\n`);
  },
  'pve-realm': requireMatch('[A-Za-z][A-Za-z0-9.\\-_]+', 'value does not look like a valid realm\n'),
  'pve-poolid': verifyPoolName,
  'pve-tag': requireMatch('[a-zA-Z0-9_][a-zA-Z0-9_\\-+.]*', 'invalid characters in tag\n'),
  'pve-startup-order': verifyStartupOrder,
  'pve-ct-timezone': (value) => {
    if (value === 'host' || value === 'UTC' || isKnownTimezone(value)) return;
    throw new SchemaError(`invalid time zone '${value}'\n`);
  },
  'pve-lxc-mp-string': verifyMountPointString,
  'pve-lxc-dev-string': verifyDevicePath,
  'lxc-ip-with-ll-iface': verifyIpWithLinkLocalInterface,
  'dns-name': requireMatch(`(${DNS_LABEL}\\.)*${DNS_LABEL}`, 'value does not look like a valid DNS name\n'),
  'disk-size': (value) => {
    if (parseSize(value) === undefined) throw new SchemaError(`value does not look like a valid disk size: ${value}\n`);
  },
  'mac-addr': requireMatch('[a-fA-F0-9][02468aceACE](?::[a-fA-F0-9]{2}){5}', 'value does not look like a valid unicast MAC address\n'),
  ipv4: requireMatch(IPV4_PATTERN, 'value does not look like a valid IPv4 address\n'),
  ipv6: requireMatch(IPV6_PATTERN, 'value does not look like a valid IPv6 address\n'),
  ip: verifyIp,
  CIDRv4: (value) => {
    if (!matchesCidr(IPV4_PATTERN, value, 32)) throw new SchemaError('value does not look like a valid IPv4 CIDR network\n');
  },
  CIDRv6: (value) => {
    if (!matchesCidr(IPV6_PATTERN, value, 128)) throw new SchemaError('value does not look like a valid IPv6 CIDR network\n');
  },
  CIDR: (value) => {
    if (!matchesCidr(IPV4_PATTERN, value, 32) && !matchesCidr(IPV6_PATTERN, value, 128)) {
      throw new SchemaError('value does not look like a valid CIDR network\n');
    }
  },
  'pve-ipv4-config': (value) => {
    if (/^(?:dhcp|manual)\n?$/.test(value) || matchesCidr(IPV4_PATTERN, value, 32)) return;
    throw new SchemaError('value does not look like a valid ipv4 network configuration\n');
  },
  'pve-ipv6-config': (value) => {
    if (/^(?:auto|dhcp|manual)\n?$/.test(value) || matchesCidr(IPV6_PATTERN, value, 128)) return;
    throw new SchemaError('value does not look like a valid ipv6 network configuration\n');
  },
  email: requireMatch(EMAIL, 'value does not look like a valid email address\n'),
  'email-or-username': (value) => {
    if (!perlFullMatch(EMAIL, value) && !perlFullMatch(EMAIL_USER, value)) {
      throw new SchemaError('value does not look like a valid email address or user name\n');
    }
  },
};
