import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FailureRateLimiter } from '../../src/runtime/rate-limiter.js';
import { WorkQueue } from '../../src/runtime/work-queue.js';
import { realClock, type Clock } from '../../src/runtime/clock.js';

const noJitter = () => 0;

function queue(): WorkQueue {
  return new WorkQueue({ rateLimiter: new FailureRateLimiter({ baseMs: 1_000, capMs: 300_000 }, noJitter) });
}

/** Takes every key that is ready right now, without waiting. */
async function takeReady(q: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (q.len() > 0) keys.push((await q.get())!);
  return keys;
}

describe('WorkQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands out a key added twice only once', async () => {
    const q = queue();
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    expect(await takeReady(q)).toEqual(['ns/a', 'ns/b']);
  });

  it('never hands a key to a second worker while the first holds it', async () => {
    const q = queue();
    q.add('ns/a');
    const held = await q.get();
    q.add('ns/a');
    expect(held).toBe('ns/a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((key) => (second = key));
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBeUndefined();
    q.done('ns/a');
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBe('ns/a');
  });

  it('processes a key dirtied while processing once more after done, not twice', async () => {
    const q = queue();
    q.add('ns/a');
    await q.get();
    q.add('ns/a');
    q.add('ns/a');
    q.done('ns/a');
    expect(await takeReady(q)).toEqual(['ns/a']);
    q.done('ns/a');
    expect(q.len()).toBe(0);
  });

  it('does not re-queue a key that was not dirtied while processing', async () => {
    const q = queue();
    q.add('ns/a');
    await q.get();
    q.done('ns/a');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting worker when a key is added', async () => {
    const q = queue();
    const next = q.get();
    q.add('ns/a');
    expect(await next).toBe('ns/a');
  });

  it('adds a key after its delay, not before', async () => {
    const q = queue();
    q.addAfter('ns/a', 5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(q.len()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await takeReady(q)).toEqual(['ns/a']);
  });

  it('keeps the earliest time when a key is scheduled twice', async () => {
    const q = queue();
    q.addAfter('ns/a', 10_000);
    q.addAfter('ns/a', 2_000);
    q.addAfter('ns/a', 7_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await takeReady(q)).toEqual(['ns/a']);
    q.done('ns/a');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(q.len()).toBe(0);
  });

  it('lets an immediate add supersede a pending delayed add', async () => {
    const q = queue();
    q.addAfter('ns/a', 10_000);
    q.add('ns/a');
    expect(await takeReady(q)).toEqual(['ns/a']);
    q.done('ns/a');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(q.len()).toBe(0);
  });

  it('waits out a delay longer than a timer can hold without waking every millisecond', async () => {
    let timersSet = 0;
    const counting: Clock = { ...realClock, setTimeout: (callback, delayMs) => (timersSet++, realClock.setTimeout(callback, delayMs)) };
    const q = new WorkQueue({ clock: counting });
    const thirtyDaysMs = 30 * 24 * 3_600_000;
    q.addAfter('ns/a', thirtyDaysMs);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(timersSet).toBe(1);
    await vi.advanceTimersByTimeAsync(thirtyDaysMs - 60_001);
    expect(q.len()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await takeReady(q)).toEqual(['ns/a']);
  });

  it('orders delayed keys by their ready time', async () => {
    const q = queue();
    q.addAfter('ns/late', 3_000);
    q.addAfter('ns/early', 1_000);
    q.addAfter('ns/middle', 2_000);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await takeReady(q)).toEqual(['ns/early', 'ns/middle', 'ns/late']);
  });

  it('doubles the backoff of a failing key from 1 s up to the 5 min cap', async () => {
    const q = queue();
    const delays: number[] = [];
    for (let failure = 0; failure < 12; failure++) {
      q.addRateLimited('ns/a');
      let waited = 0;
      while (q.len() === 0) {
        await vi.advanceTimersByTimeAsync(250);
        waited += 250;
      }
      delays.push(waited);
      await q.get();
      q.done('ns/a');
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300].map((seconds) => seconds * 1_000));
  });

  it('resets the backoff only when the key is forgotten (a success)', () => {
    const q = queue();
    q.addRateLimited('ns/a');
    q.addRateLimited('ns/a');
    q.add('ns/a');
    expect(q.numRequeues('ns/a')).toBe(2);
    q.forget('ns/a');
    expect(q.numRequeues('ns/a')).toBe(0);
  });

  it('keeps separate backoffs per key', () => {
    const q = queue();
    q.addRateLimited('ns/a');
    q.addRateLimited('ns/a');
    q.addRateLimited('ns/b');
    expect([q.numRequeues('ns/a'), q.numRequeues('ns/b')]).toEqual([2, 1]);
  });

  it('answers waiting workers with undefined on shutdown and accepts no more keys', async () => {
    const q = queue();
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
    q.add('ns/a');
    expect(await q.get()).toBeUndefined();
  });

  it('reports drained only once every held key is done', async () => {
    const q = queue();
    q.add('ns/a');
    await q.get();
    q.shutDown();
    let drained = false;
    void q.drained().then(() => (drained = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(drained).toBe(false);
    q.done('ns/a');
    await vi.advanceTimersByTimeAsync(0);
    expect(drained).toBe(true);
  });
});

describe('FailureRateLimiter', () => {
  it('shortens delays by at most the jitter fraction and never exceeds the cap', () => {
    const limiter = new FailureRateLimiter({ baseMs: 1_000, capMs: 300_000, jitter: 0.1 }, () => 0.999);
    const delays = Array.from({ length: 20 }, () => limiter.whenFailed('k'));
    expect(delays[0]).toBeGreaterThanOrEqual(900);
    expect(delays[0]).toBeLessThanOrEqual(1_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(300_000);
    expect(delays.at(-1)).toBeGreaterThanOrEqual(270_000);
  });
});
