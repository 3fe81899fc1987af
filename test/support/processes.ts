import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import net from 'node:net';

const reaperScript = fileURLToPath(new URL('./reaper.mjs', import.meta.url));

/** A free TCP port on loopback. The tiny race until the server binds it is acceptable for tests. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The last lines each server process printed, for the error when it dies during start-up. */
const recentOutput = new WeakMap<ChildProcess, string[]>();

/**
 * Starts a server process whose output goes to a log file, and a detached reaper that kills it
 * if this process dies without stopping it (SIGKILL, a crash): no orphan survives a test run.
 */
export function startServerProcess(command: string, args: string[], logFile: string, scratchDirectory?: string): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  recentOutput.set(child, recent);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(log);
    stream?.on('data', (chunk: Buffer) => {
      recent.push(...chunk.toString().trimEnd().split('\n'));
      recent.splice(0, recent.length - 15);
    });
  }
  if (child.pid !== undefined) guardProcess(child.pid, scratchDirectory);
  return child;
}

/** Registers `pid` with a reaper that SIGKILLs it once this process is gone, then removes `scratchDirectory`. */
export function guardProcess(pid: number, scratchDirectory?: string): void {
  const removal = scratchDirectory ? ['--remove', scratchDirectory] : [];
  const reaper = spawn(process.execPath, [reaperScript, String(process.pid), String(pid), ...removal], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Why a server process can no longer become ready, or undefined while it runs. */
export function exitReason(child: ChildProcess, name: string): Error | undefined {
  if (child.exitCode === null && child.signalCode === null) return undefined;
  // The output goes into the message: a failed start removes the scratch directory with the log.
  const tail = recentOutput.get(child)?.join('\n') || '(no output)';
  return new Error(`${name} exited (${child.exitCode ?? child.signalCode}); it printed last:\n${tail}`);
}

/**
 * Polls `probe` until it resolves true; rejects with `what` and the last error after `timeoutMs`,
 * or at once when `fatal` reports that waiting longer cannot help (the process has exited).
 */
export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number, fatal: () => Error | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const reason = fatal();
    if (reason) throw reason;
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
}
