import { z } from 'zod';

/**
 * The parts of `metadata` our controllers read. Loose: every other field (managedFields, owner
 * references, …) passes through untouched. Timestamps stay unvalidated because client libraries
 * hand them over either as RFC 3339 strings or as Date objects.
 */
export const ObjectMetaSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  generation: z.number().int().optional(),
  resourceVersion: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
  creationTimestamp: z.unknown().optional(),
  deletionTimestamp: z.unknown().optional(),
});

export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;
