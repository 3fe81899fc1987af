/**
 * The validation engine: a port of check_prop, check_type, check_object, check_format and
 * parse_property_string from pve-common `src/PVE/JSONSchema.pm`, with the same order of checks
 * and the same texts. The order matters because PVE stops at the first failing check of a
 * value: type, format, pattern, maxLength, minLength, maximum, minimum, enum.
 */
import { NAMED_FORMATS } from './named-formats.js';
import { isPerlInteger, isPerlNumber, parsePerlBoolean, perlFullMatch, splitList } from './perl.js';
import { SchemaError, perlErrorText } from './schema-error.js';
import type { Properties, PropertySchema, PropertyStringFormat, ValidationErrors } from './types.js';

export type RawValue = string | readonly string[] | undefined;

/** add_error: a second error on the same path is appended after a literal backslash-n (sic). */
export function addError(errors: ValidationErrors, path: string, message: string): void {
  const key = path === '' ? '_root' : path;
  const previous = errors[key];
  errors[key] = previous === undefined ? message : `${previous}\\n${message}`;
}

function checkType(path: string, schema: PropertySchema, value: string | readonly string[], errors: ValidationErrors): boolean {
  const { type } = schema;
  if (typeof value !== 'string') {
    addError(errors, path, `type check ('${type}') failed - got ARRAY`);
    return false;
  }
  const valid =
    type === 'string' ||
    (type === 'boolean' && (value === '1' || value === '0')) ||
    (type === 'integer' && isPerlInteger(value)) ||
    (type === 'number' && isPerlNumber(value));
  if (!valid) addError(errors, path, `type check ('${type}') failed - got '${value}'`);
  return valid;
}

/** check_prop for one value; errors are added under `path`. */
export function checkProperty(value: RawValue, schema: PropertySchema, path: string, errors: ValidationErrors): void {
  if (value === undefined) {
    if (schema.optional !== true) addError(errors, path, 'property is missing and it is not optional');
    return;
  }
  if (!checkType(path, schema, value, errors) || typeof value !== 'string') return;

  if (schema.format !== undefined) {
    try {
      checkFormat(schema.format, value, path);
    } catch (error) {
      addError(errors, path, `invalid format - ${perlErrorText(error)}`);
      return;
    }
  }
  const failure = firstConstraintFailure(schema, value);
  if (failure !== undefined) addError(errors, path, failure);
}

function firstConstraintFailure(schema: PropertySchema, value: string): string | undefined {
  if (schema.pattern !== undefined && !perlFullMatch(schema.pattern, value)) {
    return 'value does not match the regex pattern';
  }
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) {
    return `value may only be ${schema.maxLength} characters long`;
  }
  if (schema.minLength !== undefined && [...value].length < schema.minLength) {
    return `value must be at least ${schema.minLength} characters long`;
  }
  if (isPerlNumber(value)) {
    if (schema.maximum !== undefined && Number(value) > schema.maximum) {
      return `value must have a maximum value of ${schema.maximum}`;
    }
    if (schema.minimum !== undefined && Number(value) < schema.minimum) {
      return `value must have a minimum value of ${schema.minimum}`;
    }
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return `value '${value}' does not have a value in the enumeration '${schema.enum.join(', ')}'`;
  }
  return undefined;
}

/**
 * check_object with additionalProperties => 0: every schema key is checked (missing required
 * keys fail), then every given key must be known and its `requires` present.
 */
export function checkObject(
  path: string,
  properties: Properties,
  values: Readonly<Record<string, RawValue>>,
  errors: ValidationErrors,
): void {
  const prefix = path === '' ? '' : `${path}.`;
  // Absent optional keys cannot fail, so only required and given keys are checked: a create
  // schema has over a thousand keys (net0..net31, mp0..mp255, …).
  for (const key of requiredKeys(properties)) {
    if (values[key] === undefined) checkProperty(undefined, properties[key] as PropertySchema, `${prefix}${key}`, errors);
  }
  for (const key of Object.keys(values)) {
    const schema = properties[key];
    if (schema === undefined) {
      addError(errors, `${prefix}${key}`, 'property is not defined in schema and the schema does not allow additional properties');
      continue;
    }
    if (values[key] !== undefined) checkProperty(values[key], schema, `${prefix}${key}`, errors);
    if (schema.requires !== undefined && values[schema.requires] === undefined) {
      addError(errors, `${prefix}${schema.requires}`, `missing property required by '${prefix}${key}'`);
    }
  }
}

const requiredKeysCache = new WeakMap<Properties, readonly string[]>();

function requiredKeys(properties: Properties): readonly string[] {
  let keys = requiredKeysCache.get(properties);
  if (keys === undefined) {
    keys = Object.keys(properties).filter((key) => properties[key]?.optional !== true);
    requiredKeysCache.set(properties, keys);
  }
  return keys;
}

/** check_format: a property-string format, a named format, or a `-list` of a named format. */
export function checkFormat(format: string | PropertyStringFormat, value: string, path: string): void {
  if (typeof format !== 'string') {
    parsePropertyString(format, value, path);
    return;
  }
  const listMatch = /^(.*?)-list$/.exec(format);
  const name = listMatch?.[1] ?? format;
  const validator = NAMED_FORMATS[name];
  if (validator === undefined) throw new Error(`undefined format '${format}'`);
  if (listMatch === null) {
    validator(value);
    return;
  }
  for (const item of splitList(value)) validator(item);
}

/**
 * parse_property_string: `k=v` parts separated by commas, one part without `=` for the
 * default key, booleans accepted as on/off/yes/no/true/false. Throws SchemaError with PVE's
 * texts; a schema violation is `format error` with the per-key errors under `<path>.<key>`.
 */
export function parsePropertyString(format: PropertyStringFormat, data: string, path: string): Record<string, string> {
  const parsed: Record<string, string> = {};
  let defaultKey: string | undefined;
  for (const part of perlSplitComma(data)) {
    if (/^\s*$/.test(part)) continue;
    const pair = /^([^=]+)=(.+)\n?$/.exec(part);
    if (pair !== null) {
      const key = pair[1] ?? '';
      if (parsed[key] !== undefined) throw new SchemaError(`duplicate key in comma-separated list property: ${key}\n`);
      // Perl autovivifies the missing schema here, so an unknown key is only reported by
      // check_object below ("property is not defined in schema ...").
      parsed[key] = format[key]?.type === 'boolean' ? (parsePerlBoolean(pair[2] ?? '') ?? pair[2] ?? '') : (pair[2] ?? '');
    } else if (!part.includes('=')) {
      if (defaultKey !== undefined) throw new SchemaError(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      defaultKey = Object.keys(format).find((key) => format[key]?.defaultKey === true);
      if (defaultKey === undefined) throw new SchemaError('value without key, but schema does not define a default key\n');
      if (isPerlTrue(parsed[defaultKey])) throw new SchemaError(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      parsed[defaultKey] = format[defaultKey]?.type === 'boolean' ? (parsePerlBoolean(part) ?? part) : part;
    } else {
      throw new SchemaError('missing key in comma-separated list property\n');
    }
  }
  const errors: ValidationErrors = {};
  checkObject(path, format, parsed, errors);
  if (Object.keys(errors).length > 0) throw new SchemaError('format error\n', errors);
  return parsed;
}

function isPerlTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0';
}

/** Perl's `split(/,/, $data)`: trailing empty fields are dropped. */
function perlSplitComma(data: string): string[] {
  const parts = data.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
