import type { AccessControl, Identity } from '../auth/access.js';
import type { Volume } from '../state/storage.js';

/**
 * Whether `identity` may see a volume in a storage content listing (PVE::Storage
 * check_volume_access, as the content index applies it): Datastore.Allocate on the storage sees
 * everything; templates need read access to the storage; a guest's disk also needs
 * VM.Config.Disk on its owner, so one tenant's listing does not show another tenant's guests.
 */
export function mayAccessVolume(access: AccessControl, identity: Identity, volume: Volume): boolean {
  const storage = `/storage/${volume.storage}`;
  if (access.has(identity, storage, 'Datastore.Allocate')) return true;
  if (volume.content === 'vztmpl') return access.has(identity, storage, 'Datastore.AllocateSpace') || access.has(identity, storage, 'Datastore.Audit');
  if (volume.vmid === undefined) return false;
  return access.has(identity, storage, 'Datastore.Audit') && access.has(identity, `/vms/${volume.vmid}`, 'VM.Config.Disk');
}
