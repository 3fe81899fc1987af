import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let bindings: Promise<Bindings> | undefined;

/**
 * Prisma's own schema engine, compiled to WebAssembly: the migration engine of `prisma migrate
 * deploy` without the native binary Prisma would otherwise download. The package is built for
 * bundlers, so Node instantiates the module by hand, once per process.
 */
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Bindings & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    // The .wasm file is not in the package's exports; it sits beside the glue module.
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

export interface SchemaEngineLog {
  (message: string): void;
}

/** Opens the schema engine on `databaseUrl` through the `pg` driver adapter. Call `free()` when done. */
export async function openSchemaEngine(databaseUrl: string, schema: { path: string; content: string }, log: SchemaEngineLog): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadBindings();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  return SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, adapter);
}
