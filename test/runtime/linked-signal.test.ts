import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { linkedSignal } from '../../src/runtime/linked-signal.js';

describe('linkedSignal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('aborts with the reason of whichever source aborts', () => {
    const shutdown = new AbortController();
    const other = new AbortController();
    const linked = linkedSignal([other.signal, undefined, shutdown.signal]);
    shutdown.abort(new Error('shutting down'));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe('shutting down');
  });

  it('starts aborted when a source already is', () => {
    const shutdown = new AbortController();
    shutdown.abort('gone');
    expect(linkedSignal([shutdown.signal], { timeoutMs: 1_000 }).signal.reason).toBe('gone');
  });

  it('aborts after the timeout with a TimeoutError, or with the reason given', async () => {
    const plain = linkedSignal([], { timeoutMs: 1_000 });
    const custom = linkedSignal([], { timeoutMs: 1_000, timeoutReason: () => 'too slow' });
    await vi.advanceTimersByTimeAsync(999);
    expect(plain.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((plain.signal.reason as DOMException).name).toBe('TimeoutError');
    expect(custom.signal.reason).toBe('too slow');
  });

  it('once disposed, follows neither its sources nor its timeout', async () => {
    const shutdown = new AbortController();
    const linked = linkedSignal([shutdown.signal], { timeoutMs: 1_000 });
    linked.dispose();
    shutdown.abort();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(linked.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
