/**
 * The boundary between the simulated SSH server and the rest of the simulator: what it may ask
 * about containers (GuestAccess), what it reports (SshCommandRecord), and what tests register
 * as command output (SshResponse, kept in an SshResponseRegistry).
 */

/** What `pct` may know and change about the containers configured on this node. */
export interface GuestAccess {
  /** The container if its config lives on this node, else undefined. */
  lookup(vmid: number): { status: 'running' | 'stopped'; hostname: string; locked?: string } | undefined;
  /**
   * `pct set <vmid> --features <value>`, as the config update API would apply it for `asUser`
   * (pending while running, hot-applied when stopped). `message` is PVE's error text.
   */
  setFeatures(vmid: number, features: string, asUser: string): { ok: true } | { ok: false; message: string };
}

/** One command an SSH client ran, with what it got back. Passwords are never part of it. */
export interface SshCommandRecord {
  readonly node: string;
  readonly user: string;
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** ISO 8601 time the command finished. */
  readonly at: string;
}

/**
 * Output a test wants a command to produce. `command` is compared with the command as a
 * shell-quoted line (`sh -c 'apt-get update'`, `apt-get update`): equal strings, or a RegExp
 * that matches. Without `vmid` it applies on the host and in every container of the node.
 */
export interface SshResponse {
  readonly vmid?: number;
  readonly command: string | RegExp;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: number;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}
