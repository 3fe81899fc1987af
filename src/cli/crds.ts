import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderCrdFiles, renderCrdStream } from '../api/crd/render.js';
import { parseFlags, UsageError, type Command } from './command.js';

const usage = `Usage: pve-operator crds [--write DIR | --check DIR]

Prints the CustomResourceDefinitions (ProxmoxNode, Container) and the admission policy for
credentials Secrets as YAML, generated from the schemas in src/api.

Flags:
  --write DIR   write one file per object group into DIR instead of printing (npm run crds uses crds/)
  --check DIR   exit 1 if the files in DIR differ from the generated ones (for CI)`;

export const crdsCommand: Command = {
  name: 'crds',
  summary: 'Print or write the CustomResourceDefinitions',
  usage,
  async run(args) {
    const { values } = parseFlags(args, { write: { type: 'string' }, check: { type: 'string' } });
    // Together, one would be silently ignored: CI would pass a --check it never ran.
    if (values.write !== undefined && values.check !== undefined) throw new UsageError('--write and --check exclude each other');
    if (values.write !== undefined) {
      await mkdir(values.write, { recursive: true });
      for (const file of renderCrdFiles()) {
        await writeFile(path.join(values.write, file.fileName), file.content);
        process.stdout.write(`wrote ${path.join(values.write, file.fileName)}\n`);
      }
      return 0;
    }
    if (values.check !== undefined) return checkFiles(values.check);
    process.stdout.write(renderCrdStream());
    return 0;
  },
};

async function checkFiles(directory: string): Promise<number> {
  let stale = 0;
  for (const file of renderCrdFiles()) {
    const target = path.join(directory, file.fileName);
    const committed = await readFile(target, 'utf8').catch(() => undefined);
    if (committed !== file.content) {
      process.stderr.write(`${target} is ${committed === undefined ? 'missing' : 'out of date'}: run npm run crds\n`);
      stale += 1;
    }
  }
  return stale === 0 ? 0 : 1;
}
