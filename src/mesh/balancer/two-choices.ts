/**
 * Picking two distinct endpoints at random: the "power of two choices" (Mitzenmacher, "The Power
 * of Two Choices in Randomized Load Balancing", IEEE TPDS 2001). Comparing two random candidates
 * instead of scanning all of them avoids the herd behaviour of "always pick the global minimum"
 * while keeping the maximum load exponentially closer to the mean than one random choice.
 * Ties go to the first candidate.
 */
import { randomIndex, type Random } from '../random.ts';
import type { Endpoint } from './balancer.ts';

/**
 * Draws two distinct endpoints with `random` and returns the one with the lower `cost` (the first on
 * a tie): the "power of two choices" step of `LeastRequest` and `PeakEwma`.
 *
 * Go: the core of gRPC-Go's `least_request_experimental` picker.
 *
 * @example
 * ```ts
 * import { endpoint, pickTwo } from 'gomesh/balancer';
 *
 * const eps = [endpoint('http://a:1'), endpoint('http://b:2'), endpoint('http://c:3')];
 * const inFlight: Record<string, number> = { 'a:1': 3, 'b:2': 0, 'c:3': 1 };
 * console.log(pickTwo(eps, Math.random, (e) => inFlight[e.id] ?? 0).id);
 * ```
 */
export function pickTwo(
  endpoints: readonly Endpoint[],
  random: Random,
  cost: (e: Endpoint) => number,
): Endpoint {
  const n = endpoints.length;
  if (n === 1) return endpoints[0] as Endpoint;
  const i = randomIndex(random, n);
  let j = randomIndex(random, n - 1);
  if (j >= i) j++;
  const a = endpoints[i] as Endpoint;
  const b = endpoints[j] as Endpoint;
  return cost(b) < cost(a) ? b : a;
}
