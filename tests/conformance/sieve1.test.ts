/**
 * Port of Go's test/chan/sieve1.go (package main: Generate, Filter, Sieve, main): the concurrent
 * prime sieve, a linear chain of filter goroutines over unbuffered channels, must produce the 25
 * primes below 100 in order.
 *
 * Adapted: `for i := range in` becomes `for await (const i of inp)`. When main returns, the
 * generator and the filters are still blocked; the program ends anyway, as Go's does.
 */
import { chan, go, panic, type Chan } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

/** Sends 2, 3, 4, ... to `ch`. */
async function generate(ch: Chan<number, undefined>): Promise<void> {
  for (let i = 2; ; i++) await ch.send(i);
}

/** Copies `inp` to `out`, dropping the multiples of `prime`. */
async function filter(inp: Chan<number, undefined>, out: Chan<number, undefined>, prime: number) {
  for await (const i of inp) {
    if (i % prime !== 0) await out.send(i);
  }
}

/** Daisy-chains the filters: each prime that comes out of the chain gets a filter of its own. */
async function sieve(primes: Chan<number, undefined>): Promise<void> {
  let ch = chan<number>();
  go(generate, ch);
  for (;;) {
    const prime = (await ch.recv()) as number; // ch is never closed
    await primes.send(prime);
    const ch1 = chan<number>();
    go(filter, ch, ch1, prime);
    ch = ch1;
  }
}

const want = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

describe('test/chan/sieve1.go', () => {
  it('produces the primes below 100 in order', async () => {
    await expectGoPass(async () => {
      const primes = chan<number>();
      go(sieve, primes);
      for (const a of want) {
        const x = await primes.recv();
        if (x !== a) panic(`${x} != ${a}`);
      }
    });
  });
});
