/**
 * A token bucket (Envoy's local rate limit): the bucket holds up to `burst` tokens and refills at
 * `ratePerSec`; each request takes one, and a request finding it empty is answered 429 with
 * `Retry-After`. A caller that would rather wait than be turned away reserves its token instead
 * (`reserve`, x/time/rate's `Reserve`): the tokens go below zero, one for each reservation not yet
 * due, so the requests waiting are served in the order they reserved and `take` never jumps ahead
 * of them. Invariant: tokens stay within [-(reservations not yet due), burst]; refill is computed
 * from the clock on demand, so an idle limiter costs nothing.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { RateLimitedError, checkNumber } from '../errors.ts';
import type { Layer } from '../compose.ts';
import type { MeshEvents } from './events.ts';

/**
 * The options of `rateLimit`: rate, burst, the service named in the error, clock, events.
 *
 * Go: `rate.NewLimiter(r, b)`'s arguments.
 */
export interface RateLimitOptions {
  ratePerSec: number;
  /** Default: one second's worth of tokens. */
  burst?: number;
  service?: string;
  clock?: Clock;
  events?: MeshEvents;
}

/**
 * A token reserved by `TokenBucket.reserve` (x/time/rate's `Reservation`).
 *
 * Go: `*rate.Reservation` (`Delay()`, `Cancel()`).
 */
export interface Reservation {
  /** Milliseconds until the token is there: wait that long, then act (0: act now). */
  readonly delayMs: number;
  /**
   * Gives the token back, for a caller that will not wait after all (a request turned away);
   * without it every later request waits one token longer. Calling it again does nothing.
   */
  cancel(): void;
}

/**
 * A token bucket: holds up to `burst` tokens, refilled at `ratePerSec`; `take` takes one if there is
 * one, `reserve` books one and says how long to wait. Go: `golang.org/x/time/rate`'s `Limiter`
 * (`Allow`, `Reserve`).
 *
 * @throws `BadOptionError` for a rate <= 0 or a burst < 1.
 *
 * @example
 * ```ts
 * import { TokenBucket } from 'gomesh/sidecar';
 *
 * const bucket = new TokenBucket({ ratePerSec: 2, burst: 1 });
 * console.log(bucket.take(), bucket.take()); // true false
 * ```
 */
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

  /**
   * Takes the next token now, whenever it comes: the reservation says how long to wait for it.
   * Cancel it at once if you will not wait (x/time/rate's `CancelAt` gives back only the tokens no
   * later reservation has counted on; gomesh gives back the whole token, which is the same for a
   * reservation cancelled before the next one is made).
   */
  reserve(): Reservation {
    this.#refill();
    this.#tokens -= 1;
    const delayMs = this.#tokens >= 0 ? 0 : (-this.#tokens * 1000) / this.ratePerSec;
    let cancelled = false;
    return {
      delayMs,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        this.#refill();
        this.#tokens = Math.min(this.burst, this.#tokens + 1);
      },
    };
  }
}

/**
 * A layer that answers 429 with `Retry-After` when its token bucket is empty (`RateLimitedError`,
 * `rate limit of "users" exceeded: retry in 500 ms`). Go: `rate.Limiter.Allow` in a middleware.
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { rateLimit } from 'gomesh/sidecar';
 *
 * const handler = compose(rateLimit({ ratePerSec: 100, burst: 20 }))(() => text(200, 'ok'));
 * ```
 */
export function rateLimit(options: RateLimitOptions): Layer {
  const bucket = new TokenBucket(options);
  const service = options.service ?? 'upstream';
  return (next) => (req) => {
    if (bucket.take()) return next(req);
    options.events?.onRateLimited?.(service);
    return Promise.reject(new RateLimitedError(service, bucket.waitMs()));
  };
}
