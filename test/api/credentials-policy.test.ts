import { ApiException, CoreV1Api, type V1Secret } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_CREDENTIALS_SECRET_TYPE, installCredentialsPolicy, SSH_CREDENTIALS_SECRET_TYPE } from '../../src/api/index.js';
import { eventually, testKubeConfig, withTestNamespace } from '../support/kube.js';
import { loadSamples } from './support.js';

// Credentials Secrets of our types are checked at the door by a ValidatingAdmissionPolicy
// (which keys are present; their format is checked when the controller reads them).

const namespace = withTestNamespace('api-credentials');

function secret(type: string, stringData: Record<string, string>): V1Secret {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, type, stringData };
}

/** Dry-run create: resolves with the apiserver's denial message, or undefined when accepted. */
async function denial(body: V1Secret): Promise<string | undefined> {
  try {
    await testKubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedSecret({ namespace: namespace.name, body: { ...body, metadata: { ...body.metadata, namespace: namespace.name } }, dryRun: 'All' });
    return undefined;
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const parsed = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    return String(parsed?.message);
  }
}

const badToken = secret(API_CREDENTIALS_SECRET_TYPE, { tokenId: 'operator@pve!k8s' });

beforeAll(async () => {
  await installCredentialsPolicy(testKubeConfig());
  // The apiserver enforces a new policy a moment after storing it.
  await eventually(async () => expect(await denial(badToken)).toBeDefined(), { timeoutMs: 30_000 });
});

describe('the credentials admission policy', () => {
  it('accepts the sample Secrets', async () => {
    const secrets = loadSamples().filter((object) => object.kind === 'Secret');
    expect(secrets).toHaveLength(2);
    for (const sample of secrets) expect(await denial(sample as V1Secret), sample.metadata.name).toBeUndefined();
  });

  it.each([
    ['a token without its secret', badToken, 'needs keys tokenId and tokenSecret, or username and password'],
    ['a misspelt key', secret(API_CREDENTIALS_SECRET_TYPE, { token_id: 'operator@pve!k8s', tokenSecret: 'hunter2' }), 'needs keys tokenId and tokenSecret, or username and password'],
    ['a user without password', secret(API_CREDENTIALS_SECRET_TYPE, { username: 'root@pam' }), 'needs keys tokenId and tokenSecret, or username and password'],
    ['SSH credentials without key or password', secret(SSH_CREDENTIALS_SECRET_TYPE, { user: 'root' }), 'needs key privateKey or key password'],
  ])('rejects %s, naming the key and never the value', async (_, body, message) => {
    const denied = await denial(body);
    expect(denied).toContain(message);
    expect(denied).not.toContain('hunter2');
  });

  it('leaves Secrets of other types alone', async () => {
    expect(await denial(secret('Opaque', { tokenId: 'operator@pve!k8s' }))).toBeUndefined();
  });
});
