import { describe, expect, it } from 'vitest';
import {
  SchemaError,
  allocatedMountPoint,
  containerVolumeId,
  formatLxcProperty,
  normalizeLxcProperty,
  parseLxcProperty,
  parseNewDiskRequest,
  randomMacAddress,
  withDefaultStorage,
} from '../../src/pvesim/schema/index.js';

const fixedMac = { macAddress: () => 'BC:24:11:12:34:56' };

describe('normalizeLxcProperty stores values as PVE writes them', () => {
  it.each([
    ['net0', 'name=eth0,bridge=vmbr0,ip=dhcp,firewall=1,tag=20', 'name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:12:34:56,ip=dhcp,tag=20,type=veth'],
    ['net0', 'bridge=vmbr0,name=eth0,firewall=on', 'name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:12:34:56,type=veth'],
    ['net1', 'name=eth1,hwaddr=BC:24:11:AA:BB:CC,ip=10.0.0.5/24,gw=10.0.0.1,type=veth', 'name=eth1,gw=10.0.0.1,hwaddr=BC:24:11:AA:BB:CC,ip=10.0.0.5/24,type=veth'],
    ['rootfs', 'local-lvm:vm-101-disk-0,size=8192M', 'local-lvm:vm-101-disk-0,size=8G'],
    ['rootfs', 'local-lvm:vm-101-disk-0,size=8704M', 'local-lvm:vm-101-disk-0,size=8704M'],
    ['rootfs', 'volume=local-lvm:vm-101-disk-0,ro=1,acl=off', 'local-lvm:vm-101-disk-0,acl=0,ro=1'],
    ['mp0', 'local-lvm:vm-101-disk-1,size=10G,backup=1,mp=/data', 'local-lvm:vm-101-disk-1,mp=/data,backup=1,size=10G'],
    ['unused0', 'volume=local-lvm:vm-101-disk-2', 'local-lvm:vm-101-disk-2'],
    ['dev0', 'path=/dev/fuse,mode=0666', '/dev/fuse,mode=0666'],
    ['tags', 'Web,k8s;web  a', 'a;k8s;web'],
    ['nameserver', '1.1.1.1,8.8.8.8;9.9.9.9', '1.1.1.1 8.8.8.8 9.9.9.9'],
    ['searchdomain', 'example.com, corp.example', 'example.com corp.example'],
    ['features', 'keyctl=1,nesting=true', 'keyctl=1,nesting=true'],
    ['startup', 'order=2,up=30', 'order=2,up=30'],
    ['memory', '+1024', '1024'],
    ['hostname', 'web1', 'web1'],
  ])('%s=%s is stored as %s', (key, value, stored) => {
    expect(normalizeLxcProperty(key, value, fixedMac)).toBe(stored);
  });

  it.each([
    ['net0', 'name=eth0,bridge=vmbr0,ip=dhcp'],
    ['rootfs', 'local-lvm:vm-101-disk-0,mountoptions=noatime;nodev,size=8G'],
    ['mp3', '/srv/share,mp=/mnt/share,ro=1,shared=1'],
    ['tags', 'B;a;A;c'],
  ])('is idempotent for %s=%s', (key, value) => {
    const once = normalizeLxcProperty(key, value, fixedMac);
    expect(normalizeLxcProperty(key, once, fixedMac)).toBe(once);
  });

  it('generates a unicast hwaddr with the Proxmox prefix when none is given', () => {
    const stored = normalizeLxcProperty('net0', 'name=eth0,bridge=vmbr0');
    expect(stored).toMatch(/^name=eth0,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},type=veth$/);
  });

  it('uses the datacenter mac_prefix', () => {
    expect(normalizeLxcProperty('net0', 'name=eth0', { macPrefix: '02:AA' })).toMatch(/hwaddr=02:AA:[0-9A-F]{2}:/);
  });

  it('refuses an invalid value with PVE text', () => {
    expect(() => normalizeLxcProperty('net0', 'bridge=vmbr0')).toThrow(SchemaError);
  });
});

describe('parseLxcProperty and formatLxcProperty', () => {
  it('parses booleans as PVE does and keeps other values as text', () => {
    expect(parseLxcProperty('features', 'nesting=yes,keyctl=off,mount=nfs;cifs')).toEqual({ nesting: '1', keyctl: '0', mount: 'nfs;cifs' });
    expect(parseLxcProperty('net0', 'name=eth0,rate=1.50,tag=20')).toEqual({ name: 'eth0', rate: '1.50', tag: '20' });
  });

  it('parses the default key of a mount point and of a startup order', () => {
    expect(parseLxcProperty('mp0', 'local-lvm:10,mp=/data')).toEqual({ volume: 'local-lvm:10', mp: '/data' });
    expect(parseLxcProperty('startup', '3,down=60')).toEqual({ order: '3', down: '60' });
  });

  it.each([
    ['net0', 'name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:12:34:56,ip=dhcp,tag=20,type=veth'],
    ['rootfs', 'local-lvm:vm-101-disk-0,mountoptions=noatime,size=8G'],
    ['mp0', 'local-lvm:vm-101-disk-1,mp=/data,backup=1,size=10G'],
    ['features', 'fuse=1,keyctl=1,nesting=1'],
    ['startup', 'order=1,up=10,down=20'],
  ])('round-trips the stored form of %s', (key, stored) => {
    expect(formatLxcProperty(key, parseLxcProperty(key, stored))).toBe(stored);
  });

  it('prints a changed size the way PVE prints sizes', () => {
    const parsed = parseLxcProperty('rootfs', 'local-lvm:vm-101-disk-0,size=8G');
    expect(formatLxcProperty('rootfs', { ...parsed, size: '10G' })).toBe('local-lvm:vm-101-disk-0,size=10G');
    expect(formatLxcProperty('rootfs', { ...parsed, size: String(10 * 1024 ** 3 + 512 * 1024 ** 2) })).toBe(
      'local-lvm:vm-101-disk-0,size=10752M',
    );
  });

  it('reports a property-string error in the form the API nests it', () => {
    let caught: unknown;
    try {
      parseLxcProperty('net0', 'bridge=vmbr0');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchemaError);
    expect((caught as SchemaError).toPerlString()).toBe('format error\nnet0.name: property is missing and it is not optional\n');
  });

  it('refuses a device without a path', () => {
    expect(() => parseLxcProperty('dev0', 'mode=0666')).toThrow('Path has to be defined');
  });
});

describe('disk allocation at create', () => {
  it('reads STORAGE:GiB as a request for a new volume', () => {
    expect(parseNewDiskRequest('local-lvm:8')).toEqual({ storage: 'local-lvm', sizeGiB: 8, sizeBytes: 8 * 1024 ** 3 });
    expect(parseNewDiskRequest('local-lvm:0.5')).toEqual({ storage: 'local-lvm', sizeGiB: 0.5, sizeBytes: 512 * 1024 ** 2 });
    expect(parseNewDiskRequest('local-lvm:vm-101-disk-0')).toBeUndefined();
    expect(parseNewDiskRequest('/srv/data')).toBeUndefined();
  });

  it('gives a bare size the default storage', () => {
    expect(withDefaultStorage('8', 'local-lvm')).toBe('local-lvm:8');
    expect(withDefaultStorage('local-lvm:8', 'local')).toBe('local-lvm:8');
  });

  it('stores the allocated volume with its size and keeps the other options', () => {
    const request = parseNewDiskRequest('local-lvm:8');
    const volume = containerVolumeId('local-lvm', 101, 0, 'block');
    expect(allocatedMountPoint('rootfs', 'local-lvm:8', volume, request?.sizeBytes ?? 0)).toBe('local-lvm:vm-101-disk-0,size=8G');
    expect(allocatedMountPoint('mp0', 'local-lvm:8.5,mp=/data,backup=1', 'local-lvm:vm-101-disk-1', 8.5 * 1024 ** 3)).toBe(
      'local-lvm:vm-101-disk-1,mp=/data,backup=1,size=8704M',
    );
  });

  it('names volumes as each kind of storage does', () => {
    expect(containerVolumeId('local', 101, 0, 'file')).toBe('local:101/vm-101-disk-0.raw');
    expect(containerVolumeId('tank', 101, 1, 'subvol')).toBe('tank:subvol-101-disk-1');
  });
});

describe('randomMacAddress', () => {
  it('keeps the prefix and clears the multicast bit of generated bytes', () => {
    expect(randomMacAddress('BC:24:11', Uint8Array.from([0xff, 0xff, 0xff, 0x12, 0x34, 0x56]))).toBe('BC:24:11:12:34:56');
    expect(randomMacAddress('', Uint8Array.from([0xff, 0, 0, 0, 0, 1]))).toBe('FE:00:00:00:00:01');
  });
});
