import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `pve-operator <name>` subcommand. `run` resolves to the process exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Full help text for `pve-operator <name> --help`. */
  usage: string;
  run(args: string[]): Promise<number>;
}

/** A mistake in how the command was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses flags strictly: an unknown flag, a missing value or a stray positional argument is a
 * UsageError that names it, so typos never pass silently.
 */
export function parseFlags<T extends Options>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
