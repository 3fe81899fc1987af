/**
 * The shape of a parameter schema as PVE's JSONSchema dialect has it, reduced to what the
 * LXC endpoints use. Patterns are JavaScript regular-expression sources equivalent to PVE's
 * Perl ones; the checker anchors them as Perl's `m/^$pattern$/` does.
 */
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

export interface PropertySchema {
  readonly type: ScalarType;
  readonly optional?: boolean;
  /** PVE's own default; booleans use 0/1 as PVE writes them. */
  readonly default?: string | number;
  /** A named format (`pve-vmid`, `dns-name-list`, …) or a property-string format object. */
  readonly format?: string | PropertyStringFormat;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  /** Another property that must be present when this one is (`unique` requires `restore`). */
  readonly requires?: string;
  /** In a property string: the key whose value may be given without `key=`. */
  readonly defaultKey?: boolean;
}

/** The keys of a property string (`net0`, `rootfs`, `features`, …) and their schemas. */
export type PropertyStringFormat = Readonly<Record<string, PropertySchema>>;

export type Properties = Readonly<Record<string, PropertySchema>>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface EndpointSchema {
  readonly method: HttpMethod;
  /** With `{node}`, `{vmid}`, `{upid}`, `{storage}` placeholders, as in the PVE API viewer. */
  readonly path: string;
  readonly properties: Properties;
}

/** Field name → PVE's error text, exactly as in the `errors` object of a 400 response. */
export type ValidationErrors = Record<string, string>;

export type ValidationResult =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; errors: ValidationErrors };
