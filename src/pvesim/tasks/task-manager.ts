import type { SimClock } from '../clock.js';
import { encodeUpid, type UpidParts } from './upid.js';

/** A worker task as `/nodes/{node}/tasks` reports it. */
export interface TaskRecord {
  upid: string;
  parts: UpidParts;
  lines: string[];
  status: 'running' | 'stopped';
  /** `OK`, `WARNINGS: n` or the error message; set when stopped. */
  exitstatus?: string;
  endtime?: number;
  /** Set by `DELETE /tasks/{upid}`; the worker sees it at its next step. */
  abortRequested: boolean;
}

/** What a worker may do: log, warn (counted toward `TASK WARNINGS: n`), and see an abort. */
export interface TaskContext {
  readonly upid: string;
  log(line: string): void;
  warn(line: string): void;
  readonly aborted: boolean;
}

export class TaskAbortedError extends Error {
  constructor() {
    super('received interrupt');
  }
}

/**
 * Runs workers the way `fork_worker` does: the UPID is known at once, the work runs afterwards,
 * and the log's last line is `TASK OK`, `TASK WARNINGS: n` or `TASK ERROR: <message>`.
 */
export class TaskManager {
  private readonly tasks = new Map<string, TaskRecord>();
  private nextPid = 0x29f00;
  private readonly settled = new Map<string, Promise<void>>();

  constructor(
    private readonly clock: SimClock,
    private readonly nodeBootSeconds: (node: string) => number,
    private readonly maxStoppedTasks = 50_000,
  ) {}

  start(node: string, type: string, id: string, user: string, work: (task: TaskContext) => Promise<void>): string {
    const starttime = this.clock.nowSeconds();
    const parts: UpidParts = {
      node,
      pid: this.nextPid++,
      pstart: Math.max(0, (starttime - this.nodeBootSeconds(node)) * 100),
      starttime,
      type,
      id,
      user,
    };
    const upid = encodeUpid(parts);
    const record: TaskRecord = { upid, parts, lines: [], status: 'running', abortRequested: false };
    this.tasks.set(upid, record);
    let warnings = 0;
    const context: TaskContext = {
      upid,
      log: (line) => record.lines.push(line),
      warn: (line) => {
        warnings++;
        record.lines.push(`WARN: ${line}`);
      },
      get aborted() {
        return record.abortRequested;
      },
    };
    const run = Promise.resolve()
      .then(() => work(context))
      .then(
        () => this.finish(record, warnings > 0 ? `WARNINGS: ${warnings}` : 'OK'),
        (error: unknown) => this.finish(record, errorText(error)),
      );
    this.settled.set(upid, run);
    return upid;
  }

  private finish(record: TaskRecord, exitstatus: string): void {
    record.lines.push(exitstatus === 'OK' || exitstatus.startsWith('WARNINGS: ') ? `TASK ${exitstatus}` : `TASK ERROR: ${exitstatus}`);
    record.status = 'stopped';
    record.exitstatus = exitstatus;
    record.endtime = this.clock.nowSeconds();
    this.settled.delete(record.upid);
    this.prune();
  }

  get(upid: string): TaskRecord | undefined {
    return this.tasks.get(upid);
  }

  all(): TaskRecord[] {
    return [...this.tasks.values()];
  }

  /** Resolves when the task has ended (for tests and the in-process API). */
  async waitFor(upid: string): Promise<TaskRecord | undefined> {
    await this.settled.get(upid);
    return this.tasks.get(upid);
  }

  /** Resolves when no task is running. */
  async idle(): Promise<void> {
    while (this.settled.size > 0) await Promise.all([...this.settled.values()]);
  }

  requestAbort(upid: string): void {
    const record = this.tasks.get(upid);
    if (record && record.status === 'running') record.abortRequested = true;
  }

  /** Restores a finished task from saved state. */
  restore(record: TaskRecord): void {
    this.tasks.set(record.upid, record);
    this.nextPid = Math.max(this.nextPid, record.parts.pid + 1);
  }

  private prune(): void {
    if (this.tasks.size <= this.maxStoppedTasks) return;
    for (const [upid, record] of this.tasks) {
      if (this.tasks.size <= this.maxStoppedTasks) break;
      if (record.status === 'stopped') this.tasks.delete(upid);
    }
  }
}

/** The message as the task log shows it: newlines become spaces, trailing whitespace dropped. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+$/, '').replace(/\n/g, ' ');
}
