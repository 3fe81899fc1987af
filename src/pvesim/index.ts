/**
 * The Proxmox VE simulator: an HTTPS server that answers `/api2/json/...` as a PVE 9 cluster
 * does, an admin API under `/_sim/`, and this in-process API for tests:
 *
 *   const sim = await startSimulator({ nodes: ['pve1', 'pve2'], tokens: [{ tokenid: 'root@pam!ci', secret }], timing: 'fast' });
 *   // sim.url, sim.fingerprint, sim.caPem, sim.control (state, faults, ACLs, clock); await sim.close();
 */
export { startApiServer as startSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export type { SimulatorControl, ContainerView, TaskView } from './control.js';
export type { FaultRule, InjectedFault } from './faults.js';
export { defaultTiming, fastTiming, type Timing } from './timing.js';
export type { UserSpec, TokenSpec } from './auth/access.js';
export type { AclEntry } from './auth/permissions.js';
export type { GuestBehaviour } from './state/container.js';
export type { StorageSpec } from './state/storage.js';
export type { RecordedRequest } from './recorder.js';
export { decodeUpid, encodeUpid, type UpidParts } from './tasks/upid.js';
export type { SimulatorSsh, SshEndpoint, SshUser } from './ssh-wiring.js';
