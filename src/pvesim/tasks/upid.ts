/** The parts of a UPID (spec §3.1). `user` is the authenticated id, `!tokenid` included. */
export interface UpidParts {
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
}

const UPID_PATTERN =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}

export function encodeUpid(parts: UpidParts): string {
  const { node, pid, pstart, starttime, type, id, user } = parts;
  return `UPID:${node}:${hex8(pid)}:${hex8(pstart)}:${hex8(starttime)}:${type}:${id}:${user}:`;
}

export function decodeUpid(upid: string): UpidParts | undefined {
  const match = UPID_PATTERN.exec(upid);
  if (!match) return undefined;
  const [, node, , pid, pstart, starttime, type, id, user] = match;
  return {
    node: node!,
    pid: Number.parseInt(pid!, 16),
    pstart: Number.parseInt(pstart!, 16),
    starttime: Number.parseInt(starttime!, 16),
    type: type!,
    id: id!,
    user: user!,
  };
}
