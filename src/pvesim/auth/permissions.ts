/**
 * Roles, ACLs and the privilege check of PVE::RPCEnvironment, reduced to what LXC management
 * touches: paths `/`, `/vms/<id>`, `/storage/<id>`, `/nodes/<node>`, `/pool/<id>`.
 */
const VM_PRIVILEGES = [
  'VM.Allocate', 'VM.Audit', 'VM.Backup', 'VM.Clone', 'VM.Config.CDROM', 'VM.Config.CPU', 'VM.Config.Cloudinit',
  'VM.Config.Disk', 'VM.Config.HWType', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options', 'VM.Console',
  'VM.Migrate', 'VM.PowerMgmt', 'VM.Snapshot', 'VM.Snapshot.Rollback',
];
const DATASTORE_PRIVILEGES = ['Datastore.Allocate', 'Datastore.AllocateSpace', 'Datastore.AllocateTemplate', 'Datastore.Audit'];
const SYS_PRIVILEGES = ['Sys.Audit', 'Sys.Console', 'Sys.Modify', 'Sys.PowerMgmt', 'Sys.Syslog'];
const OTHER_PRIVILEGES = ['Pool.Allocate', 'Pool.Audit', 'SDN.Use', 'SDN.Audit', 'Permissions.Modify', 'User.Modify', 'Mapping.Use'];
const ALL_PRIVILEGES = [...VM_PRIVILEGES, ...DATASTORE_PRIVILEGES, ...SYS_PRIVILEGES, ...OTHER_PRIVILEGES];

/** PVE's built-in roles that matter for containers. */
export const BUILTIN_ROLES: Record<string, string[]> = {
  Administrator: ALL_PRIVILEGES,
  NoAccess: [],
  PVEAuditor: ['VM.Audit', 'Datastore.Audit', 'Sys.Audit', 'Pool.Audit', 'SDN.Audit'],
  PVEVMAdmin: [...VM_PRIVILEGES, 'Pool.Audit'],
  PVEVMUser: ['VM.Audit', 'VM.Backup', 'VM.Config.CDROM', 'VM.Config.Cloudinit', 'VM.Console', 'VM.PowerMgmt'],
  PVEDatastoreUser: ['Datastore.AllocateSpace', 'Datastore.Audit'],
  PVEDatastoreAdmin: DATASTORE_PRIVILEGES,
  PVESysAdmin: ['Sys.Audit', 'Sys.Console', 'Sys.Syslog', 'Sys.PowerMgmt', 'Sys.Modify'],
  PVESDNUser: ['SDN.Use', 'SDN.Audit'],
};

export interface AclEntry {
  path: string;
  /** A user id (`ops@pve`) or a token id (`ops@pve!ci`). */
  ugid: string;
  role: string;
  propagate: boolean;
}

/** `/vms/101` → [`/`, `/vms`, `/vms/101`]. */
function pathChain(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '');
  const chain = ['/'];
  for (let index = 1; index <= parts.length; index++) chain.push(`/${parts.slice(0, index).join('/')}`);
  return chain;
}

/**
 * The privileges `ugid` holds on `path` from ACLs alone: the most specific path with entries for
 * it wins; entries on a parent count only when they propagate.
 */
export function aclPrivileges(acls: readonly AclEntry[], ugid: string, path: string): Set<string> {
  let privileges = new Set<string>();
  for (const prefix of pathChain(path)) {
    const entries = acls.filter((entry) => entry.ugid === ugid && entry.path === prefix && (entry.propagate || prefix === path));
    if (entries.length === 0) continue;
    privileges = new Set(entries.flatMap((entry) => BUILTIN_ROLES[entry.role] ?? []));
  }
  return privileges;
}

const ALL = new Set(ALL_PRIVILEGES);

/** Every privilege, as root@pam holds them; shared, so callers must not modify it. */
export function allPrivileges(): ReadonlySet<string> {
  return ALL;
}
