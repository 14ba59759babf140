/**
 * Errors the mesh produces.
 *
 * Every failure has its own class with a stable `code` (safe to match on in tests, checks and
 * lessons) and an HTTP `status` that the edge of a server or sidecar answers with. Messages say
 * what happened and to which service or instance, the way Envoy's response flags and Consul's
 * errors do. Invariant: `code` and `status` never change for a class; only messages may be reworded.
 */

export type MeshErrorCode =
  | 'NO_HEALTHY_INSTANCE'
  | 'UPSTREAM_CONNECT'
  | 'CIRCUIT_OPEN'
  | 'DEADLINE_EXCEEDED'
  | 'DENIED'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'FAULT_INJECTED'
  | 'LISTEN_FAILED'
  | 'REGISTRY'
  | 'BAD_OPTION';

/**
 * The base of every error the mesh raises: a stable `code` to match on and the HTTP `status` a
 * server or sidecar answers with when it reaches its edge (see `errorResponse`). Go: an error type
 * checked with `errors.As`.
 *
 * @example
 * ```ts
 * import { MeshError, get } from 'gomesh';
 *
 * try {
 *   await get('http://127.0.0.1:9/');
 * } catch (e) {
 *   if (e instanceof MeshError) console.log(e.code, e.status); // UPSTREAM_CONNECT 503
 * }
 * ```
 */
export abstract class MeshError extends Error {
  abstract readonly code: MeshErrorCode;
  /** The HTTP status a server or sidecar answers with when this error reaches its edge. */
  abstract readonly status: number;
}

/** The balancer had nothing to pick from: every instance is missing, critical or ejected. */
export class NoHealthyInstanceError extends MeshError {
  override readonly name = 'NoHealthyInstanceError';
  readonly code = 'NO_HEALTHY_INSTANCE';
  readonly status = 503;
  constructor(readonly service: string) {
    super(`no healthy instance of "${service}"`);
  }
}

/** Nothing answered at the instance's address (connection refused, reset or no such listener). */
export class UpstreamConnectError extends MeshError {
  override readonly name = 'UpstreamConnectError';
  readonly code = 'UPSTREAM_CONNECT';
  readonly status = 503;
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`cannot connect to ${target}: ${reason}`);
  }
}

/** The circuit breaker in front of a service is open and fails calls fast. */
export class CircuitOpenError extends MeshError {
  override readonly name = 'CircuitOpenError';
  readonly code = 'CIRCUIT_OPEN';
  readonly status = 503;
  constructor(
    readonly service: string,
    readonly retryInMs: number,
  ) {
    super(`circuit open for "${service}": failing fast for another ${Math.max(0, Math.ceil(retryInMs))} ms`);
  }
}

/**
 * The request's deadline (or one try's, see the retry layer's `perTryTimeoutMs`) passed before an
 * answer arrived; `instance` names the instance that was still being waited for, when one was.
 */
export class DeadlineExceededError extends MeshError {
  override readonly name = 'DeadlineExceededError';
  readonly code = 'DEADLINE_EXCEEDED';
  readonly status = 504;
  constructor(
    readonly service: string,
    readonly timeoutMs: number,
    readonly instance?: string,
  ) {
    const at = instance === undefined ? '' : ` instance ${instance}`;
    super(`deadline exceeded calling "${service}"${at} (timeout ${Math.round(timeoutMs)} ms)`);
  }
}

/** The authorization policy of the called service refused the caller. */
export class DeniedByPolicyError extends MeshError {
  override readonly name = 'DeniedByPolicyError';
  readonly code = 'DENIED';
  readonly status = 403;
  constructor(
    readonly service: string,
    readonly caller: string,
    readonly method: string,
    readonly path: string,
    readonly rule: string,
  ) {
    super(`denied by policy of "${service}": ${caller} may not ${method} ${path} (${rule})`);
  }
}

/** The identity header is missing, expired or not signed with this mesh's key. */
export class UnauthenticatedError extends MeshError {
  override readonly name = 'UnauthenticatedError';
  readonly code = 'UNAUTHENTICATED';
  readonly status = 401;
  constructor(
    readonly service: string,
    readonly reason: string,
  ) {
    super(`"${service}" rejected the caller's identity: ${reason}`);
  }
}

/** The token bucket in front of a service is empty. */
export class RateLimitedError extends MeshError {
  override readonly name = 'RateLimitedError';
  readonly code = 'RATE_LIMITED';
  readonly status = 429;
  constructor(
    readonly service: string,
    readonly retryAfterMs: number,
  ) {
    super(`rate limit of "${service}" exceeded: retry in ${Math.max(1, Math.ceil(retryAfterMs))} ms`);
  }
}

/**
 * Fault injection aborted the request on purpose (Istio's `fault.abort`), before it reached the
 * upstream (`phase: 'request'`), or lost the upstream's answer after it had handled the request
 * (`phase: 'response'`).
 */
export class InjectedFaultError extends MeshError {
  override readonly name = 'InjectedFaultError';
  readonly code = 'FAULT_INJECTED';
  constructor(
    readonly service: string,
    readonly status: number,
    readonly phase: 'request' | 'response' = 'request',
  ) {
    super(
      phase === 'request'
        ? `fault injected: "${service}" aborted with ${status}`
        : `fault injected: "${service}" answered, and its answer was lost`,
    );
  }
}

/** A server could not start listening (port in use, bad address). */
export class ListenError extends MeshError {
  override readonly name = 'ListenError';
  readonly code = 'LISTEN_FAILED';
  readonly status = 500;
  constructor(
    readonly service: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`"${service}" cannot listen on ${address}: ${reason}`);
  }
}

/** The registry refused or failed an operation. */
export class RegistryError extends MeshError {
  override readonly name = 'RegistryError';
  readonly code = 'REGISTRY';
  readonly status = 502;
  constructor(message: string) {
    super(message);
  }
}

/** An option was invalid where it entered the mesh. */
export class BadOptionError extends MeshError {
  override readonly name = 'BadOptionError';
  readonly code = 'BAD_OPTION';
  readonly status = 500;
  constructor(message: string) {
    super(message);
  }
}

/** Validates a numeric option with the exact message style used across the project. */
export function checkNumber(name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
    throw new BadOptionError(`Expected \`${name}\` to be a finite number ${range}, got ${String(value)}`);
  }
  return value;
}

/** `e` if it is an Error, else an Error carrying it (for rejections of values thrown by user code). */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e), { cause: e });
}
