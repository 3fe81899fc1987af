/**
 * One container as the simulator holds it: the config file's sections (active values, the
 * `[pve:pending]` section and its `delete:` line) plus what only exists at run time.
 */
export interface ContainerConfigState {
  /** Active config, values exactly as they are written in the file (`memory` → `"512"`). */
  config: Record<string, string>;
  /** The `[pve:pending]` section. */
  pending: Record<string, string>;
  /** Keys in the pending `delete:` line; `true` marks a forced deletion (`!key`). */
  pendingDelete: Record<string, boolean>;
}

/** How the simulated guest reacts, set by tests through the admin API. */
export interface GuestBehaviour {
  /** The guest ignores the ACPI-like shutdown request: `shutdown` without `forceStop` fails. */
  ignoresShutdown: boolean;
  /** The container fails to start: the start task ends `startup for container '<vmid>' failed`. */
  failsToStart: boolean;
  /** When false the guest's DHCP client never gets an address. */
  dhcpAnswers: boolean;
}

export interface ContainerRuntime {
  status: 'running' | 'stopped';
  /** Clock milliseconds at the last start. */
  startedAtMs?: number;
  pid?: number;
  /** DHCP leases by interface key (`net0`), handed out while running. */
  leases: Record<string, string>;
  /** Clock milliseconds at which the guest's DHCP client has its lease. */
  dhcpReadyAtMs?: number;
  /** Stopped by `suspend` (lxc-checkpoint -s): `resume` restores it from the dump. */
  checkpointed?: boolean;
}

export interface Container extends ContainerConfigState {
  vmid: number;
  node: string;
  runtime: ContainerRuntime;
  behaviour: GuestBehaviour;
}

export function defaultBehaviour(): GuestBehaviour {
  return { ignoresShutdown: false, failsToStart: false, dhcpAnswers: true };
}

export function newContainer(vmid: number, node: string, config: Record<string, string>): Container {
  return {
    vmid,
    node,
    config,
    pending: {},
    pendingDelete: {},
    runtime: { status: 'stopped', leases: {} },
    behaviour: defaultBehaviour(),
  };
}
