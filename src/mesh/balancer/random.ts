/**
 * Random: each pick is uniform over the endpoints, from a seeded source (Envoy's `RANDOM`).
 */
import { randomIndex, runtimeRandom, type Random } from '../random.ts';
import type { Balancer, Endpoint } from './balancer.ts';

/**
 * Each pick is uniformly random, from the seeded source (Envoy `RANDOM`). Go: `eps[rand.IntN(len(eps))]`.
 *
 * @example
 * ```ts
 * import { RandomBalancer, endpoint } from 'gomesh/balancer';
 *
 * const lb = new RandomBalancer({ random: () => 0.9 });
 * console.log(lb.pick([endpoint('http://a:1'), endpoint('http://b:2')]).id); // b:2
 * ```
 */
export class RandomBalancer implements Balancer {
  readonly name = 'random';
  readonly #random: Random;

  constructor(options: { random?: Random } = {}) {
    this.#random = options.random ?? runtimeRandom();
  }

  pick(endpoints: readonly Endpoint[]): Endpoint {
    return endpoints[randomIndex(this.#random, endpoints.length)] as Endpoint;
  }
  onStart(): void {}
  onEnd(): void {}
}
