/**
 * The simulator's one door to the parameter schemas (src/pvesim/schema). Endpoints the schema
 * module does not describe (admin-only ones such as `PUT /cluster/options`) pass their raw
 * strings through unvalidated.
 */
import {
  formatLxcProperty as formatProperty,
  isLxcPropertyString,
  normalizeLxcProperty as normalizeProperty,
  parseLxcProperty,
  schemaEndpoints,
  validateParameters as validateWithSchema,
  type HttpMethod,
  type ValidationResult,
} from './schema/index.js';

export type RawParams = Record<string, string | string[] | undefined>;
export type { ValidationResult };

const described = new Set(schemaEndpoints());

export function validateParameters(method: HttpMethod, pathTemplate: string, params: RawParams): ValidationResult {
  if (described.has(`${method} ${pathTemplate}`)) return validateWithSchema(method, pathTemplate, params);
  const passed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) passed[key] = Array.isArray(value) ? value.join(',') : value;
  return { ok: true, params: passed };
}

export { parseLxcProperty, isLxcPropertyString };

export function formatLxcProperty(key: string, parsed: Record<string, string | undefined>): string {
  return formatProperty(key, parsed);
}

/** The stored form of a config value; `macAddress` supplies generated MACs deterministically. */
export function normalizeLxcProperty(key: string, value: string, macPrefix = 'BC:24:11', macAddress?: () => string): string {
  return normalizeProperty(key, value, macAddress ? { macPrefix, macAddress } : { macPrefix });
}
