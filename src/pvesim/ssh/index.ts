/**
 * The SSH side of a simulated node: `startSshServer` per node, the GuestAccess boundary to the
 * simulator's containers, registered command responses and the record of every command.
 */
export { startSshServer, type RunningSshServer, type SshServerOptions } from './server.js';
export { SshResponseRegistry, type RegisteredResponse } from './response-registry.js';
export { sshFingerprint } from './host-key.js';
export type { CommandResult, GuestAccess, SshCommandRecord, SshResponse } from './types.js';
