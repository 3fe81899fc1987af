import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { parseFlags } from './command.js';

export function operatorVersion(): string {
  const manifest = new URL('../../package.json', import.meta.url);
  // dist/src/cli → ../../.. also holds package.json; try the source layout first.
  for (const candidate of [manifest, new URL('../../../package.json', import.meta.url)]) {
    try {
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout
    }
  }
  return 'unknown';
}

export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the pve-operator version',
  usage: 'Usage: pve-operator version\n\nPrints the version of pve-operator and of Node.js it runs on.',
  async run(args) {
    parseFlags(args, {});
    process.stdout.write(`pve-operator ${operatorVersion()} (node ${process.version})\n`);
    return 0;
  },
};
