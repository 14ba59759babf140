import * as time from 'gort/time';
import { type Layer } from 'gomesh';
import { TokenBucket } from 'gomesh/sidecar';

export interface LimitOptions {
  /** Tokens added a second: the rate r. */
  ratePerSec: number;
  /** Tokens the bucket holds: the burst b. */
  burst: number;
  /** Requests that may wait for a token at once. */
  queue: number;
}

// ---- Yours. ----
// A front door for a service: a token bucket (r, b)
// and a queue of at most `queue` requests waiting for
// their token, in order. A request that finds the
// queue full is turned away at once: throw
// new RateLimitedError('api', ms) (import it from
// 'gomesh'), which answers 429 with Retry-After, the
// ms rounded up to whole seconds. Make it honest: a
// retry after that long must find room in the queue.
// This one lets every request wait for its token,
// however long the line: nobody is ever turned away,
// and the wait grows with the burst.
export function limit(options: LimitOptions): Layer {
  const bucket = new TokenBucket({
    ratePerSec: options.ratePerSec,
    burst: options.burst,
  });
  return (next) => async (req) => {
    const token = bucket.reserve();
    await time.sleep(token.delayMs);
    return next(req);
  };
}
