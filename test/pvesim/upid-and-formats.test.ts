import { describe, expect, it } from 'vitest';
import { decodeUpid, encodeUpid } from '../../src/pvesim/index.js';
import { targetSize } from '../../src/pvesim/api/lxc-disk.js';
import { linkLocalFromMac } from '../../src/pvesim/api/lxc-interfaces.js';
import { decodeForm, decodeJsonBody } from '../../src/pvesim/http/params.js';
import { reasonPhrase } from '../../src/pvesim/http/respond.js';
import { renderConfigFile } from '../../src/pvesim/state/config-file.js';
import { formatDiskSize } from '../../src/pvesim/state/storage.js';
import { parsePveRelease } from '../../src/pvesim/version.js';

describe('UPIDs', () => {
  it('encodes upper-case, zero-padded hex with the token id as user and a trailing colon', () => {
    const upid = encodeUpid({ node: 'pve1', pid: 0x29ff1, pstart: 0x1b2c3d4, starttime: 0x66b1b2c3, type: 'vzstart', id: '101', user: 'root@pam!op' });
    expect(upid).toBe('UPID:pve1:00029FF1:01B2C3D4:66B1B2C3:vzstart:101:root@pam!op:');
    expect(decodeUpid(upid)).toEqual({ node: 'pve1', pid: 0x29ff1, pstart: 0x1b2c3d4, starttime: 0x66b1b2c3, type: 'vzstart', id: '101', user: 'root@pam!op' });
  });

  it.each([
    'UPID:pve1:00029FF1:01B2C3D4:66B1B2C3:vzstart:101:root@pam',
    'UPID:pve_1:00029FF1:01B2C3D4:66B1B2C3:vzstart:101:root@pam:',
    'UPID:pve1:29FF1:01B2C3D4:66B1B2C3:vzstart:101:root@pam:',
    'garbage',
  ])('rejects %s', (text) => {
    expect(decodeUpid(text)).toBeUndefined();
  });

  it('accepts a 9-digit pstart and an empty id', () => {
    expect(decodeUpid('UPID:pve1:00029FF1:101B2C3D4:66B1B2C3:download::root@pam:')?.pstart).toBe(0x101b2c3d4);
  });
});

describe('form bodies', () => {
  it.each([
    ['a=b+c', { a: 'b c' }],
    ['size=%2B2G', { size: '+2G' }],
    ['tags=a&tags=b', { tags: ['a', 'b'] }],
    ['flag', { flag: '' }],
    ['', {}],
  ])('decodes %s', (text, expected) => {
    expect(decodeForm(text)).toEqual(expected);
  });

  it('turns JSON booleans into 1/0 and numbers into text', () => {
    expect(decodeJsonBody('{"start":true,"onboot":false,"memory":1024,"skip":null}')).toEqual({ start: '1', onboot: '0', memory: '1024' });
    expect(decodeJsonBody('[1]')).toBeUndefined();
    expect(decodeJsonBody('{')).toBeUndefined();
  });
});

describe('small formats', () => {
  it.each([
    [8 * 1024 ** 3, '+2G', 10 * 1024 ** 3],
    [8 * 1024 ** 3, '10G', 10 * 1024 ** 3],
    [8 * 1024 ** 3, '+512M', 8 * 1024 ** 3 + 512 * 1024 ** 2],
    [1000, '2048', 2048],
    [1000, ' 2G', undefined],
  ])('resizes %d by %s to %s', (current, size, expected) => {
    expect(targetSize(current, size)).toBe(expected);
  });

  it.each([
    [8 * 1024 ** 3, '8G'],
    [8704 * 1024 ** 2, '8704M'],
    [1536 * 1024, '1536K'],
  ])('prints %d bytes as %s', (bytes, text) => {
    expect(formatDiskSize(bytes)).toBe(text);
  });

  it('derives the EUI-64 link-local address from a MAC', () => {
    expect(linkLocalFromMac('bc:24:11:12:34:56')).toBe('fe80::be24:11ff:fe12:3456');
  });

  it('uses the first line of a message as reason phrase', () => {
    expect(reasonPhrase('Parameter verification failed.\n')).toBe('Parameter verification failed.');
    expect(reasonPhrase('mp0: invalid format\nmp0.mp: missing\n')).toBe('mp0: invalid format');
  });

  it('renders the config file with description comments, sorted keys and the pending section', () => {
    const text = renderConfigFile({
      config: { memory: '512', arch: 'amd64', description: 'web server' },
      pending: { memory: '1024' },
      pendingDelete: { net1: false, mp0: true },
    });
    expect(text).toBe('#web server\narch: amd64\nmemory: 512\n\n[pve:pending]\nmemory: 1024\ndelete: !mp0,net1\n');
  });
});

describe('PVE releases', () => {
  it.each([
    ['9.1', '9.1.5', { genericAuthFailureText: true, messageInErrorBody: true, unprivilegedByDefault: true }],
    ['9.1.4', '9.1.4', { genericAuthFailureText: false, messageInErrorBody: true }],
    ['8.2', '8.2.8', { messageInErrorBody: false, numericVmidInList: true, unprivilegedByDefault: false, hasInterfaceAddressList: false }],
    ['8.0', '8.0.4', { numericVmidInList: false, hasInterfacesEndpoint: false }],
  ])('%s behaves as %s', (input, version, flags) => {
    expect(parsePveRelease(input)).toMatchObject({ version, ...flags });
  });

  it('refuses a version it cannot parse', () => {
    expect(() => parsePveRelease('nine')).toThrow(/invalid PVE version 'nine'/);
  });
});
