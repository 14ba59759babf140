/**
 * The mesh's random numbers: gort's seeded source.
 *
 * Balancers, retry jitter, fault injection, trace ids and registry backoff take a `Random` (a
 * function returning a float in [0, 1)); the default, `runtimeRandom()`, draws from the random
 * source of the gort program that built the component — the one `select` draws from, seeded by
 * `configure({ seed })` — so a program run twice with the same seed makes the same choices
 * everywhere, in the same order. Tests of one piece pass a scripted function instead.
 */
import { activeRuntime } from 'gort';

/**
 * A source of floats in [0, 1): gort's seeded one by default (so a seed replays every choice), or a
 * scripted function in tests. Go: `rand.Float64`.
 */
export type Random = () => number;

/** The random source of the program running now (gort's active runtime). */
export function runtimeRandom(): Random {
  const rand = activeRuntime().rand;
  return () => rand.float();
}

/** Integer in [0, n). */
export function randomIndex(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
