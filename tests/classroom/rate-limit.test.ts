/**
 * The token bucket on a stepped clock: burst, refill, the wait it reports, and bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/classroom/rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst of `capacity`, then one per `refillMs`, and says how long to wait', () => {
    let t = 0;
    const limiter = new RateLimiter({ capacity: 3, refillMs: 1000 }, () => t);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1000);
    t = 400;
    expect(limiter.take('a')).toBe(600); // a refused take changes nothing
    expect(limiter.take('b')).toBe(0); // keys are independent
    t = 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1000);
    t = 100_000; // a long pause refills to capacity, not beyond
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([
      0, 0, 0, 1000,
    ]);
  });

  it('forgets full buckets when it holds too many keys, and keeps the ones still owed', () => {
    let t = 0;
    const limiter = new RateLimiter({ capacity: 1, refillMs: 1000 }, () => t, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    t = 1500; // a, b, c are full again
    limiter.take('d'); // a 4th key: the full ones are forgotten first
    expect(limiter.size).toBe(1);
    limiter.take('e');
    limiter.take('f');
    t = 1700; // d, e, f all owe a token: nothing is forgotten
    limiter.take('g');
    expect(limiter.size).toBe(4);
    expect(limiter.take('d')).toBe(800);
  });

  it('refuses options that make no bucket', () => {
    expect(() => new RateLimiter({ capacity: 0, refillMs: 1 }, Date.now)).toThrow(
      'Expected `capacity` to be an integer >= 1, got 0',
    );
    expect(() => new RateLimiter({ capacity: 1, refillMs: Number.NaN }, Date.now)).toThrow(
      'Expected `refillMs` to be a finite number > 0, got NaN',
    );
  });
});
