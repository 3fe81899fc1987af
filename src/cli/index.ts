import type { Command } from './command.js';
import { crdsCommand } from './crds.js';
import { migrateCommand } from './migrate.js';
import { simCommand } from './sim.js';
import { versionCommand } from './version.js';

/** Every subcommand, in the order `pve-operator --help` lists them. */
export const commands: Command[] = [crdsCommand, migrateCommand, simCommand, versionCommand];
