import type { Container } from './container.js';
import { DEFAULT_TEMPLATES, GIB, Storages, type StorageSpec } from './storage.js';

export interface NodeState {
  name: string;
  online: boolean;
  cpus: number;
  memoryBytes: number;
  /** Clock milliseconds at which the node booted (uptime, task `pstart`). */
  bootedAtMs: number;
  /** SHA-256 fingerprint of the node's API certificate, shown in `/nodes`. */
  sslFingerprint: string;
}

export interface BridgeState {
  name: string;
  mtu: number;
  /** First three octets of the /24 the bridge's DHCP server hands out from (`10.10.0`). */
  dhcpPrefix: string;
}

export interface DatacenterOptions {
  nextId?: { lower: number; upper: number };
  macPrefix: string;
  console?: string;
}

/** The whole simulated cluster: one VMID space over several nodes. */
export class ClusterState {
  readonly nodes = new Map<string, NodeState>();
  readonly containers = new Map<number, Container>();
  readonly bridges = new Map<string, BridgeState>();
  /** Addresses leased per bridge, so two guests never share one. */
  readonly leasesInUse = new Map<string, Set<number>>();
  readonly storages: Storages;
  datacenter: DatacenterOptions = { macPrefix: 'BC:24:11' };
  /** Resource pools and their members (`pool` at create adds the CT). */
  readonly pools = new Map<string, Set<number>>();

  constructor(
    readonly clusterName: string,
    nodeNames: string[],
    storageSpecs: StorageSpec[],
    nowMs: number,
    sslFingerprint: string,
  ) {
    for (const name of nodeNames) {
      this.nodes.set(name, { name, online: true, cpus: 16, memoryBytes: 64 * GIB, bootedAtMs: nowMs - 86_400_000, sslFingerprint });
    }
    this.storages = new Storages(storageSpecs);
    for (const [index, name] of ['vmbr0', 'vmbr1'].entries()) {
      this.bridges.set(name, { name, mtu: 1500, dhcpPrefix: `10.${10 + index}.0` });
    }
    const nowSeconds = Math.floor(nowMs / 1000);
    for (const node of nodeNames) {
      for (const template of DEFAULT_TEMPLATES) {
        this.storages.put(node, {
          storage: 'local',
          volname: `vztmpl/${template.file}`,
          content: 'vztmpl',
          sizeBytes: template.sizeBytes,
          ctime: nowSeconds - 30 * 86_400,
        });
      }
    }
  }

  /** Corosync quorum: more than half of the nodes are online. */
  quorate(): boolean {
    let online = 0;
    for (const node of this.nodes.values()) if (node.online) online++;
    return online * 2 > this.nodes.size;
  }

  containersOn(node: string): Container[] {
    const found: Container[] = [];
    for (const container of this.containers.values()) if (container.node === node) found.push(container);
    return found;
  }

  /** Leases the lowest free host address of the bridge's /24 (from .100). */
  leaseAddress(bridge: string): string | undefined {
    const state = this.bridges.get(bridge);
    if (!state) return undefined;
    let used = this.leasesInUse.get(bridge);
    if (!used) this.leasesInUse.set(bridge, (used = new Set()));
    for (let host = 100; host < 255; host++) {
      if (!used.has(host)) {
        used.add(host);
        return `${state.dhcpPrefix}.${host}/24`;
      }
    }
    return undefined;
  }

  /** Marks an address as leased again (after loading saved state). */
  claimAddress(bridge: string, address: string): void {
    let used = this.leasesInUse.get(bridge);
    if (!used) this.leasesInUse.set(bridge, (used = new Set()));
    used.add(Number(address.split('/')[0]?.split('.')[3]));
  }

  releaseAddress(bridge: string, address: string): void {
    const host = Number(address.split('/')[0]?.split('.')[3]);
    this.leasesInUse.get(bridge)?.delete(host);
  }
}

export function defaultStorages(): StorageSpec[] {
  return [
    { id: 'local', type: 'dir', content: ['vztmpl', 'iso', 'backup'], shared: false, capacityBytes: 100 * GIB, enabled: true },
    { id: 'local-lvm', type: 'lvmthin', content: ['rootdir', 'images'], shared: false, capacityBytes: 400 * GIB, enabled: true },
  ];
}
