/**
 * validateParameters: what PVE's REST handler does with a request's parameters before the
 * handler code runs (pve-common RESTHandler.pm handle → normalize_legacy_param_formats →
 * JSONSchema::validate). On failure the errors are the exact texts of the 400 response's
 * `errors` object; on success the parameters come back typed, with PVE's defaults filled in.
 */
import { checkObject, type RawValue } from './check.js';
import { ENDPOINTS } from './endpoints.js';
import { LXC_CONFIG_PROPERTIES } from './lxc-config-schema.js';
import type { EndpointSchema, HttpMethod, Properties, PropertySchema, ValidationErrors, ValidationResult } from './types.js';

export type RawParameters = Record<string, string | string[] | undefined>;

const endpointsByKey = new Map<string, EndpointSchema>(ENDPOINTS.map((schema) => [`${schema.method} ${schema.path}`, schema]));

/** `GET /version`, `POST /nodes/{node}/lxc`, … : every method and path template we validate. */
export function schemaEndpoints(): string[] {
  return [...endpointsByKey.keys()];
}

export function endpointSchema(method: HttpMethod, pathTemplate: string): EndpointSchema {
  const schema = endpointsByKey.get(`${method} ${pathTemplate}`);
  if (schema === undefined) throw new Error(`no parameter schema for ${method} ${pathTemplate}`);
  return schema;
}

export function validateParameters(method: HttpMethod, pathTemplate: string, params: RawParameters): ValidationResult {
  const { properties } = endpointSchema(method, pathTemplate);
  const values = joinListArrays(properties, params);
  const errors: ValidationErrors = {};
  checkObject('', properties, values, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, params: typedWithDefaults(properties, values) };
}

/**
 * normalize_legacy_param_formats: a repeated form key arrives as an array; for a string with a
 * `-list` format (delete, tags, nameserver, …) PVE joins it with commas. Anywhere else the
 * array stays and fails the type check (`got ARRAY`).
 */
function joinListArrays(properties: Properties, params: RawParameters): Record<string, RawValue> {
  const values: Record<string, RawValue> = {};
  for (const [key, value] of Object.entries(params)) {
    const schema = properties[key];
    const isList = schema?.type === 'string' && typeof schema.format === 'string' && schema.format.endsWith('-list');
    values[key] = Array.isArray(value) && isList ? value.join(',') : value;
  }
  return values;
}

function typedWithDefaults(properties: Properties, values: Readonly<Record<string, RawValue>>): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const schema = properties[key];
    if (typeof value === 'string' && schema !== undefined) typed[key] = typedValue(schema, value);
  }
  for (const [key, schema] of Object.entries(properties)) {
    if (typed[key] !== undefined || schema.default === undefined || describesConfig(key, schema)) continue;
    typed[key] = typedValue(schema, String(schema.default));
  }
  return typed;
}

/**
 * A config key's default describes what PVE assumes when the key is absent; PVE does not write
 * it into the config, so neither do we hand it to the create or update handler.
 */
function describesConfig(key: string, schema: PropertySchema): boolean {
  return LXC_CONFIG_PROPERTIES[key] === schema;
}

function typedValue(schema: PropertySchema, value: string): unknown {
  switch (schema.type) {
    case 'boolean':
      return value === '1';
    case 'integer':
    case 'number':
      return Number(value.trim());
    case 'string':
      return value;
  }
}
