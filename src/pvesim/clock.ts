/**
 * The simulator's notion of time. Real time plus an offset a test can advance, so rules that
 * span hours (ticket expiry) can be exercised without waiting. Timers still run in real time.
 */
export class SimClock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Unix time in whole seconds, as PVE writes it into UPIDs and tickets. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
