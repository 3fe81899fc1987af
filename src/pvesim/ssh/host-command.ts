/**
 * One SSH `exec` request on a simulated node: the command line is parsed by the login shell
 * (bash, as root's shell on PVE), and its simple commands run on the node — `pct` reaching into
 * containers through GuestAccess.
 */
import { SIMULATED_PCT_COMMANDS, runPct } from './pct.js';
import { programName, runCommand, type ExecutionContext } from './programs.js';
import { BASH, runShellScript } from './shell.js';
import type { SshResponseRegistry } from './response-registry.js';
import type { CommandResult, GuestAccess } from './types.js';

export interface HostSession {
  readonly node: string;
  /** The SSH login name (`root`). */
  readonly user: string;
  readonly guests: GuestAccess;
  readonly responses: SshResponseRegistry;
  /** The pve-manager version `pveversion` reports. */
  readonly pveVersion: string;
}

/** The repository id and kernel the rest of the simulator reports (`/version`, node status). */
const REPOSITORY_ID = 'c3a1f0d7b2e94a65';
const KERNEL_RELEASE = '6.14.8-2-pve';

export function runHostCommandLine(commandLine: string, session: HostSession): CommandResult {
  const guestContext = (vmid: number, hostname: string): ExecutionContext => ({
    node: session.node,
    vmid,
    hostname,
    responses: session.responses,
  });
  const pctContext = { node: session.node, user: session.user, guests: session.guests, guestContext };
  const hostContext: ExecutionContext = {
    node: session.node,
    vmid: undefined,
    hostname: session.node,
    responses: session.responses,
    simulatorCommands: (argv) => {
      const [command = '', subcommand = ''] = argv;
      return programName(command) === 'pct' && SIMULATED_PCT_COMMANDS.has(subcommand) ? runPct(argv.slice(1), pctContext) : undefined;
    },
    hostPrograms: (argv) => {
      const [command = '', ...args] = argv;
      if (programName(command) === 'pct') return runPct(args, pctContext);
      if (programName(command) === 'pveversion') {
        return { stdout: `pve-manager/${session.pveVersion}/${REPOSITORY_ID} (running kernel: ${KERNEL_RELEASE})\n`, stderr: '', exitCode: 0 };
      }
      return undefined;
    },
  };
  return runShellScript(commandLine, BASH, (simple) => runCommand(simple.argv, hostContext, BASH));
}
