/**
 * Seeded random sources.
 *
 * Balancers, fault injection and retry jitter take a `Random` (a function returning a float in
 * [0, 1)) so that a fixed seed reproduces the same picks. `seededRandom` is mulberry32: 32 bits of
 * state, full period 2^32, good enough for load balancing and cheap enough for a hot path.
 */

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unseeded source for production use. */
export const defaultRandom: Random = Math.random;

/** Integer in [0, n). */
export function randomIndex(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
