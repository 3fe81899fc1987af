import type { Handler, HandlerContext } from '../context.js';

/** A privilege check that runs before parameter validation (the handler's `permissions`). */
export interface PermissionRule {
  path: (params: Record<string, string>) => string;
  privileges: string[];
  /** Any one of the privileges suffices. */
  any?: boolean;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  template: string;
  handler: Handler;
  permission?: PermissionRule;
  /** No authentication at all (`POST /access/ticket`). */
  noAuth?: boolean;
  /** `allowtoken => 0`: API tokens get 403. */
  rejectTokens?: boolean;
}

export interface RouteMatch {
  route: Route;
  pathParams: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

/** Maps `METHOD /rel/path` to a route; path parameters are `{name}` segments. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): void {
    for (const route of routes) this.routes.push({ route, segments: route.template.split('/').filter((part) => part !== '') });
  }

  templates(): string[] {
    return this.routes.map(({ route }) => `${route.method} ${route.template}`);
  }

  match(method: string, relativePath: string): RouteMatch | undefined {
    // PVE's handler lookup collapses nothing: `//` leaves an empty segment that matches no route.
    const parts = relativePath.split('/').slice(1);
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    for (const { route, segments } of this.routes) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let matched = true;
      for (let index = 0; index < segments.length; index++) {
        const segment = segments[index]!;
        const part = parts[index]!;
        if (segment.startsWith('{')) {
          if (part === '') {
            matched = false;
            break;
          }
          pathParams[segment.slice(1, -1)] = decodeURIComponent(part);
        } else if (segment !== part) {
          matched = false;
          break;
        }
      }
      if (matched) return { route, pathParams };
    }
    return undefined;
  }
}

export type { Handler, HandlerContext };
