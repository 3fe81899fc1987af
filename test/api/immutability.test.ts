import { beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION, CONTAINER, installCrds } from '../../src/api/index.js';
import { testKubeConfig, withTestNamespace } from '../support/kube.js';
import { customResources, describeCauses, expectRejected, type KubeObject } from './support.js';

// Updates that would silently destroy data are refused by the apiserver; everything else passes.

const namespace = withTestNamespace('api-immutability');
const template = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

function container(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: API_VERSION, kind: CONTAINER.kind, metadata: { name }, spec };
}

const fromTemplate = container('from-template', {
  osTemplate: template,
  arch: 'amd64',
  rootFS: { size: '16Gi' },
  mountPoints: [{ path: '/data', storage: 'local-lvm', size: '10Gi' }],
});
const pinned = container('pinned', { osTemplate: template, vmid: 12345 });
const cloned = container('cloned', { clone: { vmid: 9000 } });

const resources = () => customResources(testKubeConfig(), namespace.name);

beforeAll(async () => {
  await installCrds(testKubeConfig());
  for (const object of [fromTemplate, pinned, cloned]) await resources().create(object);
});

interface RejectedUpdate {
  name: string;
  target: string;
  patch: Record<string, unknown>;
  field: string;
  message: string;
}

const rejectedUpdates: RejectedUpdate[] = [
  { name: 'another OS template', target: 'from-template', patch: { osTemplate: 'local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz' }, field: 'spec.osTemplate', message: 'osTemplate is immutable' },
  { name: 'switching from template to clone', target: 'from-template', patch: { osTemplate: null, clone: { vmid: 9000 } }, field: 'spec', message: 'spec.osTemplate and spec.clone are immutable' },
  { name: 'another clone source', target: 'cloned', patch: { clone: { vmid: 9001 } }, field: 'spec.clone', message: 'clone is immutable' },
  { name: 'a linked instead of a full clone', target: 'cloned', patch: { clone: { full: false } }, field: 'spec.clone', message: 'clone is immutable' },
  { name: 'privileged after creation', target: 'from-template', patch: { unprivileged: false }, field: 'spec.unprivileged', message: 'unprivileged is immutable' },
  { name: 'another pinned VMID', target: 'pinned', patch: { vmid: 12346 }, field: 'spec.vmid', message: 'spec.vmid cannot change or be removed once set' },
  { name: 'removing the pinned VMID', target: 'pinned', patch: { vmid: null }, field: 'spec.vmid', message: 'spec.vmid cannot change or be removed once set' },
  { name: 'another architecture', target: 'from-template', patch: { arch: 'arm64' }, field: 'spec.arch', message: 'spec.arch cannot change or be removed once set' },
  { name: 'removing the architecture', target: 'from-template', patch: { arch: null }, field: 'spec.arch', message: 'spec.arch cannot change or be removed once set' },
  { name: 'a smaller root disk', target: 'from-template', patch: { rootFS: { size: '8Gi' } }, field: 'spec.rootFS.size', message: 'rootFS.size cannot shrink' },
  { name: 'a smaller mount point', target: 'from-template', patch: { mountPoints: [{ path: '/data', storage: 'local-lvm', size: '5Gi' }] }, field: 'spec.mountPoints[0].size', message: 'size cannot shrink' },
  { name: 'a mount point turned into a bind mount', target: 'from-template', patch: { mountPoints: [{ path: '/data', hostPath: '/srv/data' }] }, field: 'spec.mountPoints[0]', message: 'the source of a mount point is immutable' },
];

describe('updates that would destroy data are rejected', () => {
  it.each(rejectedUpdates)('$name → $field', async ({ target, patch, field, message }) => {
    const causes = await expectRejected(resources().mergePatch(CONTAINER.kind, target, { spec: patch }));
    const matching = causes.filter((cause) => cause.field === field && cause.message?.includes(message));
    expect(matching, `causes were:\n${describeCauses(causes)}`).not.toHaveLength(0);
  });
});

describe('other updates pass', () => {
  const allowedUpdates: { name: string; target: string; patch: Record<string, unknown> }[] = [
    { name: 'moving to another node', target: 'from-template', patch: { nodeRef: { name: 'pve2' } } },
    { name: 'pinning a VMID that was not pinned', target: 'from-template', patch: { vmid: 20000 } },
    { name: 'a larger root disk', target: 'from-template', patch: { rootFS: { size: '20Gi' } } },
    { name: 'the same root disk size spelled in MiB', target: 'from-template', patch: { rootFS: { size: '20480Mi' } } },
    { name: 'a larger mount point and a new one', target: 'from-template', patch: { mountPoints: [{ path: '/data', storage: 'local-lvm', size: '12Gi' }, { path: '/logs', size: '1Gi' }] } },
    { name: 'memory, host name, power state and tags', target: 'pinned', patch: { memory: '1Gi', hostname: 'renamed', powerState: 'Stopped', tags: ['db'] } },
    { name: 'the description of a clone', target: 'cloned', patch: { description: 'still the same clone' } },
  ];

  it.each(allowedUpdates)('$name', async ({ target, patch }) => {
    const updated = await resources().mergePatch(CONTAINER.kind, target, { spec: patch });
    expect(updated.spec).toMatchObject(withoutNulls(patch));
  });
});

function withoutNulls(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null));
}
