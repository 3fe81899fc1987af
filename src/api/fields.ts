import { z } from 'zod';
import * as patterns from './patterns.js';
import { QUANTITY_PATTERN } from './quantity.js';

/**
 * Building blocks for the resource schemas. Everything the apiserver needs beyond JSON Schema
 * (CEL rules, list types, int-or-string) travels in zod's `.meta()`, which `z.toJSONSchema` copies
 * verbatim; the structural rewriter (crd/structural.ts) then shapes the rest.
 */

/** One `x-kubernetes-validations` entry. Messages name the field, because users read them in kubectl. */
export interface CelRule {
  rule: string;
  message: string;
  /** Where the apiserver reports the error when the rule sits on a parent, e.g. `.ipv4.gateway`. */
  fieldPath?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

export const CEL_RULES_KEY = 'x-kubernetes-validations';

export function celRules(...rules: CelRule[]): Record<string, CelRule[]> {
  return { [CEL_RULES_KEY]: rules };
}

/** A rule for a field that may never change once the object exists. */
export function immutable(field: string, why: string): CelRule {
  return { rule: 'self == oldSelf', message: `${field} is immutable: ${why}` };
}

/** A string matching one of `patterns`, bounded so CEL rules over it stay within the cost budget. */
export function patterned(pattern: string, maxLength: number): z.ZodString {
  return z.string().max(maxLength).regex(new RegExp(pattern));
}

/** A `metav1.LocalObjectReference`-style reference to an object in the same namespace. */
export function localReference(what: string) {
  return z
    .object({ name: patterned(patterns.OBJECT_NAME, 253).describe(`Name of the ${what} in the same namespace.`) })
    .describe(`Reference to a ${what} in the same namespace.`);
}

export interface QuantityOptions {
  /** The field's path for messages, e.g. `spec.memory`. */
  field: string;
  minimum?: string;
}

/**
 * A Kubernetes quantity: `512Mi`, `8Gi`, `1500m`, or a plain integer (bytes or units). Validated by
 * the pattern and, for a minimum, by the CEL quantity library; parse it with `quantity.ts`.
 */
export function quantity(options: QuantityOptions) {
  const rules: CelRule[] = [];
  if (options.minimum !== undefined) {
    rules.push({
      rule: `!isQuantity(string(self)) || quantity(string(self)).compareTo(quantity('${options.minimum}')) >= 0`,
      message: `${options.field} must be at least ${options.minimum}`,
    });
  }
  return z
    .union([z.string().max(64).regex(new RegExp(QUANTITY_PATTERN)), z.number().int().min(0)])
    .meta({ 'x-kubernetes-int-or-string': true, ...(rules.length > 0 ? celRules(...rules) : {}) });
}

/** A rule on a quantity field rejecting any new value smaller than the old one. */
export function cannotShrink(field: string): CelRule {
  return {
    rule: '!isQuantity(string(self)) || !isQuantity(string(oldSelf)) || quantity(string(self)).compareTo(quantity(string(oldSelf))) >= 0',
    message: `${field} cannot shrink: Proxmox cannot reduce a volume without losing data`,
  };
}

/** Adds CEL rules to a schema, keeping those it already carries (`.meta` would replace the list). */
export function withRules<T extends z.ZodType>(schema: T, ...rules: CelRule[]): T {
  const existing = (schema.meta()?.[CEL_RULES_KEY] as CelRule[] | undefined) ?? [];
  return schema.meta({ [CEL_RULES_KEY]: [...existing, ...rules] }) as T;
}
