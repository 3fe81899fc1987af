import { z } from 'zod';
import { patterned } from './fields.js';
import * as patterns from './patterns.js';

/**
 * Status conditions in the shape of `metav1.Condition`, so kstatus, `kubectl wait` and Argo CD read
 * them without special cases. `Ready` summarises; `Reconciling` and `Stalled` are the kstatus
 * abnormal-true conditions; each kind adds its own below.
 */
export const ConditionType = {
  Ready: 'Ready',
  Reconciling: 'Reconciling',
  Stalled: 'Stalled',
} as const;

/** ProxmoxNode-specific conditions. */
export const ProxmoxNodeConditionType = {
  ...ConditionType,
  /** The API answered with the configured credentials and TLS trust. */
  ApiReachable: 'ApiReachable',
  /** SSH login succeeded with the pinned host key (needed for provisioning commands). */
  SshReachable: 'SshReachable',
} as const;

/** Container-specific conditions. */
export const ContainerConditionType = {
  ...ConditionType,
  /** The container exists on Proxmox and carries our ownership marker. */
  Created: 'Created',
  /** The provisioning commands ran to completion after the first start. */
  Provisioned: 'Provisioned',
  /** A change was applied that takes effect only after the container restarts. */
  RestartPending: 'RestartPending',
} as const;

export const ConditionStatusSchema = z.enum(['True', 'False', 'Unknown']);

export const ConditionSchema = z
  .object({
    type: patterned(patterns.CONDITION_TYPE, 316).describe('Type of condition in CamelCase, e.g. Ready.'),
    status: ConditionStatusSchema.describe('Status of the condition: True, False or Unknown.'),
    observedGeneration: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The .metadata.generation the condition was computed from.'),
    lastTransitionTime: z
      .string()
      .meta({ format: 'date-time' })
      .describe('When the condition last changed its status.'),
    reason: patterned(patterns.CONDITION_REASON, 1024).describe(
      'Programmatic identifier (CamelCase) for the reason of the last transition.',
    ),
    message: z.string().max(32768).describe('Human-readable explanation of the last transition.'),
  })
  .describe('One aspect of the current state, in the metav1.Condition shape.');

/** Conditions as a list map keyed by `type`, so server-side apply merges them entry by entry. */
export const ConditionsSchema = z
  .array(ConditionSchema)
  .max(32)
  .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });

export type Condition = z.infer<typeof ConditionSchema>;
export type ConditionStatus = z.infer<typeof ConditionStatusSchema>;
