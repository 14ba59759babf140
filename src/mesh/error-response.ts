/**
 * How a mesh error looks on the wire: its status, a JSON body `{ error, code }` and an
 * `x-mesh-error` header carrying the stable code, so a caller one hop away (or a lab check) can
 * tell a circuit-open 503 from an application's own 503 without parsing the body.
 */
import type { MeshError } from './errors.ts';
import { json, type MeshResponse } from './message.ts';

/**
 * The response a server answers with when `err` reaches its edge: `err.status`, a JSON body
 * `{ error, code }` and the code in `x-mesh-error` (plus `retry-after` for rate limiting). Go:
 * `http.Error(w, err.Error(), status)` with a machine-readable code.
 *
 * @example
 * ```ts
 * import { NoHealthyInstanceError, errorResponse } from 'gomesh';
 *
 * const res = errorResponse(new NoHealthyInstanceError('users'));
 * console.log(res.status, res.header('x-mesh-error')); // 503 NO_HEALTHY_INSTANCE
 * ```
 */
export function errorResponse(err: MeshError): MeshResponse {
  const headers: Record<string, string> = { 'x-mesh-error': err.code };
  if ('retryAfterMs' in err && typeof err.retryAfterMs === 'number') {
    headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
  }
  return json(err.status, { error: err.message, code: err.code }, headers);
}
