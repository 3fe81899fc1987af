import { HTTPS_ENDPOINT } from './patterns.js';
import { DEFAULT_API_PORT, type ProxmoxNodeSpec } from './proxmox-node.js';

/** Where to reach a ProxmoxNode, with the defaults the schema cannot express (port, SSH host). */

export interface ApiAddress {
  /** Host name, IPv4 address, or IPv6 address without brackets. */
  host: string;
  port: number;
  /** Base URL without a trailing slash and with the port, e.g. https://pve1.example.com:8006. */
  baseUrl: string;
}

const endpointRegex = new RegExp(HTTPS_ENDPOINT);

// Parsed with our own pattern rather than `new URL`, which hides an explicit :443 (the https
// default) and would make it indistinguishable from "no port", i.e. 8006.
export function apiAddress(spec: Pick<ProxmoxNodeSpec, 'endpoint'>): ApiAddress {
  const match = endpointRegex.exec(spec.endpoint);
  if (!match?.[1]) throw new Error(`endpoint ${JSON.stringify(spec.endpoint)} is not https://host[:port]`);
  const hostPart = match[1];
  const port = match[2] ? Number(match[2].slice(1)) : DEFAULT_API_PORT;
  const host = hostPart.startsWith('[') ? hostPart.slice(1, -1) : hostPart;
  return { host, port, baseUrl: `https://${hostPart}:${port}` };
}

/** The SSH host: `spec.ssh.host`, or else the API endpoint's host. */
export function sshHost(spec: Pick<ProxmoxNodeSpec, 'endpoint' | 'ssh'>): string {
  return spec.ssh?.host ?? apiAddress(spec).host;
}
