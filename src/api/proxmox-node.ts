import { z } from 'zod';
import { ConditionsSchema } from './conditions.js';
import { celRules, localReference, patterned, quantity } from './fields.js';
import { API_VERSION, PROXMOX_NODE_KIND } from './group.js';
import { ObjectMetaSchema } from './object-meta.js';
import * as patterns from './patterns.js';

/** ProxmoxNode: one Proxmox VE node a namespace may run containers on, and how to reach it. */

export const DEFAULT_API_PORT = 8006;

const SecretOrConfigMapKeySchema = z
  .object({
    kind: z.enum(['Secret', 'ConfigMap']).describe('Whether the bundle is in a Secret or a ConfigMap.'),
    name: patterned(patterns.OBJECT_NAME, 253).describe('Name of the Secret or ConfigMap in the same namespace.'),
    key: patterned(patterns.DATA_KEY, 253).default('ca.crt').describe('Key holding the PEM bundle.'),
  })
  .describe('PEM CA bundle that signs the Proxmox API certificate, from a Secret or ConfigMap.');

export const TlsTrustSchema = z
  .object({
    caBundleRef: SecretOrConfigMapKeySchema.optional(),
    fingerprintSHA256: patterned(patterns.TLS_FINGERPRINT_SHA256, 95)
      .optional()
      .describe(
        'Pin the API certificate by its SHA-256 fingerprint (32 colon-separated hex pairs, as the Proxmox ' +
          'GUI shows it); any certificate with this fingerprint is trusted, whoever signed it.',
      ),
    insecureSkipVerify: z
      .boolean()
      .default(false)
      .describe('Skip certificate verification entirely. Only for labs: anyone on the path can read the credentials.'),
  })
  .meta(
    celRules({
      rule: '(has(self.caBundleRef) ? 1 : 0) + (has(self.fingerprintSHA256) ? 1 : 0) + (has(self.insecureSkipVerify) && self.insecureSkipVerify ? 1 : 0) <= 1',
      message: 'tls: set at most one of caBundleRef, fingerprintSHA256 and insecureSkipVerify',
    }),
  )
  .describe(
    'How to trust the API certificate. Default: verify it against the system CA roots. ' +
      'Choose at most one of caBundleRef, fingerprintSHA256, insecureSkipVerify.',
  );

export const SshAccessSchema = z
  .object({
    host: patterned(patterns.HOSTNAME, 253)
      .optional()
      .describe("Host name or IPv4 address for SSH. Defaults to the endpoint's host."),
    port: z.number().int().min(1).max(65535).default(22).describe('SSH port.'),
    user: z.string().min(1).max(64).regex(/^[a-z_][a-z0-9_.-]*$/).default('root').describe('Login user on the Proxmox host.'),
    credentialsSecretRef: localReference('Secret').describe(
      'Secret with the SSH credentials: key `privateKey` (OpenSSH PEM, optional `passphrase`) or key `password`.',
    ),
    hostKeyFingerprintSHA256: patterned(patterns.SSH_FINGERPRINT_SHA256, 51).describe(
      "The host key's SHA-256 fingerprint as `ssh-keygen -lf` prints it (SHA256:...). Connections to any other key are refused.",
    ),
  })
  .describe(
    'SSH access to the Proxmox host, used for `pct exec` (provisioning commands), which the REST API does not offer.',
  );

export const VmidRangeSchema = z
  .object({
    start: z.number().int().min(100).max(999999999).describe('First VMID the operator may allocate (inclusive).'),
    end: z.number().int().min(100).max(999999999).describe('Last VMID the operator may allocate (inclusive).'),
  })
  .meta(celRules({ rule: 'self.start <= self.end', message: 'vmidRange.start must not be greater than vmidRange.end' }))
  .describe('VMIDs the operator allocates from for containers without a pinned VMID on this node.');

export const ContainerDefaultsSchema = z
  .object({
    storage: patterned(patterns.STORAGE_ID, 64)
      .default('local-lvm')
      .describe('Storage for root filesystems and new mount-point volumes when a Container names none.'),
    bridge: patterned(patterns.BRIDGE, 15)
      .default('vmbr0')
      .describe('Bridge for network interfaces when a Container names none.'),
  })
  .describe('Defaults for containers created on this node.');

export const ProxmoxNodeSpecSchema = z
  .object({
    endpoint: patterned(patterns.HTTPS_ENDPOINT, 270)
      .meta(
        celRules({
          rule: "url(self).getPort() == '' || int(url(self).getPort()) <= 65535",
          message: 'endpoint port must be between 1 and 65535',
        }),
      )
      .describe(`Proxmox API endpoint, e.g. https://pve1.example.com:8006 (https only; the port defaults to ${DEFAULT_API_PORT}).`),
    nodeName: patterned(patterns.DNS_LABEL, 63).describe('Name of the node inside the Proxmox cluster, as `pvesh get /nodes` lists it.'),
    credentialsSecretRef: localReference('Secret').describe(
      'Secret with the API credentials: keys `tokenId` (USER@REALM!NAME) and `tokenSecret` for an API token, ' +
        'or keys `username` (USER@REALM) and `password`.',
    ),
    tls: TlsTrustSchema.prefault({}),
    ssh: SshAccessSchema.optional(),
    default: z
      .boolean()
      .default(false)
      .describe("Make this the namespace's default node, used by Containers that name no node."),
    vmidRange: VmidRangeSchema.optional(),
    containerDefaults: ContainerDefaultsSchema.prefault({}),
    maxConcurrentTasks: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(4)
      .describe('Most Proxmox tasks (create, start, resize, …) the operator runs on this node at once.'),
  })
  .describe('Desired state: where the Proxmox node is and how to reach it.');

export const NodeCapacitySchema = z
  .object({
    cpus: z.number().int().min(0).optional().describe('Logical CPUs of the node.'),
    memory: quantity({ field: 'status.capacity.memory' }).optional().describe('Total memory of the node.'),
  })
  .describe('Total capacity of the node (not its usage, which changes on every probe).');

export const ProxmoxNodeStatusSchema = z
  .object({
    observedGeneration: z.number().int().min(0).optional().describe('The .metadata.generation this status describes.'),
    conditions: ConditionsSchema.optional().describe('Ready, Reconciling, Stalled, ApiReachable, SshReachable.'),
    pveVersion: z.string().max(64).optional().describe('Proxmox VE version the node reports, e.g. 9.0.3.'),
    capacity: NodeCapacitySchema.optional(),
    effectiveDefault: z
      .boolean()
      .optional()
      .describe("Whether the operator uses this node as the namespace's default (false while several claim it)."),
    containerCount: z.number().int().min(0).optional().describe('Containers of this namespace placed on this node.'),
  })
  .describe('Observed state, written by the operator.');

export const ProxmoxNodeSchema = z.object({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(PROXMOX_NODE_KIND),
  metadata: ObjectMetaSchema,
  spec: ProxmoxNodeSpecSchema,
  status: ProxmoxNodeStatusSchema.optional(),
});

export type TlsTrust = z.infer<typeof TlsTrustSchema>;
export type SshAccess = z.infer<typeof SshAccessSchema>;
export type VmidRange = z.infer<typeof VmidRangeSchema>;
export type ProxmoxNodeSpec = z.infer<typeof ProxmoxNodeSpecSchema>;
export type ProxmoxNodeStatus = z.infer<typeof ProxmoxNodeStatusSchema>;
export type ProxmoxNode = z.infer<typeof ProxmoxNodeSchema>;
