import { createHash } from 'node:crypto';
import type { ContainerConfigState } from './container.js';

/**
 * Renders a container's config the way PVE writes `/etc/pve/lxc/<vmid>.conf`: the description as
 * `#` comment lines, then `key: value` sorted by key, then the `[pve:pending]` section. The
 * digest clients send back for optimistic concurrency is the SHA-1 of this text (spec §4.3).
 */
export function renderConfigFile(state: ContainerConfigState): string {
  let text = renderSection(state.config, true);
  const deletes = Object.entries(state.pendingDelete).map(([key, force]) => (force ? `!${key}` : key));
  if (Object.keys(state.pending).length > 0 || deletes.length > 0) {
    text += '\n[pve:pending]\n' + renderSection(state.pending, true);
    if (deletes.length > 0) text += `delete: ${deletes.sort().join(',')}\n`;
  }
  return text;
}

function renderSection(values: Record<string, string>, withDescription: boolean): string {
  let text = '';
  const description = values.description;
  if (withDescription && description !== undefined) {
    for (const line of description.split('\n')) text += `#${encodeCommentLine(line)}\n`;
  }
  for (const key of Object.keys(values).sort()) {
    if (key === 'description') continue;
    text += `${key}: ${values[key]}\n`;
  }
  return text;
}

/** PVE escapes characters that would break the comment line (PVE::Tools::encode_text). */
function encodeCommentLine(line: string): string {
  return line.replace(/[%\r\n\x00-\x1f]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function configDigest(state: ContainerConfigState): string {
  return createHash('sha1').update(renderConfigFile(state)).digest('hex');
}
