import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { CONTAINER, GROUP, PROXMOX_NODE, VERSION } from '../../src/api/index.js';

/** Helpers for the resource-API tests: the committed samples and apiserver error inspection. */

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const samplesDirectory = path.join(repositoryRoot, 'deploy/samples');

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Every object in deploy/samples, in file order. */
export function loadSamples(): KubeObject[] {
  return readdirSync(samplesDirectory)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => parseAllDocuments(readFileSync(path.join(samplesDirectory, file), 'utf8')))
    .map((document) => document.toJSON() as KubeObject)
    .filter((object) => object !== null);
}

export function pluralOf(kind: string): string {
  if (kind === CONTAINER.kind) return CONTAINER.plural;
  if (kind === PROXMOX_NODE.kind) return PROXMOX_NODE.plural;
  throw new Error(`not one of our kinds: ${kind}`);
}

/** Client for our custom resources in one namespace. */
export function customResources(kubeConfig: KubeConfig, namespace: string) {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const target = (kind: string) => ({ group: GROUP, version: VERSION, namespace, plural: pluralOf(kind) });
  return {
    create(object: KubeObject, dryRun = false) {
      const body = { ...object, metadata: { ...object.metadata, namespace } };
      return api.createNamespacedCustomObject({ ...target(object.kind), body, ...(dryRun ? { dryRun: 'All' } : {}) });
    },
    get(kind: string, name: string) {
      return api.getNamespacedCustomObject({ ...target(kind), name }) as Promise<KubeObject>;
    },
    mergePatch(kind: string, name: string, patch: unknown) {
      return api.patchNamespacedCustomObject(
        { ...target(kind), name, body: patch },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ) as Promise<KubeObject>;
    },
  };
}

export interface StatusCause {
  field?: string;
  message?: string;
  reason?: string;
}

/** The field-level causes of a rejected request (the apiserver's 422 Status). */
export function rejectionCauses(error: unknown): StatusCause[] {
  if (!(error instanceof ApiException)) throw error;
  const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
  if (error.code !== 422) throw new Error(`expected 422 Invalid, got ${error.code}: ${JSON.stringify(body)}`);
  return (body?.details?.causes ?? []) as StatusCause[];
}

/** Awaits a request that must be rejected and returns its causes. */
export async function expectRejected(request: Promise<unknown>): Promise<StatusCause[]> {
  try {
    await request;
  } catch (error) {
    return rejectionCauses(error);
  }
  throw new Error('the apiserver accepted the request');
}

export function describeCauses(causes: StatusCause[]): string {
  return causes.map((cause) => `${cause.field}: ${cause.message}`).join('\n');
}
