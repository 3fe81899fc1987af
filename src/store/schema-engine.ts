import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);

// Node has WebAssembly, but the ES lib types (without DOM) do not declare it.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

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
      __wbg_set_wasm(exports: Record<string, unknown>): void;
    };
    // The .wasm file is not in the package's exports; it sits beside the glue module.
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

/**
 * The engine arms 10 s timers (connection timeouts) that it never clears; left as they are, they
 * keep a finished `pve-operator migrate` alive for 10 s. Unref'd, they still fire while the engine
 * works but no longer hold the process open.
 */
function withUnrefTimers(glue: Record<string, unknown>): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, binding] of Object.entries(glue)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof binding !== 'function') continue;
    imports[name] = (...args: unknown[]) => {
      const timer = binding(...args) as { unref?: () => void };
      timer.unref?.();
      return timer;
    };
  }
  return imports;
}

export interface SchemaEngineLog {
  (message: string): void;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections (releasing the session locks Prisma takes). */
  close(): Promise<void>;
}

/** Opens the schema engine on `databaseUrl` through the `pg` driver adapter. */
export async function openSchemaEngine(databaseUrl: string, schema: { path: string; content: string }, log: SchemaEngineLog): Promise<OpenSchemaEngine> {
  const { SchemaEngine } = await loadBindings();
  // Our own pool, so that closing it ends the engine's connections at once instead of after the
  // pool's idle timeout; until then they would hold Prisma's own migration advisory lock.
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, adapter).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
