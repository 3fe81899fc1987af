import { createHash } from 'node:crypto';

/**
 * Deterministic draws: each draw is a hash of (seed, stream, index), so the n-th decision of one
 * stream (say, the 5xx rule on `GET /version`) is the same in every run with the same seed, no
 * matter how requests to other endpoints interleave.
 */
export function drawUnit(seed: number, stream: string, index: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${stream}\u0000${index}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/** A counter-based stream of uniform numbers in [0, 1). */
export class SeededStream {
  private index = 0;

  constructor(
    private readonly seed: number,
    private readonly stream: string,
  ) {}

  next(): number {
    return drawUnit(this.seed, this.stream, this.index++);
  }

  /** An integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }
}
