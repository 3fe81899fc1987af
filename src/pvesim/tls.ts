import { X509Certificate } from 'node:crypto';
import selfsigned from 'selfsigned';

/** The API's TLS identity: a cluster CA (like `pve-root-ca.pem`) and the node certificate it signed. */
export interface TlsMaterial {
  keyPem: string;
  certPem: string;
  caPem: string;
  /** SHA-256 of the node certificate, colon-separated upper-case hex, as PVE shows it. */
  fingerprint: string;
}

export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Generates a CA and a server certificate for `hosts` (names and IP addresses). */
export async function generateTlsMaterial(hosts: string[]): Promise<TlsMaterial> {
  const notAfterDate = new Date(Date.now() + 2 * 365 * 86_400_000);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Proxmox Virtual Environment (simulated)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const altNames = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])].map((host) =>
    /^[\d.]+$|:/.test(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host },
  );
  const leaf = await selfsigned.generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { keyPem: leaf.private, certPem: leaf.cert, caPem: ca.cert, fingerprint: certificateFingerprint(leaf.cert) };
}
