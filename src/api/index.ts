/**
 * pve-operator's resource API: the zod schemas are the one source of the TypeScript types, the CRD
 * YAML in crds/ and the validation the apiserver enforces.
 */
export * from './group.js';
export * from './quantity.js';
export * from './conditions.js';
export * from './object-meta.js';
export * from './proxmox-node.js';
export * from './container.js';
export * from './container-network.js';
export * from './container-storage.js';
export * from './credentials.js';
export * from './endpoint.js';
export { installCrds, installCredentialsPolicy, CrdNotEstablishedError, CRD_FIELD_MANAGER, type InstallOptions } from './install.js';
export { customResourceDefinitions } from './crd/definitions.js';
export { credentialsAdmissionPolicy, CREDENTIALS_POLICY_NAME } from './crd/admission-policy.js';
export { renderCrdFiles, renderCrdStream, type CrdFile } from './crd/render.js';
