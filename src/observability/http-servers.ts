import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A named probe; resolves `true` when healthy. */
export type Check = () => boolean | Promise<boolean>;

export interface ProbeChecks {
  /** `/healthz`: the process is alive and its event loop responds. */
  healthz: Record<string, Check>;
  /** `/readyz`: caches are synced; readiness never depends on leadership. */
  readyz: Record<string, Check>;
}

/**
 * An HTTP server on `host:port`; port 0 picks a free one (see `.port`). Without a host it listens
 * on every address, IPv6 included where the host has it: kubelet probes the pod IP, which is an
 * IPv6 address in IPv6-only clusters, where an IPv4-only `0.0.0.0` would fail every probe.
 */
export class HttpEndpoint {
  private constructor(private readonly server: Server) {}

  static listen(handler: (path: string) => Promise<{ status: number; contentType: string; body: string }>, port: number, host?: string): Promise<HttpEndpoint> {
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      handler(path)
        .catch((error: unknown) => ({ status: 500, contentType: 'text/plain', body: `${String(error)}\n` }))
        .then(({ status, contentType, body }) => response.writeHead(status, { 'content-type': contentType }).end(body), () => response.destroy());
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(new HttpEndpoint(server));
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Serves `/metrics` in the Prometheus text format. */
export function serveMetrics(registry: Registry, port: number, host?: string): Promise<HttpEndpoint> {
  return HttpEndpoint.listen(async (path) => {
    if (path !== '/metrics') return { status: 404, contentType: 'text/plain', body: 'not found\n' };
    return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
  }, port, host);
}

/**
 * Serves `/healthz` and `/readyz` (kubebuilder's health-probe port): 200 `ok` when every check
 * passes, else 500 listing the failing checks, as controller-runtime's healthz handler does.
 */
export function serveProbes(checks: ProbeChecks, port: number, host?: string): Promise<HttpEndpoint> {
  return HttpEndpoint.listen(async (path) => {
    const group = path === '/healthz' || path === '/livez' ? checks.healthz : path === '/readyz' ? checks.readyz : undefined;
    if (!group) return { status: 404, contentType: 'text/plain', body: 'not found\n' };
    const failing: string[] = [];
    for (const [name, check] of Object.entries(group)) {
      if (!(await Promise.resolve().then(check).catch(() => false))) failing.push(name);
    }
    if (failing.length === 0) return { status: 200, contentType: 'text/plain', body: 'ok\n' };
    return { status: 500, contentType: 'text/plain', body: failing.map((name) => `[-]${name} failed\n`).join('') };
  }, port, host);
}
