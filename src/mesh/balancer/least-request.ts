/**
 * Least request with two random choices (Envoy's `LEAST_REQUEST`, choice_count 2): of two
 * endpoints drawn at random, pick the one with fewer requests in flight.
 * Invariant: the outstanding count of an endpoint is never negative.
 */
import { runtimeRandom, type Random } from '../random.ts';
import type { Balancer, Endpoint } from './balancer.ts';
import { pickTwo } from './two-choices.ts';

/**
 * Power of two choices: draws two endpoints at random and picks the one with fewer requests in
 * flight (Envoy `LEAST_REQUEST`). Go: gRPC-Go's `least_request_experimental` balancer.
 *
 * @example
 * ```ts
 * import { LeastRequest, endpoint } from 'gomesh/balancer';
 *
 * const lb = new LeastRequest();
 * const [a, b] = [endpoint('http://a:1'), endpoint('http://b:2')];
 * lb.onStart(a);
 * console.log(lb.pick([a, b]).id); // b:2 (a has one request in flight)
 * ```
 */
export class LeastRequest implements Balancer {
  readonly name = 'least-request';
  readonly #random: Random;
  readonly #active = new Map<string, number>();

  constructor(options: { random?: Random } = {}) {
    this.#random = options.random ?? runtimeRandom();
  }

  /** Requests in flight to `id`. */
  active(id: string): number {
    return this.#active.get(id) ?? 0;
  }

  pick(endpoints: readonly Endpoint[]): Endpoint {
    return pickTwo(endpoints, this.#random, (e) => this.active(e.id));
  }
  onStart(e: Endpoint): void {
    this.#active.set(e.id, this.active(e.id) + 1);
  }
  onEnd(e: Endpoint): void {
    this.#active.set(e.id, Math.max(0, this.active(e.id) - 1));
  }
}
