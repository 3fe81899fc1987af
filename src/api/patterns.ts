/**
 * Regular expressions shared by the zod schemas (JavaScript) and the CRDs (Go RE2 in the apiserver):
 * only the common subset is used (no lookaround, no backreferences, bounded repeats ≤ 1000).
 */

const label = '[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?';

/** An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, ≤ 63 each. */
export const HOSTNAME = `^${label}(\\.${label})*$`;

/** One RFC 1123 label, the form of a Proxmox node name. */
export const DNS_LABEL = `^${label}$`;

/** A Kubernetes object name (RFC 1123 subdomain, lower case). */
export const OBJECT_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/** A key inside a Secret or ConfigMap. */
export const DATA_KEY = '^[-._a-zA-Z0-9]+$';

/** A Proxmox storage ID (`pve-storage-id`), e.g. `local-lvm`. */
export const STORAGE_ID = '^[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]$';

/** An OS template volume on a storage, e.g. `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`. */
export const OS_TEMPLATE_VOLUME = '^[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]:vztmpl/[^\\s,;=]+$';

/** An existing volume, e.g. `local-lvm:vm-101-disk-1`. */
export const VOLUME_ID = '^[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]:[^\\s,;=]+$';

/** An absolute path without characters that would break a Proxmox property string. */
export const ABSOLUTE_PATH = '^/[^\\s,;=]*$';

/** A Linux bridge or SDN VNet name, e.g. `vmbr0`. */
export const BRIDGE = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$';

/** A network interface name inside the container, e.g. `eth0` (Linux allows 15 characters). */
export const INTERFACE_NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$';

/** A unicast MAC address: the low bit of the first octet (the group bit) is clear. */
export const UNICAST_MAC = '^[0-9A-Fa-f][02468AaCcEe](:[0-9A-Fa-f]{2}){5}$';

/** The SHA-256 fingerprint of a TLS certificate as Proxmox shows it: 32 colon-separated hex pairs. */
export const TLS_FINGERPRINT_SHA256 = '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$';

/** An SSH host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:` and unpadded base64. */
export const SSH_FINGERPRINT_SHA256 = '^SHA256:[A-Za-z0-9+/]{43}=?$';

/** A Proxmox API token ID: `USER@REALM!TOKENNAME`, e.g. `operator@pve!k8s`. */
export const API_TOKEN_ID = '^[^\\s:@!]+@[A-Za-z][A-Za-z0-9._-]*![A-Za-z][A-Za-z0-9._-]*$';

/** A Proxmox user: `USER@REALM`, e.g. `root@pam`. */
export const PVE_USER = '^[^\\s:@!]+@[A-Za-z][A-Za-z0-9._-]*$';

/** An HTTPS endpoint without a path: `https://host`, `https://host:port`, `https://[v6]:port`. */
export const HTTPS_ENDPOINT = '^https://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?/?$';

/** A Proxmox tag as stored without rewriting: lower case, so PVE does not normalise it into drift. */
export const TAG = '^[a-z0-9_][a-z0-9_+.-]*$';

/** A Proxmox resource pool ID. */
export const POOL_ID = '^[A-Za-z0-9_][A-Za-z0-9_-]*$';

/** `host`, or a zone.tab name such as `Europe/Berlin`. */
export const TIMEZONE = '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$';

/** A public key line for authorized_keys: type, base64 body, optional comment. */
export const SSH_PUBLIC_KEY = '^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com) [A-Za-z0-9+/]+=*( [^\\n\\r]*)?$';

/** A condition type (PascalCase, optionally prefixed by a DNS subdomain), as metav1.Condition. */
export const CONDITION_TYPE = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';

/** A condition reason (CamelCase), as metav1.Condition. */
export const CONDITION_REASON = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';
