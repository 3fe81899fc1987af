/**
 * The node's SSH host key: given as a PEM/OpenSSH private key, or a fresh ed25519 key (created
 * with node:crypto by ssh2's key helper, in the OpenSSH format ssh2 reads). Its fingerprint is
 * printed as OpenSSH does: `SHA256:` and the unpadded base64 of the SHA-256 of the public key
 * blob.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';

export interface HostKey {
  readonly privateKey: string;
  readonly fingerprint: string;
}

export function loadOrCreateHostKey(privateKeyPem?: string): HostKey {
  const privateKey = privateKeyPem ?? ssh2.utils.generateKeyPairSync('ed25519').private;
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new Error(`unusable SSH host key: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined) throw new Error('unusable SSH host key: no key found');
  return { privateKey, fingerprint: sshFingerprint(key.getPublicSSH()) };
}

/** OpenSSH's `SHA256:<base64>` fingerprint of a public key blob. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}
