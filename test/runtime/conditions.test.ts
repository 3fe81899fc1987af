import { describe, expect, it } from 'vitest';
import { setCondition, type Condition } from '../../src/runtime/conditions.js';
import { semanticallyEqual } from '../../src/runtime/semantic-equal.js';

const earlier = new Date('2026-01-01T10:00:00.123Z');
const later = new Date('2026-01-01T11:00:00Z');
const ready = (status: Condition['status'], reason = 'Provisioned', message = 'running'): Omit<Condition, 'lastTransitionTime'> =>
  ({ type: 'Ready', status, reason, message, observedGeneration: 1 });

describe('setCondition', () => {
  it('stamps a new condition with the current time, to the second', () => {
    expect(setCondition(undefined, ready('True'), earlier)).toEqual([{ ...ready('True'), lastTransitionTime: '2026-01-01T10:00:00Z' }]);
  });

  it('keeps lastTransitionTime when the status stays, even if reason and message change', () => {
    const first = setCondition(undefined, ready('False', 'NodeUnreachable', 'pve1 is down'), earlier);
    const second = setCondition(first, ready('False', 'TaskFailed', 'clone failed'), later);
    expect(second[0]).toMatchObject({ reason: 'TaskFailed', message: 'clone failed', lastTransitionTime: '2026-01-01T10:00:00Z' });
  });

  it('moves lastTransitionTime when the status flips', () => {
    const first = setCondition(undefined, ready('False'), earlier);
    expect(setCondition(first, ready('True'), later)[0]?.lastTransitionTime).toBe('2026-01-01T11:00:00Z');
  });

  it('yields a semantically identical list when nothing changed, so no status write follows', () => {
    const first = setCondition([{ type: 'Stalled', status: 'False', reason: 'None', message: '', lastTransitionTime: 'x' }], ready('True'), earlier);
    const again = setCondition(first, ready('True'), later);
    expect(semanticallyEqual(again, first)).toBe(true);
    expect(again.map((c) => c.type)).toEqual(['Stalled', 'Ready']);
  });

  it('does not mutate its input', () => {
    const first = setCondition(undefined, ready('False'), earlier);
    const snapshot = structuredClone(first);
    setCondition(first, ready('True'), later);
    expect(first).toEqual(snapshot);
  });
});

describe('semanticallyEqual', () => {
  it.each([
    ['key order is irrelevant', { a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 }, true],
    ['undefined equals absent', { a: 1, b: undefined }, { a: 1 }, true],
    ['array order matters', [1, 2], [2, 1], false],
    ['a changed nested value differs', { a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y' }] } }, false],
    ['null differs from absent', { a: null }, {}, false],
    ['a number differs from its string', { a: 1 }, { a: '1' }, false],
  ])('%s', (_name, left, right, equal) => {
    expect(semanticallyEqual(left, right)).toBe(equal);
  });
});
