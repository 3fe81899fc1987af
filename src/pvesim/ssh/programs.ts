/**
 * The honest little world a simulated command runs in: registered responses first, then the
 * few commands the simulator can answer truthfully (`true`, `false`, `echo`, `hostname`, `sh -c`
 * of those), on the host also `pct` and `pveversion`. Anything else is "not found", in the
 * words of whoever would have said so.
 */
import { echo } from './echo.js';
import { BASH, DASH, runShellScript, type ShellDialect } from './shell.js';
import { shellQuote } from './shell-words.js';
import type { SshResponseRegistry } from './response-registry.js';
import type { CommandResult } from './types.js';

export interface ExecutionContext {
  readonly node: string;
  /** The container the command runs in; undefined on the node itself. */
  readonly vmid: number | undefined;
  /** What `hostname` prints: the container's hostname, or the node name. */
  readonly hostname: string;
  readonly responses: SshResponseRegistry;
  /**
   * Commands the simulator itself answers, before any registered response (`pct exec`: its
   * container checks must not be bypassed). Undefined for commands it does not own.
   */
  readonly simulatorCommands?: (argv: readonly string[]) => CommandResult | undefined;
  /** Programs only the node has (`pveversion`, other `pct` commands), tried last. */
  readonly hostPrograms?: (argv: readonly string[]) => CommandResult | undefined;
}

const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', exitCode: 0 });

/** `/usr/bin/true` and `true` are the same program. */
export function programName(path: string): string {
  const match = /^\/(?:usr\/)?s?bin\/([^/]+)$/.exec(path);
  return match?.[1] ?? path;
}

const SHELLS: Record<string, ShellDialect> = { sh: DASH, dash: DASH, bash: BASH };

/**
 * Runs one command. `shell` is the shell that parsed it (its builtins apply), or undefined when
 * the command was exec'd directly, as `pct exec` does. Returns undefined for "not found".
 */
export function runCommand(argv: readonly string[], context: ExecutionContext, shell?: ShellDialect): CommandResult | undefined {
  const [command, ...args] = argv;
  if (command === undefined) return ok();
  const owned = context.simulatorCommands?.(argv);
  if (owned !== undefined) return owned;

  const response = context.responses.match(context.node, context.vmid, argv.map(shellQuote).join(' '));
  if (response !== undefined) {
    return { stdout: response.stdout ?? '', stderr: response.stderr ?? '', exitCode: response.exitCode };
  }
  if (shell !== undefined && command === 'echo') return echo(args, shell === DASH ? 'dash' : 'bash');

  const name = programName(command);
  switch (name) {
    case 'true':
      return ok();
    case 'false':
      return { stdout: '', stderr: '', exitCode: 1 };
    case 'echo':
      return echo(args, 'bash');
    case 'hostname':
      return hostname(args, context);
  }
  const dialect = SHELLS[name];
  if (dialect !== undefined) return runShell(name, args, context, dialect);
  return context.hostPrograms?.(argv);
}

function hostname(args: readonly string[], context: ExecutionContext): CommandResult {
  if (args.length === 0 || (args.length === 1 && args[0] === '-s')) return ok(`${context.hostname}\n`);
  return notSimulated(['hostname', ...args]);
}

/** `sh -c '<script>' [name [args…]]`: the script runs with the shell's own rules and texts. */
function runShell(name: string, args: readonly string[], context: ExecutionContext, dialect: ShellDialect): CommandResult {
  if (args[0] !== '-c') return notSimulated([name, ...args], 'a shell reading its script from standard input');
  const script = args[1];
  if (script === undefined) {
    const stderr = dialect === DASH ? `${name}: 0: -c requires an argument\n` : `${name}: -c: option requires an argument\n`;
    return { stdout: '', stderr, exitCode: 2 };
  }
  return runShellScript(script, dialect, (simple) => runCommand(simple.argv, context, dialect));
}

/** A real command whose output the simulator cannot know: say so instead of inventing it. */
export function notSimulated(argv: readonly string[], what = `'${argv.map(shellQuote).join(' ')}'`): CommandResult {
  return {
    stdout: '',
    stderr: `pvesim: ${what} is not simulated; register a response for it\n`,
    exitCode: 1,
  };
}
