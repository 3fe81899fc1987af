/** How long things take in the simulated cluster. Defaults are close to a small real PVE node. */
export interface Timing {
  /** Added to every API answer (pveproxy + pvedaemon round trip). */
  requestLatencyMs: number;
  /** PVE delays every 401 by 3 s to slow down password guessing. */
  authFailureDelayMs: number;
  /** The config flock's acquisition timeout (10 s in PVE). */
  lockTimeoutMs: number;
  /** Worker run time per task type (`vzcreate`, `vzstart`, ...); unknown types use `default`. */
  taskDurationMs: Record<string, number>;
  /** pvestatd's update interval: how stale `/cluster/resources` may be. */
  resourcesRefreshMs: number;
  /** Time from start until a guest's DHCP client has its lease. */
  dhcpDelayMs: number;
  /** Real milliseconds per second of a shutdown `timeout` the guest ignores. */
  shutdownSecondMs: number;
}

export function defaultTiming(): Timing {
  return {
    requestLatencyMs: 15,
    authFailureDelayMs: 3000,
    lockTimeoutMs: 10_000,
    taskDurationMs: {
      default: 1000,
      vzcreate: 6000,
      vzstart: 1500,
      vzstop: 800,
      vzshutdown: 3000,
      vzreboot: 4000,
      vzdestroy: 1500,
      resize: 1200,
      vztemplate: 1500,
      vzclone: 4000,
      vzmigrate: 8000,
      vzsuspend: 2000,
      vzresume: 2000,
      download: 3000,
    },
    resourcesRefreshMs: 10_000,
    dhcpDelayMs: 2500,
    shutdownSecondMs: 1000,
  };
}

/** Near-zero timings for tests: everything still happens asynchronously, just at once. */
export function fastTiming(): Timing {
  return {
    requestLatencyMs: 0,
    authFailureDelayMs: 0,
    lockTimeoutMs: 200,
    taskDurationMs: { default: 5 },
    resourcesRefreshMs: 60_000,
    dhcpDelayMs: 0,
    shutdownSecondMs: 5,
  };
}

export function taskDuration(timing: Timing, type: string): number {
  return timing.taskDurationMs[type] ?? timing.taskDurationMs.default ?? 0;
}
