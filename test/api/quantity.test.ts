import { describe, expect, it } from 'vitest';
import {
  compareQuantities,
  InvalidQuantityError,
  isQuantity,
  QUANTITY_PATTERN,
  quantityToBytes,
  quantityToCpus,
  quantityToMiB,
} from '../../src/api/index.js';

describe('quantityToBytes', () => {
  it.each([
    ['512Mi', 536870912n],
    ['8Gi', 8589934592n],
    ['1Ki', 1024n],
    ['1Ti', 1099511627776n],
    ['1Ei', 1152921504606846976n],
    ['1k', 1000n],
    ['1M', 1000000n],
    ['1G', 1000000000n],
    ['1E', 1000000000000000000n],
    ['1e3', 1000n],
    ['1E3', 1000n],
    ['1.5Gi', 1610612736n],
    ['.5Ki', 512n],
    ['2.', 2n],
    ['1500m', 2n],
    ['1n', 1n],
    ['0', 0n],
    [1024, 1024n],
  ] as const)('%s is %s bytes (rounded up)', (input, bytes) => {
    expect(quantityToBytes(input)).toBe(bytes);
  });
});

describe('quantityToMiB', () => {
  it.each([
    ['512Mi', 512],
    ['2Gi', 2048],
    ['1G', 954],
    ['16Mi', 16],
    ['1', 1],
    [0, 0],
    ['1.5Gi', 1536],
  ] as const)('%s is %i MiB', (input, mib) => {
    expect(quantityToMiB(input)).toBe(mib);
  });
});

describe('quantityToCpus', () => {
  it.each([
    ['1500m', 1.5],
    ['2', 2],
    ['0.25', 0.25],
    [4, 4],
  ] as const)('%s is %d CPUs', (input, cpus) => {
    expect(quantityToCpus(input)).toBe(cpus);
  });
});

describe('compareQuantities', () => {
  it.each([
    ['1Gi', '1024Mi', 0],
    ['16384Mi', '16Gi', 0],
    ['1G', '1Gi', -1],
    ['8Gi', '16Gi', -1],
    ['2', '1500m', 1],
    [1073741824, '1Gi', 0],
  ] as const)('%s compared with %s is %i', (a, b, sign) => {
    expect(compareQuantities(a, b)).toBe(sign);
  });
});

describe('invalid quantities', () => {
  it.each(['', '1Gb', '-1Gi', '+1', 'Gi', '1 Gi', '1.2.3', 'abc', '1e', '0x10'])('"%s" is rejected', (input) => {
    expect(() => quantityToBytes(input)).toThrow(InvalidQuantityError);
    expect(isQuantity(input)).toBe(false);
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])('the number %d is rejected', (input) => {
    expect(() => quantityToBytes(input)).toThrow(InvalidQuantityError);
  });

  it('names the bad input and shows examples', () => {
    expect(() => quantityToMiB('1Gb')).toThrow('"1Gb" is not a Kubernetes quantity (examples: 512Mi, 8Gi, 1500m, 2)');
  });
});

describe('QUANTITY_PATTERN (the CRD pattern)', () => {
  it('accepts exactly what the parser accepts', () => {
    const pattern = new RegExp(QUANTITY_PATTERN);
    for (const input of ['512Mi', '1.5Gi', '.5', '1e3', '100m', '1Gb', '-1', '']) {
      expect(pattern.test(input), input).toBe(isQuantity(input));
    }
  });
});
