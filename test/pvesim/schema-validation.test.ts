import { describe, expect, it } from 'vitest';
import { schemaEndpoints, validateParameters } from '../../src/pvesim/schema/index.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Params = Record<string, string | string[] | undefined>;

const CREATE = '/nodes/{node}/lxc';
const CONFIG = '/nodes/{node}/lxc/{vmid}/config';
const create = { node: 'pve1', vmid: '101', ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' };
const guest = { node: 'pve1', vmid: '101' };

/** [description, method, path, params, expected errors] — texts as PVE 9 returns them. */
const invalidCases: Array<[string, Method, string, Params, Record<string, string>]> = [
  ['no vmid and no ostemplate', 'POST', CREATE, { node: 'pve1' }, {
    ostemplate: 'property is missing and it is not optional',
    vmid: 'property is missing and it is not optional',
  }],
  ['vmid below 100 fails its format before its minimum', 'POST', CREATE, { ...create, vmid: '99' }, {
    vmid: 'invalid format - value does not look like a valid VM ID\n',
  }],
  ['vmid with ten digits', 'POST', CREATE, { ...create, vmid: '1000000000' }, {
    vmid: 'invalid format - value does not look like a valid VM ID\n',
  }],
  ['vmid that is not a number', 'POST', CREATE, { ...create, vmid: 'abc' }, { vmid: "type check ('integer') failed - got 'abc'" }],
  ['memory below 16 MiB', 'POST', CREATE, { ...create, memory: '8' }, { memory: 'value must have a minimum value of 16' }],
  ['zero cores', 'POST', CREATE, { ...create, cores: '0' }, { cores: 'value must have a minimum value of 1' }],
  ['too many cores', 'POST', CREATE, { ...create, cores: '8193' }, { cores: 'value must have a maximum value of 8192' }],
  ['negative swap', 'POST', CREATE, { ...create, swap: '-1' }, { swap: 'value must have a minimum value of 0' }],
  ['tty above 6', 'POST', CREATE, { ...create, tty: '7' }, { tty: 'value must have a maximum value of 6' }],
  ['cpulimit that is not a number', 'POST', CREATE, { ...create, cpulimit: '1.5.1' }, { cpulimit: "type check ('number') failed - got '1.5.1'" }],
  ['cpulimit above 8192', 'POST', CREATE, { ...create, cpulimit: '9000' }, { cpulimit: 'value must have a maximum value of 8192' }],
  ['negative bwlimit', 'POST', CREATE, { ...create, bwlimit: '-1' }, { bwlimit: 'value must have a minimum value of 0' }],
  ['unknown parameter', 'POST', CREATE, { ...create, foo: '1' }, {
    foo: 'property is not defined in schema and the schema does not allow additional properties',
  }],
  ['boolean given as true', 'POST', CREATE, { ...create, start: 'true' }, { start: "type check ('boolean') failed - got 'true'" }],
  ['net0 with an IP but no prefix', 'POST', CREATE, { ...create, net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.5' }, {
    net0: 'invalid format - format error\nnet0.ip: invalid format - value does not look like a valid ipv4 network configuration\n\n',
  }],
  ['net0 with a /4 prefix', 'POST', CREATE, { ...create, net0: 'name=eth0,ip=10.0.0.5/4' }, {
    net0: 'invalid format - format error\nnet0.ip: invalid format - value does not look like a valid ipv4 network configuration\n\n',
  }],
  ['net0 with an IPv6 address but no prefix', 'POST', CREATE, { ...create, net0: 'name=eth0,ip6=fe80::1' }, {
    net0: 'invalid format - format error\nnet0.ip6: invalid format - value does not look like a valid ipv6 network configuration\n\n',
  }],
  ['net0 without a name', 'POST', CREATE, { ...create, net0: 'bridge=vmbr0,ip=dhcp' }, {
    net0: 'invalid format - format error\nnet0.name: property is missing and it is not optional\n',
  }],
  ['net0 with a VLAN tag above 4094', 'POST', CREATE, { ...create, net0: 'name=eth0,tag=5000' }, {
    net0: 'invalid format - format error\nnet0.tag: value must have a maximum value of 4094\n',
  }],
  ['net0 with a multicast MAC', 'POST', CREATE, { ...create, net0: 'name=eth0,hwaddr=01:00:5E:00:00:01' }, {
    net0: 'invalid format - format error\nnet0.hwaddr: invalid format - value does not look like a valid unicast MAC address\n\n',
  }],
  ['net0 with a non-boolean firewall', 'POST', CREATE, { ...create, net0: 'name=eth0,firewall=maybe' }, {
    net0: "invalid format - format error\nnet0.firewall: type check ('boolean') failed - got 'maybe'\n",
  }],
  ['net0 with a key given twice', 'POST', CREATE, { ...create, net0: 'name=eth0,name=eth1' }, {
    net0: 'invalid format - duplicate key in comma-separated list property: name\n',
  }],
  ['net0 with a bare value', 'POST', CREATE, { ...create, net0: 'name=eth0,eth1' }, {
    net0: 'invalid format - value without key, but schema does not define a default key\n',
  }],
  ['net0 with an empty value', 'POST', CREATE, { ...create, net0: 'name=eth0,ip=' }, {
    net0: 'invalid format - missing key in comma-separated list property\n',
  }],
  ['net32 does not exist', 'POST', CREATE, { ...create, net32: 'name=eth32' }, {
    net32: 'property is not defined in schema and the schema does not allow additional properties',
  }],
  ['hostname with an underscore', 'POST', CREATE, { ...create, hostname: 'bad_name' }, {
    hostname: 'invalid format - value does not look like a valid DNS name\n',
  }],
  ['hostname longer than 255', 'POST', CREATE, { ...create, hostname: 'a'.repeat(256) }, {
    hostname: 'value may only be 255 characters long',
  }],
  ['short password', 'POST', CREATE, { ...create, password: 'abcd' }, { password: 'value must be at least 5 characters long' }],
  ['unique without restore', 'POST', CREATE, { ...create, unique: '1' }, { restore: "missing property required by 'unique'" }],
  ['node name with an underscore', 'POST', CREATE, { ...create, node: 'pve_1' }, {
    node: 'invalid format - value does not look like a valid node name\n',
  }],
  ['unknown architecture', 'POST', CREATE, { ...create, arch: 'x86' }, {
    arch: "value 'x86' does not have a value in the enumeration 'amd64, i386, arm64, armhf, riscv32, riscv64'",
  }],
  ['unknown OS type', 'POST', CREATE, { ...create, ostype: 'windows' }, {
    ostype: "value 'windows' does not have a value in the enumeration 'debian, devuan, ubuntu, centos, fedora, opensuse, archlinux, alpine, gentoo, nixos, unmanaged'",
  }],
  ['unknown console mode', 'POST', CREATE, { ...create, cmode: 'serial' }, {
    cmode: "value 'serial' does not have a value in the enumeration 'shell, console, tty'",
  }],
  ['unknown lock', 'POST', CREATE, { ...create, lock: 'busy' }, {
    lock: "value 'busy' does not have a value in the enumeration 'backup, create, destroyed, disk, fstrim, migrate, mounted, rollback, snapshot, snapshot-delete'",
  }],
  ['unknown feature', 'POST', CREATE, { ...create, features: 'docker=1' }, {
    features: 'invalid format - format error\nfeatures.docker: property is not defined in schema and the schema does not allow additional properties\n',
  }],
  ['feature flag that is not a boolean', 'POST', CREATE, { ...create, features: 'nesting=2' }, {
    features: "invalid format - format error\nfeatures.nesting: type check ('boolean') failed - got '2'\n",
  }],
  ['mount point without a path', 'POST', CREATE, { ...create, mp0: 'local-lvm:10' }, {
    mp0: 'invalid format - format error\nmp0.mp: property is missing and it is not optional\n',
  }],
  ['mount point path that climbs out', 'POST', CREATE, { ...create, mp0: 'local-lvm:10,mp=/data/../etc' }, {
    mp0: 'invalid format - format error\nmp0.mp: invalid format - /data/../etc contains illegal character sequences\n\n',
  }],
  ['rootfs with a bad size', 'POST', CREATE, { ...create, rootfs: 'local-lvm:8,size=8X' }, {
    rootfs: 'invalid format - format error\nrootfs.size: invalid format - value does not look like a valid disk size: 8X\n\n',
  }],
  ['rootfs without a volume', 'POST', CREATE, { ...create, rootfs: 'size=8G' }, {
    rootfs: 'invalid format - format error\nrootfs.volume: property is missing and it is not optional\n',
  }],
  ['rootfs with an unknown mount option', 'POST', CREATE, { ...create, rootfs: 'local-lvm:8,mountoptions=noatime;sync' }, {
    rootfs: 'invalid format - format error\nrootfs.mountoptions: value does not match the regex pattern\n',
  }],
  ['device outside /dev', 'POST', CREATE, { ...create, dev0: '/tmp/x' }, {
    dev0: 'invalid format - format error\ndev0.path: invalid format - /tmp/x is not a valid device path\n\n',
  }],
  ['tag with a bad character', 'POST', CREATE, { ...create, tags: 'web;bad!' }, { tags: 'invalid format - invalid characters in tag\n' }],
  ['startup that cannot be parsed', 'POST', CREATE, { ...create, startup: 'first' }, {
    startup: 'invalid format - unable to parse startup options\n',
  }],
  ['storage ID starting with a digit', 'POST', CREATE, { ...create, storage: '1x' }, {
    storage: "invalid format - storage ID '1x' contains illegal characters\n",
  }],
  ['storage ID of one character', 'POST', CREATE, { ...create, storage: 'a' }, {
    storage: "invalid format - storage ID 'a' cannot be shorter than 2 characters\n",
  }],
  ['pool nested four levels', 'POST', CREATE, { ...create, pool: 'a/b/c/d' }, {
    pool: "invalid format - pool name 'a/b/c/d' nested too deeply (max levels = 3)\n",
  }],
  ['nameserver that is a host name', 'POST', CREATE, { ...create, nameserver: '1.1.1.1 dns.google' }, {
    nameserver: 'invalid format - value does not look like a valid IP address\n',
  }],
  ['search domain with an underscore', 'POST', CREATE, { ...create, searchdomain: 'example.com bad_domain' }, {
    searchdomain: 'invalid format - value does not look like a valid DNS name\n',
  }],
  ['unknown time zone', 'POST', CREATE, { ...create, timezone: 'Mars/Olympus' }, {
    timezone: "invalid format - invalid time zone 'Mars/Olympus'\n",
  }],
  ['hook script that is not a volume', 'POST', CREATE, { ...create, hookscript: 'script.sh' }, {
    hookscript: "invalid format - unable to parse volume ID 'script.sh'\n",
  }],
  ['description longer than 8 KiB', 'POST', CREATE, { ...create, description: 'x'.repeat(8193) }, {
    description: 'value may only be 8192 characters long',
  }],
  ['repeated ostemplate', 'POST', CREATE, { ...create, ostemplate: ['a', 'b'] }, { ostemplate: "type check ('string') failed - got ARRAY" }],
  ['delete of an invalid key', 'PUT', CONFIG, { ...guest, delete: 'net0,9bad' }, {
    delete: "invalid format - invalid configuration ID '9bad'\n",
  }],
  ['digest longer than 40', 'PUT', CONFIG, { ...guest, digest: 'f'.repeat(41) }, { digest: 'value may only be 40 characters long' }],
  ['onboot given as yes', 'PUT', CONFIG, { ...guest, onboot: 'yes' }, { onboot: "type check ('boolean') failed - got 'yes'" }],
  ['resize by a size with a space (an unencoded +)', 'PUT', '/nodes/{node}/lxc/{vmid}/resize', { ...guest, disk: 'rootfs', size: ' 2G' }, {
    size: 'value does not match the regex pattern',
  }],
  ['resize without a disk', 'PUT', '/nodes/{node}/lxc/{vmid}/resize', { ...guest, size: '+2G' }, {
    disk: 'property is missing and it is not optional',
  }],
  ['negative shutdown timeout', 'POST', '/nodes/{node}/lxc/{vmid}/status/shutdown', { ...guest, timeout: '-5' }, {
    timeout: 'value must have a minimum value of 0',
  }],
  ['destroy with purge=yes', 'DELETE', '/nodes/{node}/lxc/{vmid}', { ...guest, purge: 'yes' }, {
    purge: "type check ('boolean') failed - got 'yes'",
  }],
  ['config snapshot name starting with a digit', 'GET', CONFIG, { ...guest, snapshot: '1st' }, {
    snapshot: "invalid format - invalid configuration ID '1st'\n",
  }],
  ['task log limit that is not a number', 'GET', '/nodes/{node}/tasks/{upid}/log', { node: 'pve1', upid: 'UPID:x', limit: 'all' }, {
    limit: "type check ('integer') failed - got 'all'",
  }],
  ['cluster resources of an unknown type', 'GET', '/cluster/resources', { type: 'qemu' }, {
    type: "value 'qemu' does not have a value in the enumeration 'vm, storage, node, sdn'",
  }],
  ['nextid of a vmid below 100', 'GET', '/cluster/nextid', { vmid: '42' }, {
    vmid: 'invalid format - value does not look like a valid VM ID\n',
  }],
  ['storage list with an unknown content type', 'GET', '/nodes/{node}/storage', { node: 'pve1', content: 'rootdir,vzdump' }, {
    content: "invalid format - invalid content type 'vzdump'\n",
  }],
  ['ticket with path but no privs', 'POST', '/access/ticket', { username: 'root@pam', password: 'secret', path: '/vms/101' }, {
    privs: "missing property required by 'path'",
  }],
  ['ticket with a realm starting with a digit', 'POST', '/access/ticket', { username: 'root', password: 'secret', realm: '1pam' }, {
    realm: 'invalid format - value does not look like a valid realm\n',
  }],
  ['ticket with an unknown privilege', 'POST', '/access/ticket', { username: 'root@pam', password: 'secret', path: '/', privs: 'VM.Audit,VM.Fly' }, {
    privs: "invalid format - invalid privilege 'VM.Fly'\n",
  }],
  ['a parameter on an endpoint without parameters', 'GET', '/version', { verbose: '1' }, {
    verbose: 'property is not defined in schema and the schema does not allow additional properties',
  }],
];

describe('validateParameters rejects what PVE rejects, with its exact texts', () => {
  it('covers at least 40 invalid cases', () => {
    expect(invalidCases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(invalidCases)('%s', (_description, method, path, params, errors) => {
    expect(validateParameters(method, path, params)).toEqual({ ok: false, errors });
  });
});

describe('validateParameters accepts what PVE accepts', () => {
  it('types the values and fills in defaults of action parameters', () => {
    const result = validateParameters('POST', CREATE, {
      ...create,
      rootfs: 'local-lvm:8',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
      memory: '+1024',
      cpulimit: '1.5',
      unprivileged: '1',
    });
    expect(result).toEqual({
      ok: true,
      params: {
        node: 'pve1',
        vmid: 101,
        ostemplate: create.ostemplate,
        rootfs: 'local-lvm:8',
        net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
        memory: 1024,
        cpulimit: 1.5,
        unprivileged: true,
        storage: 'local',
        start: false,
        'ha-managed': false,
      },
    });
  });

  it('does not invent config keys from their documented defaults on update', () => {
    expect(validateParameters('PUT', CONFIG, { ...guest, hostname: 'web1' })).toEqual({
      ok: true,
      params: { node: 'pve1', vmid: 101, hostname: 'web1' },
    });
  });

  it('applies defaults of action parameters such as the shutdown timeout', () => {
    expect(validateParameters('POST', '/nodes/{node}/lxc/{vmid}/status/shutdown', guest)).toEqual({
      ok: true,
      params: { node: 'pve1', vmid: 101, timeout: 60, forceStop: false },
    });
  });

  it('joins a repeated list parameter with commas', () => {
    const result = validateParameters('PUT', CONFIG, { ...guest, delete: ['net1', 'mp0'], tags: ['web', 'K8s'] });
    expect(result).toEqual({ ok: true, params: { node: 'pve1', vmid: 101, delete: 'net1,mp0', tags: 'web,K8s' } });
  });

  it('accepts property-string booleans written as on/yes/true', () => {
    const result = validateParameters('PUT', CONFIG, { ...guest, features: 'nesting=yes,keyctl=on', net0: 'name=eth0,firewall=true' });
    expect(result.ok).toBe(true);
  });

  it('accepts link-local name servers with an interface and the host time zone', () => {
    const result = validateParameters('PUT', CONFIG, { ...guest, nameserver: 'fe80::1%eth0 1.1.1.1', timezone: 'host' });
    expect(result.ok).toBe(true);
  });

  it('treats an undefined value as an absent parameter', () => {
    expect(validateParameters('GET', '/cluster/nextid', { vmid: undefined })).toEqual({ ok: true, params: {} });
    expect(validateParameters('GET', '/nodes/{node}/lxc', { node: undefined })).toEqual({
      ok: false,
      errors: { node: 'property is missing and it is not optional' },
    });
  });
});

describe('schemaEndpoints', () => {
  it('lists every endpoint the simulator serves', () => {
    expect(schemaEndpoints()).toEqual(
      expect.arrayContaining([
        'POST /access/ticket', 'GET /version', 'GET /nodes', 'GET /nodes/{node}/status', 'GET /cluster/status',
        'GET /cluster/resources', 'GET /cluster/nextid', 'GET /cluster/options', 'GET /nodes/{node}/lxc',
        'POST /nodes/{node}/lxc', 'GET /nodes/{node}/lxc/{vmid}', 'DELETE /nodes/{node}/lxc/{vmid}',
        'GET /nodes/{node}/lxc/{vmid}/status/current', 'POST /nodes/{node}/lxc/{vmid}/status/start',
        'POST /nodes/{node}/lxc/{vmid}/status/stop', 'POST /nodes/{node}/lxc/{vmid}/status/shutdown',
        'POST /nodes/{node}/lxc/{vmid}/status/reboot', 'GET /nodes/{node}/lxc/{vmid}/config',
        'PUT /nodes/{node}/lxc/{vmid}/config', 'GET /nodes/{node}/lxc/{vmid}/pending',
        'PUT /nodes/{node}/lxc/{vmid}/resize', 'GET /nodes/{node}/lxc/{vmid}/interfaces',
        'GET /nodes/{node}/tasks/{upid}/status', 'GET /nodes/{node}/tasks/{upid}/log', 'GET /nodes/{node}/storage',
        'GET /nodes/{node}/storage/{storage}/content',
      ]),
    );
  });

  it('refuses an endpoint it has no schema for', () => {
    expect(() => validateParameters('GET', '/nodes/{node}/qemu', { node: 'pve1' })).toThrow(/no parameter schema/);
  });
});
