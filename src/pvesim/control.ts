import type { AccessControl, TokenSpec, UserSpec } from './auth/access.js';
import type { AclEntry } from './auth/permissions.js';
import type { SimContext } from './context.js';
import type { FaultInjector } from './faults.js';
import type { RecordedRequest, RequestRecorder } from './recorder.js';
import type { Container, GuestBehaviour } from './state/container.js';
import { GIB, type StorageSpec } from './state/storage.js';
import type { TaskRecord } from './tasks/task-manager.js';
import type { Timing } from './timing.js';

/** A container as the control API shows it: config sections plus run-time facts. */
export interface ContainerView {
  vmid: number;
  node: string;
  config: Record<string, string>;
  pending: Record<string, string>;
  pendingDelete: string[];
  status: 'running' | 'stopped';
  leases: Record<string, string>;
  behaviour: GuestBehaviour;
}

export interface TaskView {
  upid: string;
  node: string;
  type: string;
  id: string;
  user: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  log: string[];
}

function containerView(container: Container): ContainerView {
  const leases: Record<string, string> = {};
  for (const [key, lease] of Object.entries(container.runtime.leases)) leases[key] = lease.split('|')[1] ?? '';
  return {
    vmid: container.vmid,
    node: container.node,
    config: { ...container.config },
    pending: { ...container.pending },
    pendingDelete: Object.keys(container.pendingDelete),
    status: container.runtime.status,
    leases,
    behaviour: { ...container.behaviour },
  };
}

function taskView(task: TaskRecord): TaskView {
  const view: TaskView = { upid: task.upid, node: task.parts.node, type: task.parts.type, id: task.parts.id, user: task.parts.user, status: task.status, log: [...task.lines] };
  if (task.exitstatus !== undefined) view.exitstatus = task.exitstatus;
  return view;
}

/**
 * What a test (or the admin HTTP API) may see and change beyond the PVE API: the cluster's
 * state, guest behaviour, time, timings, faults, users and ACLs, and the request record.
 */
export class SimulatorControl {
  constructor(
    private readonly sim: SimContext,
    private readonly recorder: RequestRecorder,
  ) {}

  get faults(): FaultInjector {
    return this.sim.faults;
  }

  get access(): AccessControl {
    return this.sim.access;
  }

  containers(): ContainerView[] {
    return [...this.sim.state.containers.values()].map(containerView);
  }

  container(vmid: number): ContainerView | undefined {
    const container = this.sim.state.containers.get(vmid);
    return container ? containerView(container) : undefined;
  }

  setGuestBehaviour(vmid: number, behaviour: Partial<GuestBehaviour>): void {
    const container = this.sim.state.containers.get(vmid);
    if (!container) throw new Error(`container ${vmid} does not exist`);
    container.behaviour = { ...container.behaviour, ...behaviour };
  }

  tasks(): TaskView[] {
    return this.sim.tasks.all().map(taskView);
  }

  /** Resolves with the task once it has ended. */
  async waitForTask(upid: string): Promise<TaskView | undefined> {
    const task = await this.sim.tasks.waitFor(upid);
    return task ? taskView(task) : undefined;
  }

  /** Resolves when no worker task is running. */
  idle(): Promise<void> {
    return this.sim.tasks.idle();
  }

  /** Lets pvestatd take a new sample now instead of at its next 10 s tick. */
  refreshResources(): void {
    this.sim.resources.refresh();
  }

  /** Moves the simulator's clock forward (ticket expiry, uptime); timers are unaffected. */
  advanceClock(ms: number): void {
    this.sim.clock.advance(ms);
  }

  timing(): Timing {
    return structuredClone(this.sim.timing);
  }

  setTiming(timing: Partial<Timing>): void {
    Object.assign(this.sim.timing, timing);
    if (timing.resourcesRefreshMs !== undefined) this.sim.resources.start(timing.resourcesRefreshMs);
  }

  setNodeOnline(node: string, online: boolean): void {
    const state = this.sim.state.nodes.get(node);
    if (!state) throw new Error(`node '${node}' does not exist`);
    state.online = online;
  }

  /** Adds a template file to a storage on one node, or on every node. */
  addTemplate(storage: string, file: string, sizeBytes = 128 * 1024 ** 2, node?: string): void {
    const nodes = node === undefined ? [...this.sim.state.nodes.keys()] : [node];
    for (const name of nodes) {
      this.sim.state.storages.put(name, { storage, volname: `vztmpl/${file}`, content: 'vztmpl', sizeBytes, ctime: this.sim.clock.nowSeconds() });
    }
  }

  /** Adds a storage or changes one (capacity, enabled, content). */
  setStorage(id: string, changes: Partial<Omit<StorageSpec, 'id'>>): void {
    const existing = this.sim.state.storages.spec(id);
    const base: StorageSpec = existing ?? { id, type: 'lvmthin', content: ['rootdir', 'images'], shared: false, capacityBytes: 100 * GIB, enabled: true };
    this.sim.state.storages.addStorage({ ...base, ...changes, id });
  }

  /** Adds a bridge on every node; its DHCP server hands out `<dhcpPrefix>.100`–`.254`/24. */
  addBridge(name: string, dhcpPrefix: string, mtu = 1500): void {
    this.sim.state.bridges.set(name, { name, dhcpPrefix, mtu });
  }

  /** Creates a resource pool that `pool=` at create may name. */
  addPool(pool: string): void {
    if (!this.sim.state.pools.has(pool)) this.sim.state.pools.set(pool, new Set());
  }

  addUser(user: UserSpec): void {
    this.sim.access.addUser(user);
  }

  addToken(token: TokenSpec): void {
    this.sim.access.addToken(token);
  }

  setAcl(entry: AclEntry): void {
    this.sim.access.setAcl(entry);
  }

  removeAcl(entry: Pick<AclEntry, 'path' | 'ugid' | 'role'>): void {
    this.sim.access.removeAcl(entry);
  }

  /** Sizes and this process's memory, for benchmarks and dashboards. */
  stats(): { containers: number; tasks: number; memory: NodeJS.MemoryUsage } {
    return { containers: this.sim.state.containers.size, tasks: this.sim.tasks.all().length, memory: process.memoryUsage() };
  }

  requests(): RecordedRequest[] {
    return this.recorder.list();
  }

  clearRequests(): void {
    this.recorder.clear();
  }
}
