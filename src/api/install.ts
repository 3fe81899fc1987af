import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { customResourceDefinitions } from './crd/definitions.js';

/**
 * Installs pve-operator's CRDs and waits until the apiserver serves them.
 *
 * Expected flow: server-side apply of every CRD as field manager `pve-operator`, then poll each
 * until its `Established` condition is True.
 * Guarantees: idempotent; concurrent installers (several test files, two operator replicas) all
 * succeed, because apply with `force` takes ownership instead of conflicting. Never deletes.
 * Assumptions: the identity may create and patch customresourcedefinitions (cluster scope).
 * Caveats: a CRD that the apiserver accepts but never establishes (e.g. a name clash) ends in a
 * CrdNotEstablishedError after `timeoutMs`, carrying the apiserver's reason. It applies exactly
 * this build's schema: an older operator started against newer CRDs downgrades them.
 */

export const CRD_FIELD_MANAGER = 'pve-operator';

export class CrdNotEstablishedError extends Error {
  override name = 'CrdNotEstablishedError';
}

export interface InstallOptions {
  timeoutMs?: number;
  fieldManager?: string;
}

interface CrdCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

// CRDs go through CustomObjectsApi because its body is passed as raw JSON: the typed
// ApiextensionsV1Api (and KubernetesObjectApi) re-serialise the object by their model, which
// silently drops keys spelled the JSON way, such as `x-kubernetes-validations`.
const crdEndpoint = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions' };

export async function installCrds(kubeConfig: KubeConfig, options: InstallOptions = {}): Promise<string[]> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const applyHeader = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);
  const names: string[] = [];
  for (const crd of customResourceDefinitions()) {
    const name = (crd.metadata as { name: string }).name;
    await api.patchClusterCustomObject(
      { ...crdEndpoint, name, body: crd, fieldManager: options.fieldManager ?? CRD_FIELD_MANAGER, force: true },
      applyHeader,
    );
    names.push(name);
  }
  await Promise.all(names.map((name) => waitUntilEstablished(api, name, options.timeoutMs ?? 30_000)));
  return names;
}

async function waitUntilEstablished(api: CustomObjectsApi, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: CrdCondition[] = [];
  while (Date.now() < deadline) {
    const crd = (await api.getClusterCustomObject({ ...crdEndpoint, name })) as { status?: { conditions?: CrdCondition[] } };
    last = crd.status?.conditions ?? [];
    if (last.some((condition) => condition.type === 'Established' && condition.status === 'True')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const detail = last.map((condition) => `${condition.type}=${condition.status} (${condition.reason}: ${condition.message})`);
  throw new CrdNotEstablishedError(
    `CRD ${name} is not Established after ${timeoutMs} ms: ${detail.join('; ') || 'no conditions'}`,
  );
}
