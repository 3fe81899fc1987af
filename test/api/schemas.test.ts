import { describe, expect, it } from 'vitest';
import {
  apiAddress,
  ContainerSchema,
  ContainerSpecSchema,
  InvalidCredentialsError,
  parseApiCredentials,
  parseSshCredentials,
  ProxmoxNodeSchema,
  sshHost,
  type Container,
} from '../../src/api/index.js';
import { loadSamples } from './support.js';

describe('the zod schemas', () => {
  it('parse every sample, filling in the same defaults as the CRD', () => {
    const samples = loadSamples();
    const nodes = samples.filter((object) => object.kind === 'ProxmoxNode').map((object) => ProxmoxNodeSchema.parse(object));
    const containers = samples.filter((object) => object.kind === 'Container').map((object) => ContainerSchema.parse(object));
    expect(nodes.map((node) => node.spec.maxConcurrentTasks)).toEqual([4]);
    expect(containers.map((container) => [container.metadata.name, container.spec.powerState])).toEqual([
      ['hello', 'Running'],
      ['web', 'Running'],
      ['builder', 'Stopped'],
    ]);
  });

  it('fill a minimal spec with the documented defaults', () => {
    expect(ContainerSpecSchema.parse({ osTemplate: 'local:vztmpl/x.tar.zst' })).toEqual({
      osTemplate: 'local:vztmpl/x.tar.zst',
      unprivileged: true,
      memory: '512Mi',
      swap: '512Mi',
      rootFS: { size: '8Gi' },
      network: [{ name: 'eth0', ipv4: { dhcp: true } }],
      startOnBoot: false,
      powerState: 'Running',
      protection: false,
      deletionPolicy: 'Delete',
    });
  });

  it('parse an object as the apiserver returns it, status and unknown metadata included', () => {
    const fromCluster = {
      apiVersion: 'pve.operator.dev/v1alpha1',
      kind: 'Container',
      metadata: { name: 'web', namespace: 'alice', uid: 'u-1', generation: 3, managedFields: [{ manager: 'kubectl' }] },
      spec: ContainerSpecSchema.parse({ clone: { vmid: 9000 } }),
      status: {
        observedGeneration: 3,
        vmid: 10100,
        node: 'pve1',
        powerState: 'Running',
        primaryIPv4: '192.0.2.10',
        conditions: [
          { type: 'Ready', status: 'True', reason: 'Running', message: '', lastTransitionTime: '2026-11-25T10:00:00Z', observedGeneration: 3 },
        ],
        task: { upid: 'UPID:pve1:00001234:00005678:6744A0B0:vzstart:10100:op@pve!k8s:', operation: 'vzstart' },
      },
    };
    const parsed: Container = ContainerSchema.parse(fromCluster);
    expect(parsed.status?.conditions?.[0]?.type).toBe('Ready');
    expect(parsed.spec.clone).toEqual({ vmid: 9000, full: true });
    expect(parsed.metadata.managedFields).toEqual([{ manager: 'kubectl' }]);
  });

  it('reject an object of another kind', () => {
    const result = ContainerSchema.safeParse({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: {} });
    expect(result.success).toBe(false);
  });
});

describe('apiAddress and sshHost', () => {
  it.each([
    ['https://pve1.example.com', 'pve1.example.com', 8006, 'https://pve1.example.com:8006'],
    ['https://pve1.example.com:8006/', 'pve1.example.com', 8006, 'https://pve1.example.com:8006'],
    ['https://pve1.example.com:443', 'pve1.example.com', 443, 'https://pve1.example.com:443'],
    ['https://192.0.2.5:9000', '192.0.2.5', 9000, 'https://192.0.2.5:9000'],
    ['https://[2001:db8::5]', '2001:db8::5', 8006, 'https://[2001:db8::5]:8006'],
  ])('%s → host %s, port %i', (endpoint, host, port, baseUrl) => {
    expect(apiAddress({ endpoint })).toEqual({ host, port, baseUrl });
  });

  it('uses the SSH host when set and the endpoint host otherwise', () => {
    const ssh = { port: 22, user: 'root', credentialsSecretRef: { name: 's' }, hostKeyFingerprintSHA256: 'SHA256:x' };
    expect(sshHost({ endpoint: 'https://pve1:8006', ssh })).toBe('pve1');
    expect(sshHost({ endpoint: 'https://pve1:8006', ssh: { ...ssh, host: '10.0.0.1' } })).toBe('10.0.0.1');
  });
});

describe('parseApiCredentials', () => {
  it('reads an API token or a user and password', () => {
    expect(parseApiCredentials({ tokenId: 'operator@pve!k8s', tokenSecret: 's3cret' }, 'creds')).toEqual({
      kind: 'token',
      tokenId: 'operator@pve!k8s',
      tokenSecret: 's3cret',
    });
    expect(parseApiCredentials({ username: 'root@pam', password: 'pw' }, 'creds')).toEqual({
      kind: 'password',
      username: 'root@pam',
      password: 'pw',
    });
  });

  it.each([
    [{ tokenId: 'operator!k8s', tokenSecret: 'hunter2' }, 'Secret creds: key tokenId must look like USER@REALM!TOKENNAME'],
    [{ tokenId: 'operator@pve!k8s' }, 'Secret creds: key tokenSecret is missing'],
    [{ username: 'root', password: 'hunter2' }, 'Secret creds: key username must look like USER@REALM'],
    [{ other: 'hunter2' }, 'Secret creds needs keys tokenId and tokenSecret (API token) or username and password'],
  ])('rejects %j naming the key, never the value', (data, message) => {
    expect(() => parseApiCredentials(data, 'creds')).toThrow(InvalidCredentialsError);
    expect(() => parseApiCredentials(data, 'creds')).toThrow(message);
    expect(() => parseApiCredentials(data, 'creds')).not.toThrow(/hunter2/);
  });
});

describe('parseSshCredentials', () => {
  it('prefers a private key and falls back to a password', () => {
    expect(parseSshCredentials({ privateKey: 'KEY', passphrase: 'p' }, 's')).toEqual({ kind: 'privateKey', privateKey: 'KEY', passphrase: 'p' });
    expect(parseSshCredentials({ password: 'pw' }, 's')).toEqual({ kind: 'password', password: 'pw' });
    expect(() => parseSshCredentials({}, 'ssh')).toThrow('Secret ssh needs key privateKey or key password for SSH');
  });
});
