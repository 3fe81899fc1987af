/**
 * How PVE's JSON::XS encoder prints config values (spec §1.7): integer and boolean keys become
 * JSON numbers, `number` keys (cpulimit) stay the matched text, everything else is a string.
 */
const INTEGER_KEYS = new Set(['cores', 'cpuunits', 'memory', 'swap', 'tty']);
const BOOLEAN_KEYS = new Set(['onboot', 'protection', 'template', 'unprivileged', 'console', 'debug']);

export function configValueAsJson(key: string, raw: string): string | number {
  if (INTEGER_KEYS.has(key) || BOOLEAN_KEYS.has(key)) {
    const number = Number(raw);
    return Number.isFinite(number) ? number : raw;
  }
  return raw;
}

/** Config keys that hold a volume: `rootfs`, `mp0`..`mp255`, `unused0`.. */
export function isVolumeKey(key: string): boolean {
  return key === 'rootfs' || /^mp\d+$/.test(key) || /^unused\d+$/.test(key);
}

export function isMountPointKey(key: string): boolean {
  return /^mp\d+$/.test(key);
}

export function isNetworkKey(key: string): boolean {
  return /^net\d+$/.test(key);
}
