import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { TlsMaterial } from '../tls.js';
import { certificateFingerprint } from '../tls.js';

/**
 * Keys that make a restarted simulator the same cluster to its clients: the ticket signing key
 * (tickets stay valid), the TLS certificate (pinned fingerprints stay right) and the SSH host
 * keys (known_hosts stays right). Files are written readable by the owner only.
 */
function readOrCreate(directory: string, file: string, create: () => string): string {
  const path = join(directory, file);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    mkdirSync(directory, { recursive: true });
    const content = create();
    writeFileSync(path, content, { mode: 0o600 });
    return content;
  }
}

export function ticketKey(directory: string): Buffer {
  return Buffer.from(readOrCreate(directory, 'authkey.key', () => randomBytes(32).toString('hex')), 'hex');
}

export async function persistentTls(directory: string, generate: () => Promise<TlsMaterial>): Promise<TlsMaterial> {
  const files = ['pve-ssl.key', 'pve-ssl.pem', 'pve-root-ca.pem'].map((file) => join(directory, file));
  try {
    const [keyPem, certPem, caPem] = files.map((file) => readFileSync(file, 'utf8')) as [string, string, string];
    return { keyPem, certPem, caPem, fingerprint: certificateFingerprint(certPem) };
  } catch {
    const material = await generate();
    mkdirSync(directory, { recursive: true });
    [material.keyPem, material.certPem, material.caPem].forEach((content, index) => writeFileSync(files[index]!, content, { mode: 0o600 }));
    return material;
  }
}

export function sshHostKey(directory: string, node: string): string {
  return readOrCreate(directory, `ssh_host_ed25519_key.${node}`, () => ssh2.utils.generateKeyPairSync('ed25519').private);
}
