/** The API group, version and names of pve-operator's resources: one place for every string. */
export const GROUP = 'pve.operator.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** `kubectl get proxmox` lists every kind in this category. */
export const CATEGORY = 'proxmox';

/** Literal types, so the schemas' `kind: z.literal(…)` and the CRD names share one spelling. */
export const PROXMOX_NODE_KIND = 'ProxmoxNode';
export const CONTAINER_KIND = 'Container';

export interface ResourceNames {
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
}

export const PROXMOX_NODE: ResourceNames = {
  kind: PROXMOX_NODE_KIND,
  listKind: `${PROXMOX_NODE_KIND}List`,
  plural: 'proxmoxnodes',
  singular: 'proxmoxnode',
  shortNames: ['pxn'],
};

export const CONTAINER: ResourceNames = {
  kind: CONTAINER_KIND,
  listKind: `${CONTAINER_KIND}List`,
  plural: 'containers',
  singular: 'container',
  shortNames: ['ct'],
};

export const PROXMOX_NODE_PLURAL = PROXMOX_NODE.plural;
export const CONTAINER_PLURAL = CONTAINER.plural;

/** `<plural>.<group>`, the name of a kind's CustomResourceDefinition. */
export function crdName(names: ResourceNames): string {
  return `${names.plural}.${GROUP}`;
}
