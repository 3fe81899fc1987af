import { CONTAINER, PROXMOX_NODE, API_VERSION } from '../../src/api/index.js';
import type { KubeObject } from './support.js';

/**
 * Manifests the apiserver must reject, each with the field the error must name and a fragment of
 * the message. Each case changes one thing in an otherwise valid object.
 */

export interface InvalidCase {
  name: string;
  object: KubeObject;
  field: string;
  message: string;
}

type Spec = Record<string, unknown>;

const validNodeSpec = (): Spec => ({
  endpoint: 'https://pve1.example.com:8006',
  nodeName: 'pve1',
  credentialsSecretRef: { name: 'pve-credentials' },
});

const validContainerSpec = (): Spec => ({ osTemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' });

const sshAccess = (): Spec => ({
  credentialsSecretRef: { name: 'pve-ssh' },
  hostKeyFingerprintSHA256: `SHA256:${'A'.repeat(43)}`,
});

function node(name: string, change: (spec: Spec) => Spec, field: string, message: string): InvalidCase {
  const object = { apiVersion: API_VERSION, kind: PROXMOX_NODE.kind, metadata: { name: 'node' }, spec: change(validNodeSpec()) };
  return { name: `ProxmoxNode: ${name}`, object, field, message };
}

function container(name: string, change: (spec: Spec) => Spec, field: string, message: string, objectName = 'ct'): InvalidCase {
  const object = { apiVersion: API_VERSION, kind: CONTAINER.kind, metadata: { name: objectName }, spec: change(validContainerSpec()) };
  return { name: `Container: ${name}`, object, field, message };
}

const withInterface = (spec: Spec, nic: Spec): Spec => ({ ...spec, network: [{ name: 'eth0', ...nic }] });
const withMountPoint = (spec: Spec, mountPoint: Spec): Spec => ({ ...spec, mountPoints: [{ path: '/srv', ...mountPoint }] });

export const invalidCases: InvalidCase[] = [
  node('plain http endpoint', (s) => ({ ...s, endpoint: 'http://pve1:8006' }), 'spec.endpoint', 'should match'),
  node('endpoint with a path', (s) => ({ ...s, endpoint: 'https://pve1:8006/api2/json' }), 'spec.endpoint', 'should match'),
  node('endpoint port out of range', (s) => ({ ...s, endpoint: 'https://pve1:70000' }), 'spec.endpoint', 'port must be between 1 and 65535'),
  node('node name with a space', (s) => ({ ...s, nodeName: 'pve 1' }), 'spec.nodeName', 'should match'),
  node('no credentials', ({ credentialsSecretRef: _, ...s }) => s, 'spec.credentialsSecretRef', 'Required value'),
  node('fingerprint and insecureSkipVerify', (s) => ({ ...s, tls: { fingerprintSHA256: Array(32).fill('AB').join(':'), insecureSkipVerify: true } }), 'spec.tls', 'at most one of caBundleRef, fingerprintSHA256 and insecureSkipVerify'),
  node('short TLS fingerprint', (s) => ({ ...s, tls: { fingerprintSHA256: 'AB:CD' } }), 'spec.tls.fingerprintSHA256', 'should match'),
  node('CA bundle from a Pod', (s) => ({ ...s, tls: { caBundleRef: { kind: 'Pod', name: 'ca' } } }), 'spec.tls.caBundleRef.kind', 'Unsupported value'),
  node('MD5 SSH host key fingerprint', (s) => ({ ...s, ssh: { ...sshAccess(), hostKeyFingerprintSHA256: 'MD5:12:34' } }), 'spec.ssh.hostKeyFingerprintSHA256', 'should match'),
  node('SSH without a host key fingerprint', (s) => ({ ...s, ssh: { credentialsSecretRef: { name: 'pve-ssh' } } }), 'spec.ssh.hostKeyFingerprintSHA256', 'Required value'),
  node('SSH port 0', (s) => ({ ...s, ssh: { ...sshAccess(), port: 0 } }), 'spec.ssh.port', 'greater than or equal to 1'),
  node('VMID range backwards', (s) => ({ ...s, vmidRange: { start: 2000, end: 1000 } }), 'spec.vmidRange', 'vmidRange.start must not be greater than vmidRange.end'),
  node('VMID range below 100', (s) => ({ ...s, vmidRange: { start: 50, end: 1000 } }), 'spec.vmidRange.start', 'greater than or equal to 100'),
  node('no concurrent tasks', (s) => ({ ...s, maxConcurrentTasks: 0 }), 'spec.maxConcurrentTasks', 'greater than or equal to 1'),
  node('storage ID starting with a digit', (s) => ({ ...s, containerDefaults: { storage: '1local' } }), 'spec.containerDefaults.storage', 'should match'),

  container('VMID below 100', (s) => ({ ...s, vmid: 99 }), 'spec.vmid', 'greater than or equal to 100'),
  container('VMID above 999999999', (s) => ({ ...s, vmid: 1000000000 }), 'spec.vmid', 'less than or equal to 999999999'),
  container('host name with an underscore', (s) => ({ ...s, hostname: 'web_1' }), 'spec.hostname', 'should match'),
  container('host name label over 63 characters', (s) => ({ ...s, hostname: `${'a'.repeat(64)}.example.com` }), 'spec.hostname', 'should match'),
  container('object name unusable as host name', (s) => s, 'spec.hostname', 'metadata.name becomes the host name', `${'a'.repeat(64)}.example`),
  container('template and clone', (s) => ({ ...s, clone: { vmid: 9000 } }), 'spec', 'set exactly one of spec.osTemplate and spec.clone'),
  container('neither template nor clone', () => ({}), 'spec', 'set exactly one of spec.osTemplate and spec.clone'),
  container('template without storage', (s) => ({ ...s, osTemplate: 'debian-12.tar.zst' }), 'spec.osTemplate', 'should match'),
  container('clone of VMID 50', () => ({ clone: { vmid: 50 } }), 'spec.clone.vmid', 'greater than or equal to 100'),
  container('architecture mips', (s) => ({ ...s, arch: 'mips' }), 'spec.arch', 'Unsupported value'),
  container('memory 8Mi', (s) => ({ ...s, memory: '8Mi' }), 'spec.memory', 'memory must be at least 16Mi'),
  container('memory 1024 bytes', (s) => ({ ...s, memory: 1024 }), 'spec.memory', 'memory must be at least 16Mi'),
  container('memory with suffix Gb', (s) => ({ ...s, memory: '1Gb' }), 'spec.memory', 'should match'),
  container('root disk 512Mi', (s) => ({ ...s, rootFS: { size: '512Mi' } }), 'spec.rootFS.size', 'rootFS.size must be at least 1Gi'),
  container('CPU limit 9000', (s) => ({ ...s, cpu: { limit: '9000' } }), 'spec.cpu.limit', 'cpu.limit must be at most 8192'),
  container('zero cores', (s) => ({ ...s, cpu: { cores: 0 } }), 'spec.cpu.cores', 'greater than or equal to 1'),
  container('mount point of 100Mi', (s) => withMountPoint(s, { size: '100Mi' }), 'spec.mountPoints[0].size', 'size must be at least 1Gi'),
  container('new volume without size', (s) => withMountPoint(s, { storage: 'local-lvm' }), 'spec.mountPoints[0].size', 'size is required for a new volume'),
  container('volume and host path', (s) => withMountPoint(s, { volume: 'local-lvm:vm-1-disk-1', hostPath: '/data' }), 'spec.mountPoints[0]', 'set exactly one source'),
  container('relative mount path', (s) => withMountPoint(s, { path: 'srv', size: '1Gi' }), 'spec.mountPoints[0].path', 'should match'),
  container('mount path with ..', (s) => withMountPoint(s, { path: '/srv/../etc', size: '1Gi' }), 'spec.mountPoints[0].path', 'without . or .. segments'),
  container('two mount points on one path', (s) => ({ ...s, mountPoints: [{ path: '/srv', size: '1Gi' }, { path: '/srv', size: '2Gi' }] }), 'spec.mountPoints[1]', 'Duplicate value'),
  container('VLAN 0', (s) => withInterface(s, { vlan: 0 }), 'spec.network[0].vlan', 'greater than or equal to 1'),
  container('VLAN 4095', (s) => withInterface(s, { vlan: 4095 }), 'spec.network[0].vlan', 'less than or equal to 4094'),
  container('multicast MAC', (s) => withInterface(s, { mac: '01:00:5E:00:00:01' }), 'spec.network[0].mac', 'should match'),
  container('MAC with dashes', (s) => withInterface(s, { mac: 'BC-24-11-12-34-56' }), 'spec.network[0].mac', 'should match'),
  container('MTU 63', (s) => withInterface(s, { mtu: 63 }), 'spec.network[0].mtu', 'greater than or equal to 64'),
  container('interface name over 15 characters', (s) => withInterface(s, { name: 'ethernet-number-0' }), 'spec.network[0].name', 'Too long'),
  container('two interfaces named eth0', (s) => ({ ...s, network: [{ name: 'eth0' }, { name: 'eth0' }] }), 'spec.network[1]', 'Duplicate value'),
  container('DHCP and static IPv4', (s) => withInterface(s, { ipv4: { dhcp: true, address: '192.0.2.10/24' } }), 'spec.network[0].ipv4', 'set exactly one of dhcp: true or a static address'),
  container('IPv4 octet 300', (s) => withInterface(s, { ipv4: { address: '192.0.2.300/24' } }), 'spec.network[0].ipv4.address', 'must be an IPv4 address with a prefix length'),
  container('IPv4 address without prefix', (s) => withInterface(s, { ipv4: { address: '192.0.2.10' } }), 'spec.network[0].ipv4.address', 'must be an IPv4 address with a prefix length'),
  container('IPv4 prefix /4', (s) => withInterface(s, { ipv4: { address: '10.0.0.1/4' } }), 'spec.network[0].ipv4.address', 'must be an IPv4 address with a prefix length'),
  container('IPv6 address as IPv4', (s) => withInterface(s, { ipv4: { address: '2001:db8::1/64' } }), 'spec.network[0].ipv4.address', 'must be an IPv4 address with a prefix length'),
  container('IPv4 gateway not an address', (s) => withInterface(s, { ipv4: { address: '192.0.2.10/24', gateway: '192.0.2' } }), 'spec.network[0].ipv4.gateway', 'must be an IPv4 address'),
  container('IPv4 gateway with DHCP', (s) => withInterface(s, { ipv4: { dhcp: true, gateway: '192.0.2.1' } }), 'spec.network[0].ipv4.gateway', 'needs a static ipv4.address'),
  container('DHCPv6 and SLAAC', (s) => withInterface(s, { ipv6: { dhcp: true, slaac: true } }), 'spec.network[0].ipv6', 'set exactly one of dhcp: true, slaac: true or a static address'),
  container('IPv4 address as IPv6', (s) => withInterface(s, { ipv6: { address: '192.0.2.10/24' } }), 'spec.network[0].ipv6.address', 'must be an IPv6 address with a prefix length'),
  container('DNS server not an address', (s) => ({ ...s, dns: { servers: ['dns.example.com'] } }), 'spec.dns.servers[0]', 'must be an IPv4 or IPv6 address'),
  container('four DNS servers', (s) => ({ ...s, dns: { servers: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'] } }), 'spec.dns.servers', 'Too many'),
  container('upper-case tag', (s) => ({ ...s, tags: ['Web'] }), 'spec.tags[0]', 'should match'),
  container('power state Paused', (s) => ({ ...s, powerState: 'Paused' }), 'spec.powerState', 'Unsupported value'),
  container('deletion policy Orphan', (s) => ({ ...s, deletionPolicy: 'Orphan' }), 'spec.deletionPolicy', 'Unsupported value'),
  container('keyctl in a privileged container', (s) => ({ ...s, unprivileged: false, features: { keyctl: true } }), 'spec.features.keyctl', 'only available to unprivileged containers'),
  container('quota in an unprivileged container', (s) => ({ ...s, rootFS: { quota: true } }), 'spec.rootFS.quota', 'only available to privileged containers'),
  container('SSH key that is not a key', (s) => ({ ...s, sshPublicKeys: ['not a key'] }), 'spec.sshPublicKeys[0]', 'should match'),
  container('password Secret with an invalid name', (s) => ({ ...s, rootPasswordSecretRef: { name: 'Bad_Name' } }), 'spec.rootPasswordSecretRef.name', 'should match'),
  container('no provisioning commands', (s) => ({ ...s, provisioning: { commands: [] } }), 'spec.provisioning.commands', 'should have at least 1 items'),
];
