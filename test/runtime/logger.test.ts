import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the process logger', () => {
  it.each([
    ['an API token secret', { tokenSecret: 'pve-token-value' }],
    ['a password', { password: 'pve-token-value' }],
    ['an SSH private key inside credentials', { credentials: { kind: 'privateKey', privateKey: 'pve-token-value' } }],
    ['an SSH key passphrase inside credentials', { credentials: { passphrase: 'pve-token-value' } }],
    ['a Secret\'s stringData', { secret: { stringData: { tokenSecret: 'pve-token-value' } } }],
    ['an Authorization header', { headers: { authorization: 'PVEAPIToken=pve-token-value' } }],
  ])('never prints %s', (_name, fields) => {
    const { logger, lines } = capture();
    logger.info(fields, 'reconciling');
    expect(JSON.stringify(lines())).not.toContain('pve-token-value');
    expect(JSON.stringify(lines())).toContain('[redacted]');
  });

  it('writes one JSON object per line with the level as a name', () => {
    const { logger, lines } = capture();
    logger.warn({ node: 'pve1' }, 'node unreachable');
    expect(lines()).toEqual([expect.objectContaining({ level: 'warn', node: 'pve1', msg: 'node unreachable' })]);
  });
});
