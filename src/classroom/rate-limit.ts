/**
 * A token bucket per key (a client IP or a student token): `capacity` requests at once, then one
 * more every `refillMs`. Chosen over @fastify/rate-limit's fixed windows because one route needs two
 * keys (a student's token and, behind it, their IP), a burst-then-steady shape fits how students
 * press Check (a few in a row, then a pause), and the clock is injected, so tests step time instead
 * of sleeping.
 *
 * Invariants: a bucket never holds more than `capacity` tokens; a refused take leaves the bucket
 * unchanged; memory stays bounded, since full buckets (nothing to remember) are swept once more than
 * `sweepAt` keys are held.
 */

export interface BucketOptions {
  /** Requests allowed at once (the burst). */
  readonly capacity: number;
  /** Milliseconds for one token to come back. */
  readonly refillMs: number;
}

export class RateLimiter {
  readonly #options: BucketOptions;
  readonly #now: () => number;
  readonly #sweepAt: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: BucketOptions, now: () => number, sweepAt = 10_000) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new RangeError(`Expected \`capacity\` to be an integer >= 1, got ${options.capacity}`);
    }
    if (!Number.isFinite(options.refillMs) || options.refillMs <= 0) {
      throw new RangeError(`Expected \`refillMs\` to be a finite number > 0, got ${options.refillMs}`);
    }
    this.#options = options;
    this.#now = now;
    this.#sweepAt = sweepAt;
  }

  /** Takes one token for `key`: 0 when allowed, else the milliseconds until one is back. */
  take(key: string): number {
    const { capacity, refillMs } = this.#options;
    const now = this.#now();
    const bucket = this.#buckets.get(key);
    const tokens =
      bucket === undefined ? capacity : Math.min(capacity, bucket.tokens + (now - bucket.at) / refillMs);
    if (tokens < 1) return Math.ceil((1 - tokens) * refillMs);
    if (bucket === undefined && this.#buckets.size >= this.#sweepAt) this.#sweep(now);
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  /** How many keys the limiter remembers. */
  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    const { capacity, refillMs } = this.#options;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) / refillMs >= capacity) this.#buckets.delete(key);
    }
  }
}
