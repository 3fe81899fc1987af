import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { credentialsAdmissionPolicy, customResourceDefinitions, renderCrdFiles } from '../../src/api/index.js';
import { fieldsWithoutDescription, type JsonSchema } from '../../src/api/crd/structural.js';
import { repositoryRoot } from './support.js';

const crds = customResourceDefinitions();
const schemaOf = (crd: JsonSchema) => (crd as any).spec.versions[0].schema.openAPIV3Schema as JsonSchema;
const columnsOf = (crd: JsonSchema) =>
  ((crd as any).spec.versions[0].additionalPrinterColumns as { name: string; priority?: number }[]).map(
    (column) => `${column.name}${column.priority ? ` (priority ${column.priority})` : ''}`,
  );

function walk(node: unknown, visit: (node: JsonSchema, path: string) => void, path = ''): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) return node.forEach((child, index) => walk(child, visit, `${path}[${index}]`));
  visit(node as JsonSchema, path);
  for (const [key, child] of Object.entries(node)) walk(child, visit, `${path}/${key}`);
}

describe('the committed CRDs in crds/', () => {
  it.each(renderCrdFiles())('$fileName equals the generated one (run `npm run crds` after a schema change)', (file) => {
    const committed = readFileSync(path.join(repositoryRoot, 'crds', file.fileName), 'utf8');
    expect(committed).toBe(file.content);
  });

  it('parse back to the generated objects', () => {
    const parsed = renderCrdFiles().flatMap((file) => parseAllDocuments(file.content).map((document) => document.toJSON()));
    expect(parsed).toEqual([...crds, ...credentialsAdmissionPolicy()]);
  });
});

describe('the generated CRDs', () => {
  it('describe every field, so kubectl explain is useful', () => {
    for (const crd of crds) {
      const schema = schemaOf(crd);
      expect(fieldsWithoutDescription((schema.properties as any).spec, 'spec')).toEqual([]);
      expect(fieldsWithoutDescription((schema.properties as any).status, 'status')).toEqual([]);
    }
  });

  it('contain nothing a structural schema forbids', () => {
    const forbidden = ['$ref', '$defs', '$schema', 'definitions', 'oneOf', 'allOf', 'not', 'nullable', 'uniqueItems', 'const'];
    for (const crd of crds) {
      walk(schemaOf(crd), (node, path) => {
        for (const key of forbidden) expect(node, `${path} has ${key}`).not.toHaveProperty([key]);
        if ('anyOf' in node) expect(node['x-kubernetes-int-or-string'], `${path} has anyOf`).toBe(true);
      });
    }
  });

  it('bound every string and list, so CEL rules stay within the cost budget', () => {
    for (const crd of crds) {
      walk((schemaOf(crd).properties as any).spec, (node, path) => {
        if (path.includes('x-kubernetes-validations') || path.includes('/anyOf[')) return;
        if (node.type === 'string' && !node.enum) expect(node.maxLength, `${path} has no maxLength`).toBeTypeOf('number');
        if (node.type === 'array') expect(node.maxItems, `${path} has no maxItems`).toBeTypeOf('number');
      });
    }
  });

  it('keep conditions as a list map keyed by type', () => {
    for (const crd of crds) {
      const conditions = (schemaOf(crd).properties as any).status.properties.conditions;
      expect(conditions).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });
      expect(conditions.items.required).toEqual(['type', 'status', 'lastTransitionTime', 'reason', 'message']);
    }
  });

  it('have the printer columns of the issue', () => {
    expect(crds.map(columnsOf)).toEqual([
      ['Node', 'Default', 'Ready', 'Version', 'Containers', 'Age', 'Endpoint (priority 1)'],
      ['Node', 'VMID', 'State', 'IPv4', 'Ready', 'Age', 'Template (priority 1)', 'Cores (priority 1)', 'Memory (priority 1)'],
    ]);
  });

  it('have a status subresource, short names and the proxmox category', () => {
    expect(crds.map((crd: any) => [crd.metadata.name, crd.spec.names.shortNames, crd.spec.names.categories, crd.spec.versions[0].subresources])).toEqual([
      ['proxmoxnodes.pve.operator.dev', ['pxn'], ['proxmox'], { status: {} }],
      ['containers.pve.operator.dev', ['ct'], ['proxmox'], { status: {} }],
    ]);
  });
});
