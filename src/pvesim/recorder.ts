import { createWriteStream, type WriteStream } from 'node:fs';
import type { RawParams } from './schema-bridge.js';

/** One API request as `--record` writes it: never a credential, never a password. */
export interface RecordedRequest {
  time: string;
  method: string;
  path: string;
  params: Record<string, string | string[]>;
  status: number;
  /** The authenticated id, when there was one. */
  authid?: string;
}

const SECRET_PARAM = /pass|secret|ticket|token|ssh-public-keys|otp|tfa|key$/i;

export function redactParams(params: RawParams): Record<string, string | string[]> {
  const redacted: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    redacted[key] = SECRET_PARAM.test(key) ? '[redacted]' : value;
  }
  return redacted;
}

/** Keeps the latest requests in memory and appends each to the `--record` file as a JSON line. */
export class RequestRecorder {
  private readonly entries: RecordedRequest[] = [];
  private readonly stream: WriteStream | undefined;

  constructor(
    file: string | undefined,
    private readonly keep = 10_000,
  ) {
    this.stream = file === undefined ? undefined : createWriteStream(file, { flags: 'a' });
  }

  record(entry: RecordedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.keep) this.entries.splice(0, this.entries.length - this.keep);
    this.stream?.write(`${JSON.stringify(entry)}\n`);
  }

  list(): RecordedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
}
