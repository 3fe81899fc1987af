import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { credentialsAdmissionPolicy } from './crd/admission-policy.js';
import { customResourceDefinitions } from './crd/definitions.js';
import type { JsonSchema } from './crd/structural.js';

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

// Everything goes through CustomObjectsApi because its body is passed as raw JSON: the typed
// ApiextensionsV1Api (and KubernetesObjectApi) re-serialise the object by their model, which
// silently drops keys spelled the JSON way, such as `x-kubernetes-validations`.
const crdEndpoint = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions' };

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
export async function installCrds(kubeConfig: KubeConfig, options: InstallOptions = {}): Promise<string[]> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const names: string[] = [];
  for (const crd of customResourceDefinitions()) {
    names.push(await applyClusterObject(api, crd, options.fieldManager));
  }
  await Promise.all(names.map((name) => waitUntilEstablished(api, name, options.timeoutMs ?? 30_000)));
  return names;
}

/**
 * Installs the ValidatingAdmissionPolicy (and its binding) that checks credentials Secrets of our
 * Secret types. Same guarantees as installCrds. Caveat: the apiserver starts enforcing a new
 * policy a moment after it is stored, not at the instant this resolves.
 */
export async function installCredentialsPolicy(kubeConfig: KubeConfig, options: InstallOptions = {}): Promise<void> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  for (const object of credentialsAdmissionPolicy()) await applyClusterObject(api, object, options.fieldManager);
}

const pluralOfKind: Record<string, { group: string; version: string; plural: string }> = {
  CustomResourceDefinition: crdEndpoint,
  ValidatingAdmissionPolicy: { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicies' },
  ValidatingAdmissionPolicyBinding: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'validatingadmissionpolicybindings',
  },
};

async function applyClusterObject(api: CustomObjectsApi, object: JsonSchema, fieldManager = CRD_FIELD_MANAGER): Promise<string> {
  const name = (object.metadata as { name: string }).name;
  const endpoint = pluralOfKind[object.kind as string];
  if (!endpoint) throw new Error(`no endpoint known for kind ${String(object.kind)}`);
  await api.patchClusterCustomObject(
    { ...endpoint, name, body: object, fieldManager, force: true },
    setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
  );
  return name;
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
