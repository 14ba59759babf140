/**
 * The runtime's seeded random source: select's choice among ready cases, and `float()` for code
 * built on the runtime that needs seeded randomness (the mesh's jitter and balancers).
 *
 * SplitMix32-style generator: tiny state, fast, and the same seed gives the same sequence on every
 * engine, which is what makes a seeded program's select choices reproducible.
 */
export class Rand {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  /** A uniformly distributed integer in [0, n), n >= 1. */
  intn(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A uniformly distributed float in [0, 1) (32 random bits), Go's rand.Float64's role. */
  float(): number {
    let z = (this.#s = (this.#s + 0x9e3779b9) | 0);
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  }
}

/** A seed for programs that did not ask for one. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}
