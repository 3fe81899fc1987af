/**
 * Registered command responses per node. The first registration that matches wins, so a test
 * can put a specific response before a catch-all one.
 */
import type { SshResponse } from './types.js';

export interface RegisteredResponse extends SshResponse {
  readonly node: string;
}

export class SshResponseRegistry {
  private readonly responses: RegisteredResponse[] = [];

  register(node: string, response: SshResponse): void {
    this.responses.push({ ...response, node });
  }

  /** The first response for `command` on `node`, run in container `vmid` or on the host. */
  match(node: string, vmid: number | undefined, command: string): SshResponse | undefined {
    return this.responses.find(
      (response) =>
        response.node === node &&
        (response.vmid === undefined || response.vmid === vmid) &&
        matches(response.command, command),
    );
  }

  list(node?: string): RegisteredResponse[] {
    return this.responses.filter((response) => node === undefined || response.node === node);
  }

  /** Forgets the responses of `node`, or all of them. */
  clear(node?: string): void {
    for (let index = this.responses.length - 1; index >= 0; index -= 1) {
      if (node === undefined || this.responses[index]?.node === node) this.responses.splice(index, 1);
    }
  }
}

function matches(pattern: string | RegExp, command: string): boolean {
  if (typeof pattern === 'string') return pattern === command;
  pattern.lastIndex = 0; // a /g or /y RegExp would otherwise resume where the last match ended
  return pattern.test(command);
}
