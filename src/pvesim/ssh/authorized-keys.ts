/**
 * Checks of SSH credentials: passwords compared in constant time (over their SHA-256, so the
 * length does not leak either), public keys matched against the user's authorized_keys lines
 * and, when the client sends a signature, verified.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import ssh2, { type ParsedKey } from 'ssh2';

export function passwordMatches(expected: string | undefined, given: string): boolean {
  if (expected === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** The parsed keys of authorized_keys lines; blank lines, comments and unreadable lines are skipped. */
export function parseAuthorizedKeys(lines: readonly string[] = []): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const parsed = ssh2.utils.parseKey(trimmed);
    if (parsed instanceof Error) continue;
    keys.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  }
  return keys;
}

export interface OfferedKey {
  readonly algo: string;
  readonly data: Buffer;
  /** Present when the client proves possession; absent when it only asks whether the key would do. */
  readonly signature?: Buffer;
  readonly blob?: Buffer;
  readonly hashAlgo?: string;
}

export function publicKeyAccepted(authorized: readonly ParsedKey[], offered: OfferedKey): boolean {
  return authorized.some((key) => {
    const blob = key.getPublicSSH();
    if (key.type !== offered.algo && !offered.algo.startsWith('rsa-sha2-')) return false;
    if (blob.length !== offered.data.length || !timingSafeEqual(blob, offered.data)) return false;
    if (offered.signature === undefined || offered.blob === undefined) return true;
    return key.verify(offered.blob, offered.signature, offered.hashAlgo as never) === true;
  });
}
