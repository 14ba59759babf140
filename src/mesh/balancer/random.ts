/**
 * Random: each pick is uniform over the endpoints, from a seeded source (Envoy's `RANDOM`).
 */
import { randomIndex, runtimeRandom, type Random } from '../random.ts';
import type { Balancer, Endpoint } from './balancer.ts';

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
