/**
 * Which PVE release the simulator imitates, and the behaviour that depends on it (spec §13).
 * A `major.minor` alone stands for the newest patch release we know of in that series.
 */
export interface PveRelease {
  /** `9.1.5`, as `/version` reports it. */
  version: string;
  /** `9.1`. */
  release: string;
  /** JSON error bodies carry `message` (libpve-http-server-perl 5.2.0, PVE 8.3). */
  messageInErrorBody: boolean;
  /** 401 texts collapsed to `Authentication failed!` (pve-manager 9.1.5). */
  genericAuthFailureText: boolean;
  /** `unprivileged` defaults to 1 at create (pve-container 6.0.6, PVE 9.0). */
  unprivilegedByDefault: boolean;
  /** `/nodes/{node}/lxc` reports `vmid` as a number (pve-container 5.0.10, PVE 8.2). */
  numericVmidInList: boolean;
  /** `GET .../interfaces` exists (PVE 8.1); `ip-addresses` since PVE 8.4. */
  hasInterfacesEndpoint: boolean;
  hasInterfaceAddressList: boolean;
  /** `pressure*` fields in vmstatus (PVE 9.0). */
  hasPressureStats: boolean;
}

const NEWEST_PATCH: Record<string, number> = { '9.1': 5, '9.0': 11, '8.4': 14, '8.3': 5, '8.2': 8, '8.1': 4, '8.0': 4 };

function versionNumber(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major * 10_000 + minor * 100 + patch;
}

export function parsePveRelease(input: string): PveRelease {
  if (!/^\d+\.\d+(\.\d+)?$/.test(input)) {
    throw new Error(`invalid PVE version '${input}': expected MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 9.1 or 8.4.14`);
  }
  const [major, minor] = input.split('.');
  const release = `${major}.${minor}`;
  const version = input.split('.').length === 3 ? input : `${release}.${NEWEST_PATCH[release] ?? 0}`;
  const at = versionNumber(version);
  return {
    version,
    release,
    messageInErrorBody: at >= versionNumber('8.3.0'),
    genericAuthFailureText: at >= versionNumber('9.1.5'),
    unprivilegedByDefault: at >= versionNumber('9.0.0'),
    numericVmidInList: at >= versionNumber('8.2.0'),
    hasInterfacesEndpoint: at >= versionNumber('8.1.0'),
    hasInterfaceAddressList: at >= versionNumber('8.4.0'),
    hasPressureStats: at >= versionNumber('9.0.0'),
  };
}
