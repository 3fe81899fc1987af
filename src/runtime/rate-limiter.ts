import { backoffDelay, reconcileBackoff, type BackoffOptions, type Random } from './backoff.js';

/**
 * Per-key exponential failure backoff (client-go's ItemExponentialFailureRateLimiter).
 *
 * Invariant: a key's failure count only grows through `whenFailed` and only `forget` resets it.
 * Nothing else — not an event-driven add, not a successful-looking retry — may reset it, otherwise
 * a key that fails on every event would never reach a useful backoff.
 */
export class FailureRateLimiter<Key> {
  readonly #failures = new Map<Key, number>();

  constructor(
    private readonly options: BackoffOptions = reconcileBackoff,
    private readonly random: Random = Math.random,
  ) {}

  /** Records one more failure of `key` and returns how long to wait before retrying it. */
  whenFailed(key: Key): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    return backoffDelay(this.options, failures, this.random);
  }

  /** How many times `key` has failed since it last succeeded. */
  failures(key: Key): number {
    return this.#failures.get(key) ?? 0;
  }

  /** The key succeeded: its next failure starts from the base delay again. */
  forget(key: Key): void {
    this.#failures.delete(key);
  }
}
