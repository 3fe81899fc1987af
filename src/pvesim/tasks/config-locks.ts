/**
 * The per-container flock on `/run/lock/lxc/pve-config-<vmid>.lock` (spec §4.1): one holder at a
 * time, waiters served in order, and a waiter that is not served within its timeout gives up.
 */
export class LockTimeoutError extends Error {}

interface Waiter {
  grant(): void;
}

export class ConfigLocks {
  private readonly queues = new Map<number, Waiter[]>();
  private readonly held = new Set<number>();

  isHeld(vmid: number): boolean {
    return this.held.has(vmid);
  }

  /** Resolves to a release function, or rejects with LockTimeoutError after `timeoutMs`. */
  acquire(vmid: number, timeoutMs: number): Promise<() => void> {
    if (!this.held.has(vmid)) {
      this.held.add(vmid);
      return Promise.resolve(this.releaser(vmid));
    }
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(vmid) ?? [];
      this.queues.set(vmid, queue);
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser(vmid));
        },
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(new LockTimeoutError(`lock timeout on ${vmid}`));
      }, timeoutMs);
      queue.push(waiter);
    });
  }

  private releaser(vmid: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queues.get(vmid)?.shift();
      if (next) next.grant();
      else {
        this.held.delete(vmid);
        this.queues.delete(vmid);
      }
    };
  }
}
