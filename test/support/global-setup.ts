import type { TestProject } from 'vitest/node';
import { ControlPlane } from './control-plane.js';
import { startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** kubeconfig of the run's shared kube-apiserver (admin identity). */
    kubeconfigPath: string;
    /** Superuser URL of the run's PostgreSQL; use `freshDatabase()` rather than this database. */
    postgresAdminUrl: string;
  }
}

/** Starts the one control plane and the one PostgreSQL that serve the whole test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [controlPlane, postgres] = await Promise.all([ControlPlane.start(), startPostgres()]);
  project.provide('kubeconfigPath', controlPlane.kubeconfigPath);
  project.provide('postgresAdminUrl', postgres.adminUrl);
  return async () => {
    await Promise.allSettled([controlPlane.stop(), postgres.stop()]);
  };
}
