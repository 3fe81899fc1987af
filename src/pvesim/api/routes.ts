import { Router } from '../http/router.js';
import { accessRoutes } from './access.js';
import { aplinfoRoutes } from './aplinfo.js';
import { indexRoutes } from './indexes.js';
import { clusterRoutes } from './cluster.js';
import { lxcCloneRoutes } from './lxc-clone.js';
import { lxcConfigRoutes } from './lxc-config.js';
import { lxcCreateRoutes } from './lxc-create.js';
import { lxcDiskRoutes } from './lxc-disk.js';
import { lxcInterfaceRoutes } from './lxc-interfaces.js';
import { lxcMigrateRoutes } from './lxc-migrate.js';
import { lxcStatusRoutes } from './lxc-status.js';
import { lxcSuspendRoutes } from './lxc-suspend.js';
import { lxcTemplateRoutes } from './lxc-template.js';
import { networkRoutes } from './network.js';
import { nodeRoutes } from './nodes.js';
import { taskRoutes } from './tasks.js';

/** Every `/api2/json` endpoint the simulator serves. */
export function apiRouter(): Router {
  const router = new Router();
  router.add(
    ...accessRoutes,
    ...clusterRoutes,
    ...nodeRoutes,
    ...taskRoutes,
    ...lxcCreateRoutes,
    ...lxcStatusRoutes,
    ...lxcConfigRoutes,
    ...lxcDiskRoutes,
    ...lxcInterfaceRoutes,
    ...lxcSuspendRoutes,
    ...lxcTemplateRoutes,
    ...lxcCloneRoutes,
    ...lxcMigrateRoutes,
    ...networkRoutes,
    ...aplinfoRoutes,
    ...indexRoutes,
  );
  return router;
}
