import type { RawParams } from '../schema-bridge.js';

/**
 * Decodes `application/x-www-form-urlencoded` text the way pveproxy does (spec §1.1): `+` is a
 * space, `%XX` is decoded, a repeated key becomes an array.
 */
export function decodeForm(text: string): RawParams {
  const params: RawParams = {};
  if (text === '') return params;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeComponent(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decodeComponent(pair.slice(equals + 1));
    addParam(params, key, value);
  }
  return params;
}

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function addParam(params: RawParams, key: string, value: string): void {
  const existing = params[key];
  if (existing === undefined) params[key] = value;
  else params[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/** A JSON body: JSON booleans become `1`/`0`, numbers their text, arrays stay arrays. */
export function decodeJsonBody(text: string): RawParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text === '' ? '{}' : text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const params: RawParams = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    params[key] = Array.isArray(value) ? value.map(scalarText) : scalarText(value);
  }
  return params;
}

function scalarText(value: unknown): string {
  if (value === true) return '1';
  if (value === false) return '0';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Query parameters override body keys of the same name (AnyEvent.pm extract_params). */
export function mergeParams(body: RawParams, query: RawParams): RawParams {
  return { ...body, ...query };
}
