/**
 * The `pct` command line of a simulated node (pve-container `src/PVE/CLI/pct.pm`) for what an
 * operator does over SSH: `pct exec <vmid> -- <command…>`, `pct set <vmid> --features …` and
 * `pct status <vmid>`. Failures print what the Perl CLI dies with and exit 255, Perl's exit
 * status for an uncaught `die`.
 */
import { checkProperty } from '../schema/check.js';
import { endpointSchema } from '../schema/validate.js';
import { runCommand, notSimulated, type ExecutionContext } from './programs.js';
import type { CommandResult, GuestAccess } from './types.js';

export interface PctContext {
  readonly node: string;
  /** The SSH login name; pct refuses to run for anyone but root. */
  readonly user: string;
  readonly guests: GuestAccess;
  readonly guestContext: (vmid: number, hostname: string) => ExecutionContext;
}

const die = (message: string): CommandResult => ({ stdout: '', stderr: message, exitCode: 255 });

/** What the simulator answers itself; other pct commands can be given registered responses. */
export const SIMULATED_PCT_COMMANDS: ReadonlySet<string> = new Set(['exec', 'set', 'status']);

const USAGE: Record<string, string> = {
  exec: 'pct exec <vmid> [<extra-args>] [OPTIONS]',
  set: 'pct set <vmid> [OPTIONS]',
  status: 'pct status <vmid> [OPTIONS]',
};

export function runPct(args: readonly string[], context: PctContext): CommandResult {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined) return die('ERROR: no command specified\n');
  const usage = USAGE[subcommand];
  if (usage === undefined) return notSimulated(['pct', ...args], `'pct ${subcommand}'`);
  if (context.user !== 'root') return die('please run as root\n');

  const vmidText = rest[0];
  if (vmidText === undefined || vmidText.startsWith('-')) return die(`400 not enough arguments\n${usage}\n`);
  const vmidError = checkVmid(vmidText);
  if (vmidError !== undefined) return die(`400 Parameter verification failed.\nvmid: ${vmidError}\n${usage}\n`);
  const vmid = Number(vmidText);

  const options = rest.slice(1);
  if (subcommand === 'exec') return pctExec(vmid, options, context);
  if (subcommand === 'set') return pctSet(vmid, options, context);
  return pctStatus(vmid, options, context);
}

function checkVmid(text: string): string | undefined {
  const errors: Record<string, string> = {};
  const schema = endpointSchema('GET', '/nodes/{node}/lxc/{vmid}').properties.vmid;
  if (schema !== undefined) checkProperty(text, schema, 'vmid', errors);
  return errors.vmid;
}

function configMissing(node: string, vmid: number): CommandResult {
  return die(`Configuration file 'nodes/${node}/lxc/${vmid}.conf' does not exist\n`);
}

/**
 * pct.pm exec: the CT must be configured here and running, then the command is exec'd by
 * lxc-attach without a shell; its output and exit status pass straight through. No lock is
 * checked and no task is created.
 */
function pctExec(vmid: number, options: readonly string[], context: PctContext): CommandResult {
  const parsed = splitExecArguments(options);
  if ('unknown' in parsed) return die(`Unknown option: ${parsed.unknown}\n400 unable to parse option\n${USAGE.exec}\n`);
  const { command } = parsed;

  const guest = context.guests.lookup(vmid);
  if (guest === undefined) return configMissing(context.node, vmid);
  if (guest.status !== 'running') return die(`container '${vmid}' not running!\n`);
  if (command.length === 0) return die('missing command at /usr/share/perl5/PVE/CLI/pct.pm line 246.\n');

  const result = runCommand(command, context.guestContext(vmid, guest.hostname));
  return result ?? lxcAttachNotFound(vmid, command[0] ?? '');
}

/** Getopt::Long as PVE configures it: `--keep-env V`, then `--` and the command (or bare words). */
function splitExecArguments(options: readonly string[]): { command: string[] } | { unknown: string } {
  const command: string[] = [];
  for (let index = 0; index < options.length; index += 1) {
    const arg = options[index] ?? '';
    if (arg === '--') {
      command.push(...options.slice(index + 1));
      break;
    }
    if (/^--?keep-env=/.test(arg)) continue;
    if (/^--?keep-env$/.test(arg)) {
      index += 1;
      continue;
    }
    if (arg.startsWith('-')) return { unknown: arg.replace(/^--?/, '') };
    command.push(arg);
  }
  return { command };
}

/** lxc-attach's own message when execvp fails with ENOENT (lxc src/lxc/attach.c). */
function lxcAttachNotFound(vmid: number, program: string): CommandResult {
  return {
    stdout: '',
    stderr: `lxc-attach: ${vmid}: ../src/lxc/attach.c: lxc_attach_run_command: 1845 No such file or directory - Failed to exec "${program}"\n`,
    exitCode: 127,
  };
}

/** pct set runs the config update API as root@pam on this node; only --features is simulated. */
function pctSet(vmid: number, options: readonly string[], context: PctContext): CommandResult {
  const features = featuresOption(options);
  if (features === undefined) return notSimulated(['pct', 'set', String(vmid), ...options], "'pct set' without exactly one --features");

  const schema = endpointSchema('PUT', '/nodes/{node}/lxc/{vmid}/config').properties.features;
  const errors: Record<string, string> = {};
  if (schema !== undefined) checkProperty(features, schema, 'features', errors);
  if (errors.features !== undefined) {
    return die(`400 Parameter verification failed.\nfeatures: ${errors.features}\n${USAGE.set}\n`);
  }

  const guest = context.guests.lookup(vmid);
  if (guest === undefined) return configMissing(context.node, vmid);
  if (guest.locked !== undefined && guest.locked !== '') return die(`CT is locked (${guest.locked})\n`);
  const outcome = context.guests.setFeatures(vmid, features, 'root@pam');
  if (!outcome.ok) return die(outcome.message.endsWith('\n') ? outcome.message : `${outcome.message}\n`);
  return { stdout: '', stderr: '', exitCode: 0 };
}

/** `--features V`, `-features V` or `--features=V`, and nothing else. */
function featuresOption(options: readonly string[]): string | undefined {
  if (options.length === 1) return /^--?features=(.*)$/s.exec(options[0] ?? '')?.[1];
  if (options.length === 2 && /^--?features$/.test(options[0] ?? '')) return options[1];
  return undefined;
}

function pctStatus(vmid: number, options: readonly string[], context: PctContext): CommandResult {
  if (options.length > 0) return notSimulated(['pct', 'status', String(vmid), ...options]);
  const guest = context.guests.lookup(vmid);
  if (guest === undefined) return configMissing(context.node, vmid);
  return { stdout: `status: ${guest.status}\n`, stderr: '', exitCode: 0 };
}
