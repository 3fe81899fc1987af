import type { HandlerContext, SimContext } from '../context.js';
import type { Container } from '../state/container.js';
import { markRunning, markStopped } from '../state/guest-runtime.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { withPropertyValue } from './config-values.js';
import { startGuestTask } from './lxc-common.js';
import { mountPoints, mountType } from './mount-points.js';
import { mapStorage, type StorageMap } from './storage-map.js';

export interface MigrateRequest {
  container: Container;
  target: string;
  restart: boolean;
  online: boolean;
  storageMap?: StorageMap;
}

/** AbstractMigrate's log: every line prefixed with the local time, errors with `ERROR:`. */
class MigrationLog {
  readonly startMs: number;

  constructor(
    private readonly sim: SimContext,
    private readonly task: TaskContext,
  ) {
    this.startMs = sim.clock.nowMs();
  }

  private stamp(): string {
    return new Date(this.sim.clock.nowMs()).toISOString().replace('T', ' ').slice(0, 19);
  }

  info(line: string): void {
    this.task.log(`${this.stamp()} ${line}`);
  }

  error(line: string): void {
    this.task.log(`${this.stamp()} ERROR: ${line}`);
  }

  duration(): string {
    const seconds = Math.max(0, Math.floor((this.sim.clock.nowMs() - this.startMs) / 1000));
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  }
}

/** LXC::Migrate prepare: checks, the target's reachability, and the restart mode's shutdown. */
function prepare(sim: SimContext, request: MigrateRequest, log: MigrationLog): boolean {
  const { container } = request;
  const lock = container.config.lock;
  if (lock !== undefined) throw new Error(`CT is locked (${lock})`);
  const running = container.runtime.status === 'running';
  if (running && request.online) throw new Error('lxc live migration is currently not implemented');
  if (running && !request.restart) throw new Error('running container can only be migrated in restart mode');
  for (const point of mountPoints(sim, container.config)) {
    const type = mountType(point);
    if (type !== 'volume') throw new Error(`cannot migrate local ${type} mount point '${point.key}'`);
    if (!point.storage) throw new Error(`can't determine assigned storage for mount point '${point.key}'`);
    if (!point.storage.enabled) throw new Error(`storage '${point.storage.id}' is disabled`);
    if (!point.storage.content.includes('rootdir')) throw new Error(`content type 'rootdir' is not available on storage '${point.storage.id}'`);
    const targetSid = point.storage.shared ? point.storage.id : mapStorage(request.storageMap, point.storage.id);
    const targetSpec = sim.state.storages.spec(targetSid);
    if (!targetSpec) throw new Error(`storage '${targetSid}' does not exist`);
    if (!targetSpec.content.includes('rootdir')) throw new Error(`${point.volume}: content type 'rootdir' is not available on storage '${targetSid}'`);
  }
  if (!sim.state.nodes.get(request.target)?.online) throw new Error("Can't connect to destination address using public key");
  if (running) {
    log.info(`shutdown CT ${container.vmid}`);
    markStopped(sim.state, container);
  }
  return running;
}

/** Phase 1 opens: the log line and the `migrate` lock, visible while the copy runs. */
function beginPhase1(sim: SimContext, request: MigrateRequest, log: MigrationLog): void {
  const nodeIp = `192.0.2.${[...sim.state.nodes.keys()].indexOf(request.target) + 11}`;
  log.info(`starting migration of CT ${request.container.vmid} to node '${request.target}' (${nodeIp})`);
  request.container.config.lock = 'migrate';
}

/** Phase 1 proper: copy the local volumes to the target and move the config there. */
function copyAndMove(sim: SimContext, request: MigrateRequest, log: MigrationLog): void {
  const { container, target } = request;
  const source = container.node;
  const local = mountPoints(sim, container.config).filter((point) => point.storage && !point.storage.shared);
  for (const point of [...local].sort((a, b) => a.volume.localeCompare(b.volume))) log.info(`found local volume '${point.volume}' (in current VM config)`);
  for (const point of local) {
    const sid = point.storage!.id;
    const targetSid = mapStorage(request.storageMap, sid);
    try {
      const moved = moveVolume(sim, container, source, target, sid, targetSid, point.volname!);
      container.config[point.key] = withPropertyValue(point.key, point.value, 'volume', moved);
      log.info(`volume '${point.volume}' is '${moved}' on the target`);
    } catch (error) {
      throw new Error(`storage migration for '${point.volume}' to storage '${targetSid}' failed - ${message(error)}`);
    }
  }
  container.node = target;
}

/** storage_migrate: the same storage on the target node, or a new disk on a mapped storage. */
function moveVolume(sim: SimContext, container: Container, source: string, target: string, sid: string, targetSid: string, volname: string): string {
  const storages = sim.state.storages;
  if (targetSid === sid) {
    storages.migrate(source, target, sid, volname);
    return `${sid}:${volname}`;
  }
  const size = storages.find(source, sid, volname)?.sizeBytes ?? 0;
  const volume = storages.allocateDisk(target, targetSid, container.vmid, size, sim.clock.nowSeconds());
  storages.free(source, sid, volname);
  return `${targetSid}:${volume.volname}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One migration run by AbstractMigrate: prepare, phase 1, final clean-up, and its log. */
class Migration {
  private log!: MigrationLog;
  private wasRunning = false;

  constructor(
    private readonly sim: SimContext,
    private readonly request: MigrateRequest,
  ) {}

  begin(task: TaskContext): void {
    this.log = new MigrationLog(this.sim, task);
    try {
      this.wasRunning = prepare(this.sim, this.request, this.log);
    } catch (error) {
      this.abort(error);
    }
    beginPhase1(this.sim, this.request, this.log);
  }

  complete(): void {
    try {
      copyAndMove(this.sim, this.request, this.log);
    } catch (error) {
      this.log.error(message(error));
      this.log.info('aborting phase 1 - cleanup resources');
      this.finalCleanup('source');
      this.abort(error);
    }
    this.finalCleanup('target');
    this.log.info(`migration finished successfully (duration ${this.log.duration()})`);
  }

  /** Drops the `migrate` lock; in restart mode the CT starts again where its config now is. */
  private finalCleanup(where: 'source' | 'target'): void {
    const { container } = this.request;
    this.log.info('start final cleanup');
    if (container.config.lock === 'migrate') delete container.config.lock;
    if (!this.request.restart || !this.wasRunning) return;
    this.log.info(`start container on ${where} node`);
    markRunning(this.sim.state, container, this.sim.clock.nowMs(), this.sim.timing.dhcpDelayMs);
  }

  private abort(error: unknown): never {
    this.log.error(`migration aborted (duration ${this.log.duration()}): ${message(error)}`);
    throw new Error('migration aborted');
  }
}

/** The `vzmigrate` worker, holding the config flock for the whole migration (lock_vm). */
export function startMigrateTask(context: HandlerContext, request: MigrateRequest): string {
  const migration = new Migration(context.sim, request);
  return startGuestTask(context, {
    type: 'vzmigrate',
    vmid: request.container.vmid,
    lock: true,
    failureText: () => 'migration aborted',
    prepare: (task) => migration.begin(task),
    finish: () => migration.complete(),
    onFailure: () => {
      if (request.container.config.lock === 'migrate') delete request.container.config.lock;
    },
  });
}
