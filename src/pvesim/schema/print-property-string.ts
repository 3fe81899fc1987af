/**
 * print_property_string from pve-common JSONSchema.pm: the normalised text PVE writes into a
 * config file. Order: the default key's bare value, then required keys alphabetically, then
 * optional keys alphabetically. `disk-size` values (bytes) are printed as `8G`, `8704M`, ….
 */
import { addError, checkProperty } from './check.js';
import { formatSize } from './perl.js';
import { SchemaError } from './schema-error.js';
import type { PropertyStringFormat, ValidationErrors } from './types.js';

export function printPropertyString(
  data: Readonly<Record<string, string | undefined>>,
  format: PropertyStringFormat,
  skip: readonly string[] = [],
): string {
  assertPrintable(data, format);

  const done = new Set(skip);
  const parts: string[] = [];
  const add = (key: string, bare: boolean): void => {
    if (done.has(key)) return;
    done.add(key);
    const value = data[key];
    if (value === undefined) return;
    const schema = format[key];
    if (schema === undefined) throw new SchemaError(`invalid key '${key}'\n`);
    const text = schema.format === 'disk-size' ? formatSize(Number(value)) : value;
    if (schema.format !== 'disk-size' && text.includes(',')) throw new SchemaError(`illegal value with commas for ${key}\n`);
    parts.push(bare ? text : `${key}=${text}`);
  };

  const defaultKey = Object.keys(format).find((key) => format[key]?.defaultKey === true);
  if (defaultKey !== undefined) add(defaultKey, true);
  const keys = Object.keys(data).sort();
  for (const key of keys) if (format[key] !== undefined && format[key]?.optional !== true) add(key, false);
  for (const key of keys) add(key, false);
  return parts.join(',');
}

/**
 * PVE checks the data against the format before printing (check_object with additional
 * properties allowed), so a value that could not have been parsed is never written. Sizes are
 * bytes at this point, so `disk-size` members are checked as plain numbers.
 */
function assertPrintable(data: Readonly<Record<string, string | undefined>>, format: PropertyStringFormat): void {
  const errors: ValidationErrors = {};
  for (const [key, schema] of Object.entries(format)) {
    const value = data[key];
    if (schema.format === 'disk-size') {
      if (value !== undefined && !/^\d+$/.test(value)) addError(errors, key, `value does not look like a valid disk size: ${value}`);
      continue;
    }
    checkProperty(value, schema, key, errors);
  }
  if (Object.keys(errors).length > 0) throw new SchemaError('format error', errors);
}
