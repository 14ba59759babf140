/**
 * Picking two distinct endpoints at random: the "power of two choices" (Mitzenmacher, "The Power
 * of Two Choices in Randomized Load Balancing", IEEE TPDS 2001). Comparing two random candidates
 * instead of scanning all of them avoids the herd behaviour of "always pick the global minimum"
 * while keeping the maximum load exponentially closer to the mean than one random choice.
 * Ties go to the first candidate.
 */
import { randomIndex, type Random } from '../random.ts';
import type { Endpoint } from './balancer.ts';

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
