import { z } from 'zod';
import { ContainerSpecSchema, ContainerStatusSchema } from '../container.js';
import { CATEGORY, CONTAINER, GROUP, PROXMOX_NODE, VERSION, crdName, type ResourceNames } from '../group.js';
import * as patterns from '../patterns.js';
import { ProxmoxNodeSpecSchema, ProxmoxNodeStatusSchema } from '../proxmox-node.js';
import { fieldsWithoutDescription, StructuralSchemaError, toStructuralSchema, type JsonSchema } from './structural.js';

/** The CustomResourceDefinitions of pve-operator, built from the zod schemas. */

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description: string;
  priority?: number;
}

interface ResourceDefinition {
  names: ResourceNames;
  description: string;
  spec: z.ZodType;
  status: z.ZodType;
  printerColumns: PrinterColumn[];
  /** Rules on the whole object, e.g. ones that read metadata.name. */
  rootRules?: { rule: string; message: string; fieldPath?: string }[];
}

const readyColumn: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
  description: 'Whether the resource is ready.',
};

// Custom columns replace kubectl's default ones, Age included (kubectl#903): list it explicitly.
const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since creation.',
};

export const proxmoxNodeDefinition: ResourceDefinition = {
  names: PROXMOX_NODE,
  description: 'ProxmoxNode is a Proxmox VE node that Containers of this namespace may run on, and how to reach it.',
  spec: ProxmoxNodeSpecSchema,
  status: ProxmoxNodeStatusSchema,
  printerColumns: [
    { name: 'Node', type: 'string', jsonPath: '.spec.nodeName', description: 'Proxmox node name.' },
    { name: 'Default', type: 'boolean', jsonPath: '.spec.default', description: "Whether this is the namespace's default node." },
    readyColumn,
    { name: 'Version', type: 'string', jsonPath: '.status.pveVersion', description: 'Proxmox VE version.' },
    { name: 'Containers', type: 'integer', jsonPath: '.status.containerCount', description: 'Containers on this node.' },
    ageColumn,
    { name: 'Endpoint', type: 'string', jsonPath: '.spec.endpoint', description: 'Proxmox API endpoint.', priority: 1 },
  ],
};

export const containerDefinition: ResourceDefinition = {
  names: CONTAINER,
  description: 'Container is a Proxmox VE LXC container.',
  spec: ContainerSpecSchema,
  status: ContainerStatusSchema,
  printerColumns: [
    { name: 'Node', type: 'string', jsonPath: '.status.node', description: 'ProxmoxNode the container runs on.' },
    { name: 'VMID', type: 'integer', jsonPath: '.status.vmid', description: 'Proxmox VMID.' },
    { name: 'State', type: 'string', jsonPath: '.status.powerState', description: 'Observed power state.' },
    { name: 'IPv4', type: 'string', jsonPath: '.status.primaryIPv4', description: 'First IPv4 address.' },
    readyColumn,
    ageColumn,
    { name: 'Template', type: 'string', jsonPath: '.spec.osTemplate', description: 'OS template.', priority: 1 },
    { name: 'Cores', type: 'integer', jsonPath: '.spec.cpu.cores', description: 'CPU cores.', priority: 1 },
    { name: 'Memory', type: 'string', jsonPath: '.spec.memory', description: 'Memory limit.', priority: 1 },
  ],
  rootRules: [
    {
      rule: `has(self.spec.hostname) || self.metadata.name.matches(r'${patterns.HOSTNAME}')`,
      message: 'metadata.name becomes the host name when spec.hostname is omitted: every dot-separated part must be at most 63 characters',
      fieldPath: '.spec.hostname',
    },
  ],
};

export const resourceDefinitions = [proxmoxNodeDefinition, containerDefinition];

/** The structural OpenAPI schema of one field (spec or status), checked for descriptions. */
export function fieldSchema(schema: z.ZodType, field: string): JsonSchema {
  const jsonSchema = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  const structural = toStructuralSchema(jsonSchema, field);
  const undescribed = fieldsWithoutDescription(structural, field);
  if (undescribed.length > 0) {
    throw new StructuralSchemaError(field, `fields without a description: ${undescribed.join(', ')}`);
  }
  return structural;
}

export function customResourceDefinition(definition: ResourceDefinition): JsonSchema {
  const { names } = definition;
  const openAPIV3Schema: JsonSchema = {
    type: 'object',
    description: definition.description,
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string', description: `API version of this object: ${GROUP}/${VERSION}.` },
      kind: { type: 'string', description: `Kind of this object: ${names.kind}.` },
      metadata: { type: 'object' },
      spec: fieldSchema(definition.spec, 'spec'),
      status: fieldSchema(definition.status, 'status'),
    },
    ...(definition.rootRules ? { 'x-kubernetes-validations': definition.rootRules } : {}),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName(names) },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: { ...names, categories: [CATEGORY] },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: definition.printerColumns,
          schema: { openAPIV3Schema },
        },
      ],
    },
  };
}

export function customResourceDefinitions(): JsonSchema[] {
  return resourceDefinitions.map(customResourceDefinition);
}
