import { z } from 'zod';
import { ConditionsSchema } from './conditions.js';
import { DnsSchema, NetworkSchema } from './container-network.js';
import { MountPointsSchema, RootFilesystemSchema } from './container-storage.js';
import { celRules, immutable, localReference, patterned, quantity } from './fields.js';
import { API_VERSION, CONTAINER_KIND } from './group.js';
import { ObjectMetaSchema } from './object-meta.js';
import * as patterns from './patterns.js';

/** Container: one Proxmox VE LXC container, a superset of what bpg's Terraform provider offers. */

export const MINIMUM_VMID = 100;
export const MAXIMUM_VMID = 999999999;
export const vmidSchema = z.number().int().min(MINIMUM_VMID).max(MAXIMUM_VMID);

export const CloneSourceSchema = z
  .object({
    vmid: vmidSchema.describe('VMID of the template container to clone.'),
    node: patterned(patterns.DNS_LABEL, 63)
      .optional()
      .describe('Proxmox node holding the template. Defaults to the node the new container goes to.'),
    full: z.boolean().default(true).describe('Full copy (default) instead of a linked clone, which depends on the template.'),
  })
  .describe('Clone an existing template container instead of unpacking an OS template.');

export const CpuSchema = z
  .object({
    cores: z.number().int().min(1).max(8192).optional().describe('CPU cores the container sees. All host cores when omitted.'),
    limit: quantity({ field: 'cpu.limit' })
      .meta(
        celRules({
          rule: "!isQuantity(string(self)) || quantity(string(self)).compareTo(quantity('8192')) <= 0",
          message: 'cpu.limit must be at most 8192',
        }),
      )
      .optional()
      .describe('CPU time limit in CPUs (a quantity: 1.5 or 1500m). Unlimited when omitted.'),
    units: z.number().int().min(0).max(500000).optional().describe('CPU weight relative to other guests (Proxmox cpuunits).'),
  })
  .describe('CPU allocation.');

export const FeaturesSchema = z
  .object({
    nesting: z.boolean().optional().describe('Allow nested containers (and systemd sandboxing).'),
    keyctl: z.boolean().optional().describe('Allow the keyctl() system call (Docker needs it); unprivileged containers only.'),
    fuse: z.boolean().optional().describe('Allow FUSE mounts.'),
    mknod: z.boolean().optional().describe('Allow mknod() of a filtered set of device nodes.'),
    mountTypes: z
      .array(patterned('^[a-z0-9]+$', 16).describe('A file system type, e.g. nfs.'))
      .max(8)
      .meta({ 'x-kubernetes-list-type': 'set' })
      .optional()
      .describe('File system types the container may mount, e.g. nfs, cifs.'),
  })
  .describe('LXC features. Most need root@pam on the Proxmox side; nesting does not.');

export const StartupSchema = z
  .object({
    order: z.number().int().min(0).max(100000).optional().describe('Start order on boot: lower starts first.'),
    upDelaySeconds: z.number().int().min(0).max(86400).optional().describe('Seconds to wait after starting before the next guest.'),
    downDelaySeconds: z.number().int().min(0).max(86400).optional().describe('Seconds to wait for a clean shutdown.'),
  })
  .describe('Boot order and delays (Proxmox startup).');

export const ProvisioningSchema = z
  .object({
    commands: z
      .array(z.string().min(1).max(4096).describe('A shell command, run with /bin/sh -c.'))
      .min(1)
      .max(32)
      .describe('Shell commands run in order, once, after the first start (pct exec over SSH).'),
    timeoutSeconds: z.number().int().min(1).max(86400).default(600).describe('Time allowed for each command.'),
  })
  .describe('Commands run once inside the container after its first start; needs ssh on the ProxmoxNode.');

export const PowerStateSchema = z.enum(['Running', 'Stopped']);
export const DeletionPolicySchema = z.enum(['Delete', 'Retain']);
/** What the operator saw: a frozen container is Paused; Unknown while the node cannot be asked. */
export const ObservedPowerStateSchema = z.enum(['Running', 'Stopped', 'Paused', 'Unknown']);

export const ContainerSpecSchema = z
  .object({
    nodeRef: localReference('ProxmoxNode')
      .optional()
      .describe("The ProxmoxNode to run on. Defaults to the namespace's default node. Changing it migrates the container."),
    vmid: vmidSchema
      .optional()
      .describe('Pin the VMID (100-999999999). Allocated from the node\'s range when omitted; cannot change once set.'),
    hostname: patterned(patterns.HOSTNAME, 253).optional().describe("Host name (RFC 1123). Defaults to the object's name."),
    osTemplate: patterned(patterns.OS_TEMPLATE_VOLUME, 255)
      .meta(celRules(immutable('osTemplate', 'a different template means a new container; create another Container')))
      .optional()
      .describe('OS template volume, e.g. local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst. Excludes clone.'),
    clone: CloneSourceSchema.meta(celRules(immutable('clone', 'a different source means a new container'))).optional(),
    arch: z
      .enum(['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64'])
      .optional()
      .describe('CPU architecture. Detected from the template when omitted; cannot change once set.'),
    osType: z
      .enum(['debian', 'devuan', 'ubuntu', 'centos', 'fedora', 'opensuse', 'archlinux', 'alpine', 'gentoo', 'nixos', 'unmanaged'])
      .optional()
      .describe('OS type, which decides how Proxmox sets up the guest. Detected from the template when omitted.'),
    unprivileged: z
      .boolean()
      .meta(celRules(immutable('unprivileged', 'Proxmox cannot change the UID mapping of existing files')))
      .default(true)
      .describe('Run as an unprivileged container (UIDs mapped). Default true; immutable.'),
    cpu: CpuSchema.optional(),
    memory: quantity({ field: 'memory', minimum: '16Mi' }).default('512Mi').describe('Memory limit (a quantity, at least 16Mi).'),
    swap: quantity({ field: 'swap' }).default('512Mi').describe('Swap limit (a quantity; 0 for none).'),
    rootFS: RootFilesystemSchema.prefault({}),
    mountPoints: MountPointsSchema,
    network: NetworkSchema,
    dns: DnsSchema.optional(),
    rootPasswordSecretRef: z
      .object({
        name: patterned(patterns.OBJECT_NAME, 253).describe('Name of the Secret in the same namespace.'),
        key: patterned(patterns.DATA_KEY, 253).default('password').describe('Key holding the password (at least 5 characters).'),
      })
      .optional()
      .describe('Root password from a Secret (never inline). Omit to allow only SSH key login.'),
    sshPublicKeys: z
      .array(patterned(patterns.SSH_PUBLIC_KEY, 8192).describe('One OpenSSH public key line.'))
      .max(32)
      .optional()
      .describe("Public keys installed in root's authorized_keys."),
    features: FeaturesSchema.optional(),
    startOnBoot: z.boolean().default(false).describe('Start the container when the Proxmox node boots.'),
    startup: StartupSchema.optional(),
    powerState: PowerStateSchema.default('Running').describe('Desired power state: Running (default) or Stopped.'),
    tags: z
      .array(patterned(patterns.TAG, 64).describe('A lower-case Proxmox tag.'))
      .max(32)
      .meta({ 'x-kubernetes-list-type': 'set' })
      .optional()
      .describe('Proxmox tags (lower case, so Proxmox stores them unchanged).'),
    description: z.string().max(8192).optional().describe('Notes shown in the Proxmox GUI.'),
    pool: patterned(patterns.POOL_ID, 64).optional().describe('Proxmox resource pool to add the container to.'),
    protection: z.boolean().default(false).describe('Set Proxmox protection, which blocks removal of the container and its disks.'),
    timezone: patterned(patterns.TIMEZONE, 64).optional().describe('Time zone: host, or a zone name like Europe/Berlin.'),
    provisioning: ProvisioningSchema.optional(),
    deletionPolicy: DeletionPolicySchema.default('Delete').describe(
      'What happens on Proxmox when the Container is deleted: Delete (default) destroys it, Retain leaves it.',
    ),
  })
  .meta(celRules(...containerSpecRules()))
  .describe('Desired state of the LXC container.');

function containerSpecRules() {
  return [
    { rule: 'has(self.osTemplate) != has(self.clone)', message: 'set exactly one of spec.osTemplate and spec.clone' },
    {
      rule: 'has(self.osTemplate) == has(oldSelf.osTemplate) && has(self.clone) == has(oldSelf.clone)',
      message: 'spec.osTemplate and spec.clone are immutable: switching the source means a new container',
    },
    {
      rule: '!has(oldSelf.vmid) || has(self.vmid) && self.vmid == oldSelf.vmid',
      message: 'spec.vmid cannot change or be removed once set',
      fieldPath: '.vmid',
    },
    {
      rule: '!has(oldSelf.arch) || has(self.arch) && self.arch == oldSelf.arch',
      message: 'spec.arch cannot change or be removed once set',
      fieldPath: '.arch',
    },
    {
      rule: '!has(self.features) || !has(self.features.keyctl) || !self.features.keyctl || self.unprivileged',
      message: 'spec.features.keyctl is only available to unprivileged containers',
      fieldPath: '.features.keyctl',
    },
    {
      rule: '!self.unprivileged || !has(self.rootFS.quota) || !self.rootFS.quota',
      message: 'spec.rootFS.quota is only available to privileged containers',
      fieldPath: '.rootFS.quota',
    },
  ];
}

export const InterfaceStatusSchema = z
  .object({
    name: z.string().max(15).describe('Interface name inside the container.'),
    mac: z.string().max(17).optional().describe('MAC address.'),
    ipv4: z.array(z.string().max(18).describe('An IPv4 address with prefix.')).max(16).optional().describe('IPv4 addresses.'),
    ipv6: z.array(z.string().max(43).describe('An IPv6 address with prefix.')).max(16).optional().describe('IPv6 addresses.'),
  })
  .describe('Addresses observed on one interface.');

export const TaskReferenceSchema = z
  .object({
    upid: z.string().max(256).describe('UPID of the Proxmox task, polled on the next reconcile.'),
    operation: z.string().max(64).describe('Task type, e.g. vzcreate, vzstart, resize.'),
  })
  .describe('The Proxmox task in flight for this container, if any.');

export const ContainerStatusSchema = z
  .object({
    observedGeneration: z.number().int().min(0).optional().describe('The .metadata.generation this status describes.'),
    conditions: ConditionsSchema.optional().describe('Ready, Reconciling, Stalled, Created, Provisioned, RestartPending.'),
    vmid: vmidSchema.optional().describe('VMID of the container on Proxmox.'),
    node: z.string().max(253).optional().describe('The ProxmoxNode the container is on.'),
    powerState: ObservedPowerStateSchema.optional().describe('Observed power state: Running, Stopped, Paused or Unknown.'),
    primaryIPv4: z.string().max(15).optional().describe('First IPv4 address of the first interface.'),
    interfaces: z
      .array(InterfaceStatusSchema)
      .max(32)
      .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] })
      .optional()
      .describe('Addresses per interface.'),
    task: TaskReferenceSchema.optional(),
  })
  .describe('Observed state, written by the operator.');

export const ContainerSchema = z.object({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(CONTAINER_KIND),
  metadata: ObjectMetaSchema,
  spec: ContainerSpecSchema,
  status: ContainerStatusSchema.optional(),
});

export type CloneSource = z.infer<typeof CloneSourceSchema>;
export type PowerState = z.infer<typeof PowerStateSchema>;
export type ObservedPowerState = z.infer<typeof ObservedPowerStateSchema>;
export type DeletionPolicy = z.infer<typeof DeletionPolicySchema>;
export type ContainerSpec = z.infer<typeof ContainerSpecSchema>;
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;
export type Container = z.infer<typeof ContainerSchema>;
