import type { Response } from 'undici';

/** The apiserver's `Status` body of a failed request. */
export interface KubeStatus {
  kind?: 'Status';
  code?: number;
  reason?: string;
  message?: string;
}

/**
 * A request the apiserver answered with an error status. `reason` is the Status reason
 * (`Conflict`, `NotFound`, `Expired`, `Invalid` …), which says how to react better than the code.
 */
export class KubeApiError extends Error {
  override name = 'KubeApiError';

  constructor(
    readonly statusCode: number,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
  }

  static async fromResponse(method: string, path: string, response: Response): Promise<KubeApiError> {
    const text = await response.text().catch(() => '');
    let status: KubeStatus = {};
    try {
      status = JSON.parse(text) as KubeStatus;
    } catch {
      // Not a Status body (a proxy's HTML page, an empty body): keep the HTTP status only.
    }
    return KubeApiError.fromStatus(method, path, { ...status, code: status.code ?? response.status });
  }

  static fromStatus(method: string, path: string, status: KubeStatus): KubeApiError {
    const code = status.code ?? 0;
    return new KubeApiError(code, status.reason, `${method} ${path}: ${code} ${status.reason ?? ''} ${status.message ?? ''}`.trim());
  }
}

export function isStatus(error: unknown, statusCode: number): boolean {
  return error instanceof KubeApiError && error.statusCode === statusCode;
}

export const isNotFound = (error: unknown) => isStatus(error, 404);
export const isConflict = (error: unknown) => isStatus(error, 409);
/** 410 Gone: the resourceVersion (or continue token) is too old; relist. */
export const isGone = (error: unknown) => isStatus(error, 410);
/** 422 Invalid, also what a failed JSON-patch `test` op returns. */
export const isInvalid = (error: unknown) => isStatus(error, 422);
