import { z } from 'zod';
import * as patterns from './patterns.js';

/**
 * The contents of the Secrets a ProxmoxNode references. The apiserver cannot check a Secret
 * against our rules, so the controller parses it with these schemas and reports a Stalled
 * condition whose message names the Secret key — never its value.
 */

/**
 * Secret types that opt a Secret into validation at the door (crd/admission-policy.ts). Secrets
 * of type Opaque work as well; they are only checked when the controller reads them.
 */
export const API_CREDENTIALS_SECRET_TYPE = 'pve.operator.dev/api-credentials';
export const SSH_CREDENTIALS_SECRET_TYPE = 'pve.operator.dev/ssh-credentials';

export type ApiCredentials =
  | { kind: 'token'; tokenId: string; tokenSecret: string }
  | { kind: 'password'; username: string; password: string };

export type SshCredentials = { kind: 'privateKey'; privateKey: string; passphrase?: string } | { kind: 'password'; password: string };

export class InvalidCredentialsError extends Error {
  override name = 'InvalidCredentialsError';
}

const tokenSchema = z.object({
  tokenId: z.string().regex(new RegExp(patterns.API_TOKEN_ID), 'must look like USER@REALM!TOKENNAME, e.g. operator@pve!k8s'),
  tokenSecret: z.string().min(1, 'must not be empty'),
});

const passwordSchema = z.object({
  username: z.string().regex(new RegExp(patterns.PVE_USER), 'must look like USER@REALM, e.g. root@pam'),
  password: z.string().min(1, 'must not be empty'),
});

/** Decoded Secret data (strings) → API credentials. Token keys win when both pairs are present. */
export function parseApiCredentials(data: Readonly<Record<string, string>>, secretName: string): ApiCredentials {
  if ('tokenId' in data || 'tokenSecret' in data) {
    const token = tokenSchema.safeParse(data);
    if (!token.success) throw new InvalidCredentialsError(describeIssues(secretName, token.error));
    return { kind: 'token', ...token.data };
  }
  if ('username' in data || 'password' in data) {
    const login = passwordSchema.safeParse(data);
    if (!login.success) throw new InvalidCredentialsError(describeIssues(secretName, login.error));
    return { kind: 'password', ...login.data };
  }
  throw new InvalidCredentialsError(
    `Secret ${secretName} needs keys tokenId and tokenSecret (API token) or username and password`,
  );
}

/** Decoded Secret data → SSH credentials: `privateKey` (with optional `passphrase`) or `password`. */
export function parseSshCredentials(data: Readonly<Record<string, string>>, secretName: string): SshCredentials {
  const { privateKey, passphrase, password } = data;
  if (privateKey) return passphrase ? { kind: 'privateKey', privateKey, passphrase } : { kind: 'privateKey', privateKey };
  if (password) return { kind: 'password', password };
  throw new InvalidCredentialsError(`Secret ${secretName} needs key privateKey or key password for SSH`);
}

// Issue messages come from our own schemas above and name keys, never values.
function describeIssues(secretName: string, error: z.ZodError): string {
  const problems = error.issues.map((issue) => `key ${issue.path.join('.')} ${issue.code === 'invalid_type' ? 'is missing' : issue.message}`);
  return `Secret ${secretName}: ${problems.join('; ')}`;
}
