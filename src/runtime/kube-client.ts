import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch, type Dispatcher, type Response } from 'undici';
import { KubeApiError } from './kube-errors.js';
import { linkedSignal } from './linked-signal.js';
import type { KubeObject, WatchEvent } from './kube-object.js';

export type QueryValue = string | number | boolean | undefined;

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. `/apis/coordination.k8s.io/v1/namespaces/x/leases/y`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /**
   * When there is a body: `application/merge-patch+json` for PATCH (the apiserver answers a PATCH
   * sent as plain JSON with 415, which no retry fixes), `application/json` otherwise.
   */
  contentType?: string;
  signal?: AbortSignal;
}

/**
 * The narrow boundary between the runtime and the apiserver: JSON requests and watch streams.
 * Everything the runtime writes goes through `request`, so a test can count writes by wrapping it.
 */
export interface KubeClient {
  /** Sends one request; resolves with the decoded JSON body, rejects with `KubeApiError`. */
  request<T = KubeObject>(request: KubeRequest): Promise<T>;
  /**
   * Streams the watch events of a collection until the server ends the watch (the iterator
   * finishes), the connection fails (it throws) or `signal` aborts (it throws an AbortError).
   */
  watch(path: string, query: Record<string, QueryValue>, signal: AbortSignal): AsyncIterable<WatchEvent>;
}

/** Upper bound for a non-watch request; a watch is bounded by its own stall detection instead. */
const requestTimeoutMs = 30_000;

/**
 * A `KubeClient` over undici using a KubeConfig's cluster, credentials and TLS settings
 * (verified unless the kubeconfig says otherwise).
 *
 * Credentials are re-applied on every request, so rotated service-account tokens and exec plugins
 * keep working; the connection pool (the dispatcher) is created once and reused, unlike the
 * generated client-node APIs, which build a new pool per call.
 */
export class HttpKubeClient implements KubeClient {
  readonly #config: KubeConfig;
  readonly #server: string;
  #dispatcher: Dispatcher | undefined;

  constructor(config: KubeConfig) {
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster; set current-context');
    this.#config = config;
    this.#server = cluster.server.replace(/\/$/, '');
  }

  async request<T = KubeObject>(request: KubeRequest): Promise<T> {
    const linked = linkedSignal([request.signal], { timeoutMs: requestTimeoutMs });
    try {
      const response = await this.#send(request, linked.signal);
      if (!response.ok) throw await KubeApiError.fromResponse(request.method, request.path, response);
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    } finally {
      linked.dispose();
    }
  }

  async *watch(path: string, query: Record<string, QueryValue>, signal: AbortSignal): AsyncIterable<WatchEvent> {
    const response = await this.#send({ method: 'GET', path, query: { ...query, watch: true } }, signal);
    if (!response.ok) throw await KubeApiError.fromResponse('GET', path, response);
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield JSON.parse(line) as WatchEvent;
        newline = buffered.indexOf('\n');
      }
    }
  }

  async #send(request: KubeRequest, signal: AbortSignal): Promise<Response> {
    const url = new URL(this.#server + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const context = new RequestContext(url.toString(), HttpMethod.GET);
    await this.#config.applySecurityAuthentication(context);
    this.#dispatcher ??= context.getDispatcher() as Dispatcher | undefined;
    const headers: Record<string, string> = { ...context.getHeaders(), accept: 'application/json' };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = request.contentType ?? (request.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    }
    return fetch(url, { method: request.method, headers, body, signal, dispatcher: this.#dispatcher });
  }
}
