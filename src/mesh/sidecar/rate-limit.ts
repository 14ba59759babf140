/**
 * A token bucket (Envoy's local rate limit): the bucket holds up to `burst` tokens and refills at
 * `ratePerSec`; each request takes one, and a request finding it empty is answered 429 with
 * `Retry-After`. Invariant: tokens stay within [0, burst]; refill is computed from the clock on
 * demand, so an idle limiter costs nothing.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { RateLimitedError, checkNumber } from '../errors.ts';
import type { Layer } from '../compose.ts';
import type { MeshEvents } from './events.ts';

export interface RateLimitOptions {
  ratePerSec: number;
  /** Default: one second's worth of tokens. */
  burst?: number;
  service?: string;
  clock?: Clock;
  events?: MeshEvents;
}

export class TokenBucket {
  readonly ratePerSec: number;
  readonly burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #stamp: number;

  constructor(options: { ratePerSec: number; burst?: number; clock?: Clock }) {
    this.ratePerSec = checkNumber('ratePerSec', options.ratePerSec, Number.MIN_VALUE);
    this.burst = checkNumber('burst', options.burst ?? Math.max(1, options.ratePerSec), 1);
    this.#clock = options.clock ?? runtimeClock();
    this.#tokens = this.burst;
    this.#stamp = this.#clock.now();
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#stamp) * this.ratePerSec) / 1000);
    this.#stamp = now;
  }

  /** Takes a token if there is one. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  waitMs(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / this.ratePerSec;
  }
}

export function rateLimit(options: RateLimitOptions): Layer {
  const bucket = new TokenBucket(options);
  const service = options.service ?? 'upstream';
  return (next) => (req) => {
    if (bucket.take()) return next(req);
    options.events?.onRateLimited?.(service);
    return Promise.reject(new RateLimitedError(service, bucket.waitMs()));
  };
}
