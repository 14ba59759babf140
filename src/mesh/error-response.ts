/**
 * How a mesh error looks on the wire: its status, a JSON body `{ error, code }` and an
 * `x-mesh-error` header carrying the stable code, so a caller one hop away (or a lab check) can
 * tell a circuit-open 503 from an application's own 503 without parsing the body.
 */
import type { MeshError } from './errors.ts';
import { json, type MeshResponse } from './message.ts';

export function errorResponse(err: MeshError): MeshResponse {
  const headers: Record<string, string> = { 'x-mesh-error': err.code };
  if ('retryAfterMs' in err && typeof err.retryAfterMs === 'number') {
    headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
  }
  return json(err.status, { error: err.message, code: err.code }, headers);
}
