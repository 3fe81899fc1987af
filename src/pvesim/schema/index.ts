/**
 * Parameter schemas of the simulated PVE API, validation with PVE's exact messages, and the
 * LXC config property strings (`net0`, `rootfs`, `mpN`, `features`, …) as PVE parses, prints
 * and stores them.
 */
export { schemaEndpoints, validateParameters, endpointSchema, type RawParameters } from './validate.js';
export {
  formatLxcProperty,
  isLxcPropertyString,
  normalizeLxcProperty,
  parseLxcProperty,
  type NormalizeOptions,
  type ParsedProperty,
} from './lxc-property.js';
export {
  allocatedMountPoint,
  containerVolumeId,
  parseNewDiskRequest,
  withDefaultStorage,
  type NewDiskRequest,
  type VolumeLayout,
} from './new-disk.js';
export { normalizeTags, type TagStyle } from './tags.js';
export { randomMacAddress } from './mac-address.js';
export { formatSize, parseSize, splitList } from './perl.js';
export { SchemaError } from './schema-error.js';
export { LXC_CONFIG_PROPERTIES, isLxcConfigKey, LOCK_VALUES } from './lxc-config-schema.js';
export type {
  EndpointSchema,
  HttpMethod,
  PropertySchema,
  PropertyStringFormat,
  ValidationErrors,
  ValidationResult,
} from './types.js';
