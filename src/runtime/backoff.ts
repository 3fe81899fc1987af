/**
 * Capped exponential backoff with jitter: `min(cap, base · factor^attempt)`, then shortened by up
 * to `jitter` of itself so that many keys (or many watches) failing together spread out instead of
 * retrying in lock-step. Jitter only ever shortens a delay, so `cap` stays a true upper bound.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Growth per attempt; 2 doubles. */
  factor?: number;
  /** Fraction in [0, 1] by which a delay may be randomly shortened. */
  jitter?: number;
}

export type Random = () => number;

/** The delay before retry number `attempt` (0 = the first retry). */
export function backoffDelay(options: BackoffOptions, attempt: number, random: Random = Math.random): number {
  const { baseMs, capMs, factor = 2, jitter = 0 } = options;
  // Math.pow overflows to Infinity for large attempts; min() then yields the cap, as intended.
  const exact = Math.min(capMs, baseMs * Math.pow(factor, Math.max(0, attempt)));
  return Math.round(exact * (1 - jitter * random()));
}

/** Work-queue retry defaults suited to Proxmox: tasks take seconds, outages take minutes. */
export const reconcileBackoff: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000, factor: 2, jitter: 0.1 };

/** Watch restart defaults, after client-go's reflector and kube-rs's DefaultBackoff. */
export const watchBackoff: BackoffOptions = { baseMs: 800, capMs: 30_000, factor: 2, jitter: 0.25 };
