import { API_CREDENTIALS_SECRET_TYPE, SSH_CREDENTIALS_SECRET_TYPE } from '../credentials.js';
import { GROUP } from '../group.js';
import type { JsonSchema } from './structural.js';

/**
 * A ValidatingAdmissionPolicy that checks credentials Secrets at the door, as the CRDs check our
 * own kinds: a CRD cannot validate a Secret, but CEL admission can. It applies only to Secrets
 * whose `type` is one of ours, so every other Secret in the cluster is untouched.
 *
 * It checks which keys are present, not their format: admission CEL sees Secret data still
 * base64-encoded and Kubernetes 1.34 offers no base64 decoder to CEL. The token ID format is
 * checked by parseApiCredentials (credentials.ts) when the controller reads the Secret.
 */

export const CREDENTIALS_POLICY_NAME = `credentials.${GROUP}`;

interface Validation {
  expression: string;
  message: string;
}

const has = (key: string) => `has(object.data) && '${key}' in object.data`;

const apiCredentialRules: Validation[] = [
  {
    expression: `(${has('tokenId')} && ${has('tokenSecret')}) || (${has('username')} && ${has('password')})`,
    message: `a Secret of type ${API_CREDENTIALS_SECRET_TYPE} needs keys tokenId and tokenSecret, or username and password`,
  },
];

const sshCredentialRules: Validation[] = [
  {
    expression: `${has('privateKey')} || ${has('password')}`,
    message: `a Secret of type ${SSH_CREDENTIALS_SECRET_TYPE} needs key privateKey or key password`,
  },
];

/** Each rule holds only for its own Secret type. */
function forType(type: string, rules: Validation[]): Validation[] {
  return rules.map((rule) => ({ ...rule, expression: `object.type != '${type}' || (${rule.expression})` }));
}

export function credentialsAdmissionPolicy(): JsonSchema[] {
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: CREDENTIALS_POLICY_NAME },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['secrets'] }],
        },
        matchConditions: [
          {
            name: 'pve-operator-credentials',
            expression: `object.type in ['${API_CREDENTIALS_SECRET_TYPE}', '${SSH_CREDENTIALS_SECRET_TYPE}']`,
          },
        ],
        validations: [...forType(API_CREDENTIALS_SECRET_TYPE, apiCredentialRules), ...forType(SSH_CREDENTIALS_SECRET_TYPE, sshCredentialRules)],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: CREDENTIALS_POLICY_NAME },
      spec: { policyName: CREDENTIALS_POLICY_NAME, validationActions: ['Deny'] },
    },
  ];
}
