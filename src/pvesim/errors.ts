/**
 * An error a PVE handler reports to the client. `message` is the full Perl `die` text (usually
 * ending in a newline); the HTTP reason phrase is its first line (spec §1.3).
 */
export class PveError extends Error {
  override name = 'PveError';

  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
  }
}

/** PVE ends `die` texts with a newline so Perl appends no location; we keep that newline. */
function withNewline(message: string): string {
  return message.endsWith('\n') ? message : `${message}\n`;
}

/** 400 `Parameter verification failed.` with one text per parameter. */
export function parameterError(errors: Record<string, string>): PveError {
  return new PveError(400, 'Parameter verification failed.\n', errors);
}

/** 500: every plain `die` in a handler, including "not found". */
export function handlerError(message: string): PveError {
  return new PveError(500, withNewline(message));
}

/** 403 `Permission check failed (<what>)`, `what` being `<path>, <priv>` or free text. */
export function permissionError(what?: string): PveError {
  return new PveError(403, what === undefined ? 'Permission check failed\n' : `Permission check failed (${what})\n`);
}

/** 501 for a method and path without handler; `relativePath` excludes `/api2/json`. */
export function notImplemented(method: string, relativePath: string): PveError {
  return new PveError(501, `Method '${method} ${relativePath}' not implemented\n`);
}

/** The texts PVE uses for a config file that is not on the node. */
export function configMissing(node: string, vmid: number | string): PveError {
  return handlerError(`Configuration file 'nodes/${node}/lxc/${vmid}.conf' does not exist`);
}

/** The flock timeout text of `lock_file_full` (spec §4.1). */
export function lockTimeoutMessage(vmid: number): string {
  return `can't lock file '/run/lock/lxc/pve-config-${vmid}.lock' - got timeout`;
}
