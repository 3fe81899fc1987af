import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldsWithoutDescription, StructuralSchemaError, toStructuralSchema, type JsonSchema } from '../../src/api/crd/structural.js';
import { quantity } from '../../src/api/fields.js';

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as JsonSchema;

describe('toStructuralSchema', () => {
  it('rewrites a quantity into the int-or-string form the apiserver accepts', () => {
    const structural = toStructuralSchema(toJson(quantity({ field: 'memory', minimum: '16Mi' }).default('512Mi')));
    expect(structural).toMatchObject({
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      default: '512Mi',
      minimum: 0,
      maxLength: 64,
      'x-kubernetes-validations': [{ message: 'memory must be at least 16Mi' }],
    });
    expect(structural.type).toBeUndefined();
    expect(structural.pattern).toEqual(expect.any(String));
  });

  it('turns const into a one-value enum', () => {
    expect(toStructuralSchema(toJson(z.literal('v1')))).toEqual({ type: 'string', enum: ['v1'] });
  });

  it("drops zod's safe-integer bounds but keeps real ones", () => {
    expect(toStructuralSchema(toJson(z.number().int()))).toEqual({ type: 'integer' });
    expect(toStructuralSchema(toJson(z.number().int().min(1).max(5)))).toEqual({ type: 'integer', minimum: 1, maximum: 5 });
  });

  it('drops $schema and additionalProperties: false', () => {
    const output = z.toJSONSchema(z.strictObject({ a: z.string() }), { target: 'openapi-3.0' }) as JsonSchema;
    expect(toStructuralSchema(output)).toEqual({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
  });

  it.each([
    ['a union', z.object({ a: z.union([z.string(), z.boolean()]) }), '.a: "anyOf" (a union) is not structural'],
    ['a nullable field', z.object({ a: z.string().nullable() }), '.a: nullable fields are not supported'],
    ['a field without type', z.object({ a: z.any() }), '.a: every field needs a "type"'],
  ])('refuses %s, naming the field', (_, schema, message) => {
    expect(() => toStructuralSchema(toJson(schema))).toThrow(StructuralSchemaError);
    expect(() => toStructuralSchema(toJson(schema))).toThrow(message);
  });

  it('refuses $ref and uniqueItems', () => {
    expect(() => toStructuralSchema({ type: 'object', properties: { a: { $ref: '#/x' } } })).toThrow('.a: "$ref" is not allowed');
    expect(() => toStructuralSchema({ type: 'array', items: { type: 'string' }, uniqueItems: true })).toThrow('"uniqueItems"');
  });
});

describe('fieldsWithoutDescription', () => {
  it('lists nested fields and object list items that lack a description', () => {
    const schema = z.object({
      described: z.string().describe('yes'),
      bare: z.string(),
      nested: z.object({ inner: z.number() }).describe('nested'),
      list: z.array(z.object({ name: z.string().describe('n') })).describe('list'),
    });
    expect(fieldsWithoutDescription(toStructuralSchema(toJson(schema)), 'spec')).toEqual([
      'spec.bare',
      'spec.nested.inner',
      'spec.list[]',
    ]);
  });
});
