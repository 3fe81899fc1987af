import type { Command } from './command.js';
import { versionCommand } from './version.js';

/** Every subcommand, in the order `pve-operator --help` lists them. */
export const commands: Command[] = [versionCommand];
