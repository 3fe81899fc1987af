import { beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../src/api/index.js';
import { testKubeConfig, withTestNamespace } from '../support/kube.js';
import { invalidCases } from './invalid-manifests.js';
import { customResources, describeCauses, expectRejected } from './support.js';

// Validation at the door: the apiserver itself rejects each manifest, naming the field.

const namespace = withTestNamespace('api-validation');

beforeAll(async () => {
  await installCrds(testKubeConfig());
});

describe('the apiserver rejects invalid manifests with a message naming the field', () => {
  it('covers at least 30 distinct mistakes', () => {
    expect(new Set(invalidCases.map((testCase) => testCase.name)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(invalidCases)('$name → $field', async ({ object, field, message }) => {
    const causes = await expectRejected(customResources(testKubeConfig(), namespace.name).create(object, true));
    const matching = causes.filter((cause) => cause.field === field && cause.message?.includes(message));
    expect(matching, `causes were:\n${describeCauses(causes)}`).not.toHaveLength(0);
  });
});
