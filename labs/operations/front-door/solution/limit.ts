import * as time from 'gort/time';
import { RateLimitedError, type Layer } from 'gomesh';
import { TokenBucket } from 'gomesh/sidecar';

export interface LimitOptions {
  /** Tokens added a second: the rate r. */
  ratePerSec: number;
  /** Tokens the bucket holds: the burst b. */
  burst: number;
  /** Requests that may wait for a token at once. */
  queue: number;
}

export function limit(options: LimitOptions): Layer {
  const bucket = new TokenBucket({
    ratePerSec: options.ratePerSec,
    burst: options.burst,
  });
  // The requests waiting hold reserved tokens one
  // token apart, so a queue of `queue` is a wait of at
  // most queue / r seconds.
  const maxWait =
    (options.queue * 1000) / options.ratePerSec;
  return (next) => async (req) => {
    const token = bucket.reserve();
    if (token.delayMs > maxWait) {
      token.cancel(); // it will not wait: give it back
      // There is room for it once its wait fits in
      // the queue: that is how long a retry must wait.
      throw new RateLimitedError(
        'api',
        token.delayMs - maxWait,
      );
    }
    await time.sleep(token.delayMs);
    return next(req);
  };
}
