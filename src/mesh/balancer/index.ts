/**
 * `gomesh/balancer`: load balancers with seeded random sources.
 *
 * - round-robin.ts   `RoundRobin`    (Envoy ROUND_ROBIN)
 * - random.ts        `RandomBalancer` (Envoy RANDOM)
 * - least-request.ts `LeastRequest`  (Envoy LEAST_REQUEST, power of two choices)
 * - peak-ewma.ts     `PeakEwma`      (Linkerd / Finagle)
 *
 * @module gomesh/balancer
 */
import { BadOptionError } from '../errors.ts';
import type { Clock } from '../clock.ts';
import type { Random } from '../random.ts';
import type { Balancer } from './balancer.ts';
import { LeastRequest } from './least-request.ts';
import { PeakEwma } from './peak-ewma.ts';
import { RandomBalancer } from './random.ts';
import { RoundRobin } from './round-robin.ts';

export type { Balancer, Endpoint } from './balancer.ts';
export { endpoint } from './balancer.ts';
export { RoundRobin } from './round-robin.ts';
export { RandomBalancer } from './random.ts';
export { LeastRequest } from './least-request.ts';
export { PeakEwma, type PeakEwmaOptions } from './peak-ewma.ts';
export { pickTwo } from './two-choices.ts';

/**
 * The balancers `createBalancer` builds by name (Envoy's `lb_policy` names, Linkerd's peak-EWMA).
 *
 * Go: gRPC-Go's balancer names in a service config (`"loadBalancingPolicy": "round_robin"`).
 */
export type BalancerKind = 'round-robin' | 'random' | 'least-request' | 'peak-ewma';

/**
 * A fresh balancer by name; each call returns new, independent state.
 *
 * Go: choosing a gRPC-Go balancer by name (`round_robin`, `pick_first`) in a service config.
 *
 * @throws `BadOptionError` for an unknown kind (`Expected balancer to be one of "round-robin", "random",
 * "least-request", "peak-ewma", got "fastest"`).
 *
 * @example
 * ```ts
 * import { createBalancer, endpoint } from 'gomesh/balancer';
 *
 * const lb = createBalancer('least-request');
 * console.log(lb.name, lb.pick([endpoint('http://a:1')]).id); // least-request a:1
 * ```
 */
export function createBalancer(
  kind: BalancerKind,
  options: { random?: Random; clock?: Clock } = {},
): Balancer {
  switch (kind) {
    case 'round-robin':
      return new RoundRobin();
    case 'random':
      return new RandomBalancer(options);
    case 'least-request':
      return new LeastRequest(options);
    case 'peak-ewma':
      return new PeakEwma(options);
    default:
      throw new BadOptionError(
        `Expected balancer to be one of "round-robin", "random", "least-request", "peak-ewma", got ${JSON.stringify(kind)}`,
      );
  }
}
