/**
 * The balancer contract.
 *
 * `pick` chooses one endpoint from a non-empty list (the caller has already removed ejected and
 * unhealthy ones, so the list may differ between calls); `onStart`/`onEnd` report each request so
 * load-aware balancers can count outstanding requests and measure latency. Implementations keep
 * per-endpoint state keyed by `Endpoint.id` and MUST tolerate ids they have never seen and ids
 * that disappear.
 *
 * Go: gRPC-Go's `resolver.Address`.
 */

export interface Endpoint {
  /** `host:port`, unique within a service. */
  readonly id: string;
  /** Base URL, `http://host:port`. */
  readonly url: string;
  readonly meta?: Readonly<Record<string, string>>;
}

/**
 * Chooses the instance each request goes to, and hears how each request went. Go: gRPC-Go's
 * `balancer.Picker` (`Pick`, with `Done` reporting the outcome).
 */
export interface Balancer {
  readonly name: string;
  /** Chooses one of `endpoints` (never empty: the caller removed ejected and unhealthy ones). */
  pick(endpoints: readonly Endpoint[]): Endpoint;
  /** A request to `endpoint` starts (load-aware balancers count it as outstanding). */
  onStart(endpoint: Endpoint): void;
  /** A request to `endpoint` ended after `latencyMs`, successfully or not. */
  onEnd(endpoint: Endpoint, latencyMs: number, ok: boolean): void;
}

/**
 * An endpoint from a base URL such as `http://127.0.0.1:8080`.
 *
 * Go: `resolver.Address{Addr: "127.0.0.1:8080"}`.
 *
 * @example
 * ```ts
 * import { endpoint } from 'gomesh/balancer';
 *
 * console.log(endpoint('http://127.0.0.1:8080/')); // { id: '127.0.0.1:8080', url: 'http://127.0.0.1:8080' }
 * ```
 */
export function endpoint(url: string, meta?: Record<string, string>): Endpoint {
  const base = url.replace(/\/+$/, '');
  const id = base.replace(/^http:\/\//, '');
  return meta ? { id, url: base, meta } : { id, url: base };
}
