/**
 * Turns the JSON Schema that `z.toJSONSchema` emits into a structural schema, the subset of
 * OpenAPI v3 a CustomResourceDefinition accepts (apiextensions-apiserver
 * `pkg/apiserver/schema/validation.go`). Modelled on kube-rs' `StructuralSchemaRewriter`, but it
 * refuses what it cannot rewrite faithfully (unions, `$ref`, `null`) instead of guessing, so a
 * schema change that the apiserver would reject fails at generation time with the field's path.
 */

export type JsonSchema = { [key: string]: unknown };

export class StructuralSchemaError extends Error {
  override name = 'StructuralSchemaError';
  constructor(readonly path: string, problem: string) {
    super(`${path || '<root>'}: ${problem}`);
  }
}

/** Keys the apiserver forbids or that only carry JSON Schema bookkeeping. */
const droppedKeys = ['$schema', '$id', 'id', 'propertyNames'];
const forbiddenKeys = ['$ref', '$defs', 'definitions', 'patternProperties', 'dependencies', 'additionalItems', 'uniqueItems', 'not'];
const unionKeys = ['anyOf', 'oneOf', 'allOf'];

/** zod puts JavaScript's safe-integer range on every `.int()`: no information, only noise. */
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

export function toStructuralSchema(schema: JsonSchema, path = ''): JsonSchema {
  const node: JsonSchema = { ...schema };
  for (const key of droppedKeys) delete node[key];
  if (node.additionalProperties === false) delete node.additionalProperties;
  for (const key of forbiddenKeys) {
    if (key in node) throw new StructuralSchemaError(path, `"${key}" is not allowed in a structural schema`);
  }
  if (node.nullable === true || node.type === 'null') {
    throw new StructuralSchemaError(path, 'nullable fields are not supported: make the field optional instead');
  }
  if ('const' in node) {
    node.enum = [node.const];
    delete node.const;
  }
  if (node['x-kubernetes-int-or-string'] === true) return rewriteIntOrString(node, path);
  for (const key of unionKeys) {
    if (key in node) {
      throw new StructuralSchemaError(path, `"${key}" (a union) is not structural: use optional fields and a CEL rule`);
    }
  }
  if (typeof node.type !== 'string' && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    throw new StructuralSchemaError(path, 'every field needs a "type"');
  }
  dropSafeIntegerBounds(node);
  rewriteChildren(node, path);
  return canonical(node);
}

function rewriteChildren(node: JsonSchema, path: string): void {
  if (isSchema(node.properties)) {
    const properties: JsonSchema = {};
    for (const [name, child] of Object.entries(node.properties)) {
      properties[name] = toStructuralSchema(asSchema(child, `${path}.${name}`), `${path}.${name}`);
    }
    node.properties = properties;
    if (Array.isArray(node.required) && node.required.length === 0) delete node.required;
  }
  if (node.items !== undefined) node.items = toStructuralSchema(asSchema(node.items, `${path}[]`), `${path}[]`);
  if (isSchema(node.additionalProperties)) {
    if (node.properties !== undefined) {
      throw new StructuralSchemaError(path, '"properties" and "additionalProperties" cannot be combined');
    }
    node.additionalProperties = toStructuralSchema(node.additionalProperties, `${path}{}`);
  }
}

/**
 * zod writes an int-or-string as `anyOf: [{type: string, pattern…}, {type: integer, minimum…}]`.
 * The apiserver allows exactly `anyOf: [{type: integer}, {type: string}]` with the flag; the value
 * checks move up a level, where JSON Schema applies each only to values of its own type.
 */
function rewriteIntOrString(node: JsonSchema, path: string): JsonSchema {
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) {
    throw new StructuralSchemaError(path, 'x-kubernetes-int-or-string needs a union of one string and one integer schema');
  }
  const types = branches.map((branch) => asSchema(branch, path).type).sort();
  if (types[0] !== 'integer' || types[1] !== 'string') {
    throw new StructuralSchemaError(path, `x-kubernetes-int-or-string needs string and integer, got ${types.join(', ')}`);
  }
  const rewritten: JsonSchema = { ...node };
  delete rewritten.type;
  for (const branch of branches) {
    const { type: _type, ...checks } = asSchema(branch, path);
    Object.assign(rewritten, checks);
  }
  rewritten.anyOf = [{ type: 'integer' }, { type: 'string' }];
  dropSafeIntegerBounds(rewritten);
  return canonical(rewritten);
}

/** Reading order for the committed YAML: what a field is first, its children and rules last. */
const keyOrder = [
  'type', 'description', 'default', 'format', 'enum', 'minimum', 'exclusiveMinimum', 'maximum', 'minLength', 'maxLength',
  'pattern', 'minItems', 'maxItems', 'x-kubernetes-int-or-string', 'anyOf', 'required', 'properties', 'items',
  'additionalProperties', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations',
];

function canonical(node: JsonSchema): JsonSchema {
  const ordered: JsonSchema = {};
  for (const key of keyOrder) if (key in node) ordered[key] = node[key];
  for (const [key, value] of Object.entries(node)) if (!(key in ordered)) ordered[key] = value;
  // RegExp.source escapes every "/" as "\/"; RE2 accepts that, but plain "/" is what people read.
  if (typeof ordered.pattern === 'string') ordered.pattern = ordered.pattern.replaceAll('\\/', '/');
  return ordered;
}

function dropSafeIntegerBounds(node: JsonSchema): void {
  for (const key of ['minimum', 'maximum']) {
    if (typeof node[key] === 'number' && SAFE_INTEGER_BOUNDS.has(node[key])) delete node[key];
  }
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asSchema(value: unknown, path: string): JsonSchema {
  if (!isSchema(value)) throw new StructuralSchemaError(path, 'expected a schema object');
  return value;
}

/**
 * Paths of fields (properties, and list items that are objects) without a description: every one
 * must have one, because `kubectl explain` is how users read our API.
 */
export function fieldsWithoutDescription(schema: JsonSchema, path = ''): string[] {
  const missing: string[] = [];
  if (isSchema(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      const childPath = `${path}.${name}`;
      const childSchema = asSchema(child, childPath);
      if (typeof childSchema.description !== 'string' || childSchema.description.trim() === '') missing.push(childPath);
      missing.push(...fieldsWithoutDescription(childSchema, childPath));
    }
  }
  if (isSchema(schema.items)) {
    const items = schema.items;
    if (items.type === 'object' && typeof items.description !== 'string') missing.push(`${path}[]`);
    missing.push(...fieldsWithoutDescription(items, `${path}[]`));
  }
  return missing;
}
