/**
 * The mesh's traffic as data: one record per request, and the resilience events that change where
 * traffic may go (an instance ejected, a breaker opened or closed), for a live topology like Kiali's.
 *
 * Who reports a request, so that each is reported exactly once (Kiali reads Istio's telemetry the
 * same way: the destination's report where the request reached a server, the source's where it
 * did not or where the source knows more):
 *   - a cluster (sidecar/cluster.ts) reports every attempt it sends, with its caller, the instance
 *     it picked, the attempt number (0 the first try, n the n-th retry) and, when the mesh answered
 *     in the instance's place (connection failed, try cut off by a deadline), the error's code; it
 *     marks the request with `x-mesh-from` so the server does not report it again;
 *   - a server (server.ts) reports every request without that mark: a client outside the mesh's
 *     discovery (the page's request panel, a lab's check, a plain `request()`), `from` null; and
 *     when the mesh answered in its place (a sidecar's rate limit, authorization, open breaker, no
 *     healthy instance), the error's code.
 *
 * Times are on the clock of the component that reports (the program's clock: virtual in a
 * virtual-clock lab). Invariants: records are plain data (no words, no objects shared with the
 * mesh); while no listener is attached nothing is built, timed or marked (`trafficListening()` is
 * the one check on the hot path), so an unobserved mesh behaves and costs as before.
 */

/**
 * Header a cluster puts on the requests it reports itself (the caller's name).
 *
 * No Go counterpart (Envoy's `x-envoy-downstream-service-cluster` plays this part).
 */
export const FROM_HEADER = 'x-mesh-from';

/**
 * One request (one attempt, for a cluster's retries) as the mesh saw it.
 *
 * No Go counterpart: one line of an access log (Envoy's access log entry).
 */
export interface TrafficRequest {
  readonly kind: 'request';
  /**
   * Who called: a service or sidecar name; `''` the program itself (a ServiceClient given no
   * `caller`); null a client outside the mesh's discovery (the page, a check, a plain request()).
   */
  readonly from: string | null;
  /** The service called (a listener's name, or the service a cluster resolves). */
  readonly to: string;
  /** The instance that was called, `host:port`. */
  readonly instance: string;
  /** When the request started, in ms on the reporting component's clock. */
  readonly start: number;
  readonly durationMs: number;
  /** The HTTP status answered (the mesh's own answer included, e.g. 429, 503, 504). */
  readonly status: number;
  /** The mesh error's code when the mesh answered in the service's place (`RATE_LIMITED`, ...). */
  readonly code?: string;
  /** 0 for a first try, n for the n-th retry of the same call. */
  readonly attempt: number;
}

/**
 * Outlier detection took an instance out of a service's balancing for `durationMs`.
 *
 * No Go counterpart: Envoy's outlier ejection event.
 */
export interface TrafficEjection {
  readonly kind: 'eject';
  readonly service: string;
  readonly instance: string;
  readonly at: number;
  readonly durationMs: number;
}

/**
 * A circuit breaker in front of `service` opened (failing fast for `cooldownMs`) or closed.
 *
 * No Go counterpart: `gobreaker`'s `OnStateChange` callback.
 */
export interface TrafficBreaker {
  readonly kind: 'breaker';
  readonly service: string;
  readonly at: number;
  readonly state: 'open' | 'closed';
  /** How long an opened breaker fails fast before it lets a probe through. */
  readonly cooldownMs: number;
}

/**
 * One traffic record: a request, an ejection or a breaker change (what the lab's Requests tab shows).
 *
 * No Go counterpart (see `onTraffic`).
 */
export type TrafficEvent = TrafficRequest | TrafficEjection | TrafficBreaker;

const listeners = new Set<(event: TrafficEvent) => void>();

/**
 * Calls `listener` with every traffic event from now on; returns the function that stops it.
 *
 * No Go counterpart (the lab's Requests tab; in Go, an `http.RoundTripper` and middleware that log).
 *
 * @example
 * ```ts
 * import { onTraffic } from 'gomesh';
 *
 * const stop = onTraffic((event) => console.log(event.kind));
 * stop();
 * ```
 */
export function onTraffic(listener: (event: TrafficEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Whether anyone listens (reporters check this before they build or time anything).
 *
 * No Go counterpart (see `onTraffic`).
 *
 * @example
 * ```ts
 * import { trafficListening } from 'gomesh';
 *
 * console.log(trafficListening()); // false until someone calls onTraffic
 * ```
 */
export function trafficListening(): boolean {
  return listeners.size > 0;
}

/** Hands `event` to every listener (reporters call it only while `trafficListening()`). */
export function reportTraffic(event: TrafficEvent): void {
  for (const listener of listeners) listener(event);
}
