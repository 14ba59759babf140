/**
 * Round-robin: each pick takes the next endpoint in turn (Envoy's `ROUND_ROBIN`, Consul's default).
 * Invariant: over any n consecutive picks from an unchanging list of n endpoints, each is picked once.
 */
import type { Balancer, Endpoint } from './balancer.ts';

/**
 * Each pick takes the next endpoint in turn (Envoy `ROUND_ROBIN`, Consul's default; Go: gRPC-Go's
 * `round_robin` balancer).
 *
 * @example
 * ```ts
 * import { RoundRobin, endpoint } from 'gomesh/balancer';
 *
 * const lb = new RoundRobin();
 * const eps = [endpoint('http://127.0.0.1:8081'), endpoint('http://127.0.0.1:8082')];
 * console.log(lb.pick(eps).id, lb.pick(eps).id); // 127.0.0.1:8081 127.0.0.1:8082
 * ```
 */
export class RoundRobin implements Balancer {
  readonly name = 'round-robin';
  #next = 0;

  pick(endpoints: readonly Endpoint[]): Endpoint {
    const e = endpoints[this.#next % endpoints.length] as Endpoint;
    this.#next = (this.#next + 1) % 1_000_000_007;
    return e;
  }
  onStart(): void {}
  onEnd(): void {}
}
