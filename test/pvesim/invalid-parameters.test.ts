import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { PveCaller, startTestSimulator, TEMPLATE } from './raw-http.js';

/** Invalid parameters over raw HTTP: 400, `Parameter verification failed.` and PVE's text per key (spec §9). */
let sim: Simulator;
let root: PveCaller;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
  await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 101, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
});
afterAll(() => sim.close());

const create = { vmid: 150, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' };
const formatError = (key: string, detail: string) => `invalid format - format error\n${key}: ${detail}`;
const notInSchema = 'property is not defined in schema and the schema does not allow additional properties';

type Case = [string, string, string, Record<string, string | number>, Record<string, string>];

const cases: Case[] = [
  ['create without vmid and ostemplate', 'POST', '/nodes/pve1/lxc', {}, { vmid: 'property is missing and it is not optional', ostemplate: 'property is missing and it is not optional' }],
  ['vmid below 100', 'POST', '/nodes/pve1/lxc', { ...create, vmid: 99 }, { vmid: 'invalid format - value does not look like a valid VM ID\n' }],
  ['vmid not an integer', 'POST', '/nodes/pve1/lxc', { ...create, vmid: 'abc' }, { vmid: "type check ('integer') failed - got 'abc'" }],
  ['memory below 16', 'POST', '/nodes/pve1/lxc', { ...create, memory: 8 }, { memory: 'value must have a minimum value of 16' }],
  ['memory not an integer', 'POST', '/nodes/pve1/lxc', { ...create, memory: '1.5' }, { memory: "type check ('integer') failed - got '1.5'" }],
  ['cores 0', 'POST', '/nodes/pve1/lxc', { ...create, cores: 0 }, { cores: 'value must have a minimum value of 1' }],
  ['cores above 8192', 'POST', '/nodes/pve1/lxc', { ...create, cores: 8193 }, { cores: 'value must have a maximum value of 8192' }],
  ['cpulimit not a number', 'POST', '/nodes/pve1/lxc', { ...create, cpulimit: 'abc' }, { cpulimit: "type check ('number') failed - got 'abc'" }],
  ['cpulimit above 8192', 'POST', '/nodes/pve1/lxc', { ...create, cpulimit: 9000 }, { cpulimit: 'value must have a maximum value of 8192' }],
  ['cpuunits above 500000', 'POST', '/nodes/pve1/lxc', { ...create, cpuunits: 500001 }, { cpuunits: 'value must have a maximum value of 500000' }],
  ['negative swap', 'POST', '/nodes/pve1/lxc', { ...create, swap: -1 }, { swap: 'value must have a minimum value of 0' }],
  ['tty above 6', 'POST', '/nodes/pve1/lxc', { ...create, tty: 7 }, { tty: 'value must have a maximum value of 6' }],
  ['unknown parameter', 'POST', '/nodes/pve1/lxc', { ...create, foo: 1 }, { foo: notInSchema }],
  ['net32 does not exist', 'POST', '/nodes/pve1/lxc', { ...create, net32: 'name=eth0' }, { net32: notInSchema }],
  ['start=true', 'POST', '/nodes/pve1/lxc', { ...create, start: 'true' }, { start: "type check ('boolean') failed - got 'true'" }],
  ['onboot=yes', 'POST', '/nodes/pve1/lxc', { ...create, onboot: 'yes' }, { onboot: "type check ('boolean') failed - got 'yes'" }],
  ['arch enum', 'POST', '/nodes/pve1/lxc', { ...create, arch: 'x86' }, { arch: "value 'x86' does not have a value in the enumeration 'amd64, i386, arm64, armhf, riscv32, riscv64'" }],
  ['ostype enum', 'POST', '/nodes/pve1/lxc', { ...create, ostype: 'windows' }, { ostype: "value 'windows' does not have a value in the enumeration 'debian, devuan, ubuntu, centos, fedora, opensuse, archlinux, alpine, gentoo, nixos, unmanaged'" }],
  ['cmode enum', 'POST', '/nodes/pve1/lxc', { ...create, cmode: 'ssh' }, { cmode: "value 'ssh' does not have a value in the enumeration 'shell, console, tty'" }],
  ['lock enum', 'POST', '/nodes/pve1/lxc', { ...create, lock: 'frozen' }, { lock: "value 'frozen' does not have a value in the enumeration 'backup, create, destroyed, disk, fstrim, migrate, mounted, rollback, snapshot, snapshot-delete'" }],
  ['description too long', 'POST', '/nodes/pve1/lxc', { ...create, description: 'x'.repeat(8193) }, { description: 'value may only be 8192 characters long' }],
  ['ostemplate too long', 'POST', '/nodes/pve1/lxc', { ...create, ostemplate: 'x'.repeat(256) }, { ostemplate: 'value may only be 255 characters long' }],
  ['password too short', 'POST', '/nodes/pve1/lxc', { ...create, password: 'abcd' }, { password: 'value must be at least 5 characters long' }],
  ['unique without restore', 'POST', '/nodes/pve1/lxc', { ...create, unique: 1 }, { restore: "missing property required by 'unique'" }],
  ['negative bwlimit', 'POST', '/nodes/pve1/lxc', { ...create, bwlimit: -1 }, { bwlimit: 'value must have a minimum value of 0' }],
  ['hostname with underscore', 'POST', '/nodes/pve1/lxc', { ...create, hostname: 'bad_name' }, { hostname: 'invalid format - value does not look like a valid DNS name\n' }],
  ['searchdomain with underscore', 'POST', '/nodes/pve1/lxc', { ...create, searchdomain: 'bad_domain' }, { searchdomain: 'invalid format - value does not look like a valid DNS name\n' }],
  ['nameserver not an IP', 'POST', '/nodes/pve1/lxc', { ...create, nameserver: 'not-an-ip' }, { nameserver: 'invalid format - value does not look like a valid IP address\n' }],
  ['unknown feature', 'POST', '/nodes/pve1/lxc', { ...create, features: 'docker=1' }, { features: formatError('features.docker', `${notInSchema}\n`) }],
  ['feature not a boolean', 'POST', '/nodes/pve1/lxc', { ...create, features: 'nesting=maybe' }, { features: formatError('features.nesting', "type check ('boolean') failed - got 'maybe'\n") }],
  ['bad tag', 'POST', '/nodes/pve1/lxc', { ...create, tags: 'bad tag!' }, { tags: 'invalid format - invalid characters in tag\n' }],
  ['bad startup', 'POST', '/nodes/pve1/lxc', { ...create, startup: 'first' }, { startup: 'invalid format - unable to parse startup options\n' }],
  ['net0 ip without mask', 'POST', '/nodes/pve1/lxc', { ...create, net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.5' }, { net0: formatError('net0.ip', 'invalid format - value does not look like a valid ipv4 network configuration\n\n') }],
  ['net0 without name', 'POST', '/nodes/pve1/lxc', { ...create, net0: 'bridge=vmbr0,ip=dhcp' }, { net0: formatError('net0.name', 'property is missing and it is not optional\n') }],
  ['net0 VLAN tag above 4094', 'POST', '/nodes/pve1/lxc', { ...create, net0: 'name=eth0,tag=5000' }, { net0: formatError('net0.tag', 'value must have a maximum value of 4094\n') }],
  ['net0 multicast MAC', 'POST', '/nodes/pve1/lxc', { ...create, net0: 'name=eth0,hwaddr=BD:24:11:00:00:01' }, { net0: formatError('net0.hwaddr', 'invalid format - value does not look like a valid unicast MAC address\n\n') }],
  ['net0 MTU below 64', 'POST', '/nodes/pve1/lxc', { ...create, net0: 'name=eth0,mtu=10' }, { net0: formatError('net0.mtu', 'value must have a minimum value of 64\n') }],
  ['net0 bad ip6', 'POST', '/nodes/pve1/lxc', { ...create, net0: 'name=eth0,ip6=zzz' }, { net0: formatError('net0.ip6', 'invalid format - value does not look like a valid ipv6 network configuration\n\n') }],
  ['mp0 without mp', 'POST', '/nodes/pve1/lxc', { ...create, mp0: 'local-lvm:1' }, { mp0: formatError('mp0.mp', 'property is missing and it is not optional\n') }],
  ['rootfs unknown option', 'POST', '/nodes/pve1/lxc', { ...create, rootfs: 'local-lvm:4,foo=1' }, { rootfs: formatError('rootfs.foo', `${notInSchema}\n`) }],
  ['node name with underscore', 'GET', '/nodes/pve_1/lxc', {}, { node: 'invalid format - value does not look like a valid node name\n' }],
  ['vmid in the path not an integer', 'GET', '/nodes/pve1/lxc/abc/status/current', {}, { vmid: "type check ('integer') failed - got 'abc'" }],
  ['delete of an unknown option', 'PUT', '/nodes/pve1/lxc/101/config', { delete: 'bogus' }, { delete: "unknown option 'bogus'" }],
  ['digest too long', 'PUT', '/nodes/pve1/lxc/101/config', { digest: 'x'.repeat(41) }, { digest: 'value may only be 40 characters long' }],
  ['resize size with a space (an unencoded +)', 'PUT', '/nodes/pve1/lxc/101/resize', { disk: 'rootfs', size: ' 2G' }, { size: 'value does not match the regex pattern' }],
  ['resize without size', 'PUT', '/nodes/pve1/lxc/101/resize', { disk: 'rootfs' }, { size: 'property is missing and it is not optional' }],
  ['negative shutdown timeout', 'POST', '/nodes/pve1/lxc/101/status/shutdown', { timeout: -1 }, { timeout: 'value must have a minimum value of 0' }],
  ['forceStop=true', 'POST', '/nodes/pve1/lxc/101/status/shutdown', { forceStop: 'true' }, { forceStop: "type check ('boolean') failed - got 'true'" }],
  ['purge=2', 'DELETE', '/nodes/pve1/lxc/101', { purge: 2 }, { purge: "type check ('boolean') failed - got '2'" }],
  ['nextid vmid below 100', 'GET', '/cluster/nextid', { vmid: 99 }, { vmid: 'invalid format - value does not look like a valid VM ID\n' }],
  ['resources type enum', 'GET', '/cluster/resources', { type: 'qemu' }, { type: "value 'qemu' does not have a value in the enumeration 'vm, storage, node, sdn'" }],
  ['negative task limit', 'GET', '/nodes/pve1/tasks', { limit: -1 }, { limit: 'value must have a minimum value of 0' }],
  ['parameter on /version', 'GET', '/version', { foo: 1 }, { foo: notInSchema }],
];

describe('invalid parameters', () => {
  it.each(cases)('%s', async (_name, method, path, params, errors) => {
    const response = await root.call(method, path, { params });
    expect(response.status).toBe(400);
    expect(response.reason).toBe('Parameter verification failed.');
    expect(response.body).toEqual({ data: null, errors, message: 'Parameter verification failed.\n' });
  });

  it('creates nothing for a rejected create', async () => {
    expect((await root.get('/nodes/pve1/lxc/150/status/current')).status).toBe(500);
  });
});
