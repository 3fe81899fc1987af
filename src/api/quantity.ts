/**
 * Kubernetes resource quantities (`512Mi`, `8Gi`, `1500m`, `2`) as the apiserver accepts them in our
 * spec, turned into the units Proxmox wants (MiB for memory and disks, a CPU count for the limit).
 *
 * Only non-negative quantities exist in our API, so the sign is not part of the grammar.
 */

/** The OpenAPI pattern of a quantity string in our CRDs; Go RE2 and JavaScript read it the same way. */
export const QUANTITY_PATTERN =
  '^(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]{1,2}))?$';

const quantityRegex = new RegExp(QUANTITY_PATTERN);

const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const NANOS_PER_UNIT = 1_000_000_000n;
const MEBI = 1n << 20n;

export class InvalidQuantityError extends Error {
  override name = 'InvalidQuantityError';
  constructor(readonly input: unknown) {
    super(`"${String(input)}" is not a Kubernetes quantity (examples: 512Mi, 8Gi, 1500m, 2)`);
  }
}

/** A quantity as read from a spec: a string with a suffix, or a plain integer (a count of bytes or units). */
export type QuantityInput = string | number;

/**
 * The exact value in billionths of a unit, rounded up (as Kubernetes rounds when it converts a
 * quantity to an integer). Billionths are the smallest step a suffix can express (`n`).
 */
export function quantityToNanos(input: QuantityInput): bigint {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) throw new InvalidQuantityError(input);
    return BigInt(input) * NANOS_PER_UNIT;
  }
  const match = quantityRegex.exec(input);
  if (!match) throw new InvalidQuantityError(input);
  const numberPart = input.slice(0, input.length - (match[5]?.length ?? 0));
  const suffix = match[5] ?? '';
  const [integerDigits = '', fractionDigits = ''] = numberPart.split('.');
  let numerator = BigInt(`${integerDigits}${fractionDigits}` || '0') * NANOS_PER_UNIT;
  let denominator = 10n ** BigInt(fractionDigits.length);
  const binaryShift = binarySuffixes[suffix];
  if (binaryShift !== undefined) {
    numerator <<= BigInt(binaryShift);
  } else {
    const exponent = decimalSuffixes[suffix] ?? Number(suffix.slice(1));
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  }
  return ceilDivide(numerator, denominator);
}

/** Whole bytes (for memory and disk sizes), rounded up. */
export function quantityToBytes(input: QuantityInput): bigint {
  return ceilDivide(quantityToNanos(input), NANOS_PER_UNIT);
}

/** Whole mebibytes, rounded up: Proxmox takes memory, swap and disk sizes in MiB. */
export function quantityToMiB(input: QuantityInput): number {
  return Number(ceilDivide(quantityToNanos(input), NANOS_PER_UNIT * MEBI));
}

/** A CPU count such as 1.5 for `1500m` (Proxmox's `cpulimit`). */
export function quantityToCpus(input: QuantityInput): number {
  return Number(quantityToNanos(input)) / Number(NANOS_PER_UNIT);
}

/** Negative when `a` is smaller than `b`, zero when equal, positive when larger. */
export function compareQuantities(a: QuantityInput, b: QuantityInput): number {
  const difference = quantityToNanos(a) - quantityToNanos(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

export function isQuantity(input: unknown): input is QuantityInput {
  if (typeof input !== 'string' && typeof input !== 'number') return false;
  try {
    quantityToNanos(input);
    return true;
  } catch {
    return false;
  }
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
