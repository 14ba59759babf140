/**
 * Errors the mesh produces.
 *
 * Every failure has its own class with a stable `code` (safe to match on in tests, checks and
 * lessons) and an HTTP `status` that the edge of a server or sidecar answers with. Messages say
 * what happened and to which service or instance, the way Envoy's response flags and Consul's
 * errors do. Invariant: `code` and `status` never change for a class; only messages may be reworded.
 *
 * Go: sentinel errors (`var ErrNoHealthyInstance = errors.New(…)`) matched with `errors.Is`.
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

/**
 * The balancer had nothing to pick from: every instance is missing, critical or ejected.
 *
 * Go: the error of a gRPC-Go picker with no ready connection (`codes.Unavailable`); Envoy's `no healthy upstream`.
 *
 * @example
 * ```ts
 * import { NoHealthyInstanceError } from 'gomesh';
 *
 * const e = new NoHealthyInstanceError('users');
 * console.log(e.message, e.status); // no healthy instance of "users" 503
 * ```
 */
export class NoHealthyInstanceError extends MeshError {
  override readonly name = 'NoHealthyInstanceError';
  readonly code = 'NO_HEALTHY_INSTANCE';
  readonly status = 503;
  constructor(readonly service: string) {
    super(`no healthy instance of "${service}"`);
  }
}

/**
 * Nothing answered at the instance's address (connection refused, reset or no such listener).
 *
 * Go: the `*net.OpError` of `dial tcp 127.0.0.1:9: connect: connection refused`.
 *
 * @example
 * ```ts
 * import { UpstreamConnectError } from 'gomesh';
 *
 * const e = new UpstreamConnectError('127.0.0.1:9', 'ECONNREFUSED');
 * console.log(e.message); // cannot connect to 127.0.0.1:9: ECONNREFUSED
 * ```
 */
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

/**
 * The circuit breaker in front of a service is open and fails calls fast.
 *
 * Go: `gobreaker.ErrOpenState` (`circuit breaker is open`).
 *
 * @example
 * ```ts
 * import { CircuitOpenError } from 'gomesh';
 *
 * const e = new CircuitOpenError('users', 4000);
 * console.log(e.message); // circuit open for "users": failing fast for another 4000 ms
 * ```
 */
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
 *
 * Go: `context.DeadlineExceeded` (`context deadline exceeded`), as an HTTP 504.
 *
 * @example
 * ```ts
 * import { DeadlineExceededError } from 'gomesh';
 *
 * const e = new DeadlineExceededError('users', 500);
 * console.log(e.message, e.status); // deadline exceeded calling "users" (timeout 500 ms) 504
 * ```
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

/**
 * The authorization policy of the called service refused the caller.
 *
 * Go: an RBAC denial (Istio's `RBAC: access denied`), as an HTTP 403.
 *
 * @example
 * ```ts
 * import { DeniedByPolicyError } from 'gomesh';
 *
 * const e = new DeniedByPolicyError('orders', 'web', 'DELETE', '/orders/1', 'deny rule 1');
 * console.log(e.status); // 403
 * ```
 */
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

/**
 * The identity header is missing, expired or not signed with this mesh's key.
 *
 * Go: a failed mTLS handshake (`tls: bad certificate`), as an HTTP 401.
 *
 * @example
 * ```ts
 * import { UnauthenticatedError } from 'gomesh';
 *
 * const e = new UnauthenticatedError('orders', 'bad signature');
 * console.log(e.message); // "orders" rejected the caller's identity: bad signature
 * ```
 */
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

/**
 * The token bucket in front of a service is empty.
 *
 * Go: what a handler answers when `rate.Limiter.Allow()` is false (HTTP 429).
 *
 * @example
 * ```ts
 * import { RateLimitedError } from 'gomesh';
 *
 * const e = new RateLimitedError('users', 250);
 * console.log(e.message, e.status); // rate limit of "users" exceeded: retry in 250 ms 429
 * ```
 */
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
 *
 * No Go counterpart: a fault injected on purpose (Istio's `fault.abort`).
 *
 * @example
 * ```ts
 * import { InjectedFaultError } from 'gomesh';
 *
 * const e = new InjectedFaultError('users', 503);
 * console.log(e.code); // FAULT_INJECTED
 * ```
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

/**
 * A server could not start listening (port in use, bad address).
 *
 * Go: the error of `net.Listen` (`listen tcp 127.0.0.1:8080: bind: address already in use`).
 *
 * @example
 * ```ts
 * import { ListenError } from 'gomesh';
 *
 * const e = new ListenError('users', '127.0.0.1:8080', 'address in use');
 * console.log(e.message); // "users" cannot listen on 127.0.0.1:8080: address in use
 * ```
 */
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

/**
 * The registry refused or failed an operation.
 *
 * Go: an error returned by `hashicorp/consul/api` calls.
 *
 * @example
 * ```ts
 * import { RegistryError } from 'gomesh';
 *
 * const e = new RegistryError('registry unreachable');
 * console.log(e.code, e.status); // REGISTRY 502
 * ```
 */
export class RegistryError extends MeshError {
  override readonly name = 'RegistryError';
  readonly code = 'REGISTRY';
  readonly status = 502;
  constructor(message: string) {
    super(message);
  }
}

/**
 * An option was invalid where it entered the mesh.
 *
 * Go: the error (or panic) of a constructor given a bad argument.
 *
 * @example
 * ```ts
 * import { BadOptionError } from 'gomesh';
 *
 * const e = new BadOptionError('Expected `port` to be a finite number between 1 and 65535, got 0');
 * console.log(e.status); // 500
 * ```
 */
export class BadOptionError extends MeshError {
  override readonly name = 'BadOptionError';
  readonly code = 'BAD_OPTION';
  readonly status = 500;
  constructor(message: string) {
    super(message);
  }
}

/**
 * Validates a numeric option with the exact message style used across the project.
 *
 * No Go counterpart: the option check every gomesh constructor runs.
 *
 * @example
 * ```ts
 * import { BadOptionError, checkNumber } from 'gomesh';
 *
 * try {
 *   checkNumber('timeoutMs', -5, 1);
 * } catch (e) {
 *   if (e instanceof BadOptionError) console.log(e.message); // Expected `timeoutMs` to be a finite number >= 1, got -5
 * }
 * ```
 */
export function checkNumber(name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
    throw new BadOptionError(`Expected \`${name}\` to be a finite number ${range}, got ${String(value)}`);
  }
  return value;
}

/**
 * `e` if it is an Error, else an Error carrying it (for rejections of values thrown by user code).
 *
 * Go: `fmt.Errorf("%v", v)` for a recovered panic value.
 *
 * @example
 * ```ts
 * import { asError } from 'gomesh';
 *
 * console.log(asError('plain string').message); // plain string
 * ```
 */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e), { cause: e });
}
