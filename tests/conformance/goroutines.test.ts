/**
 * Port of Go's test/chan/goroutines.go (package main: f, main): 10,000 goroutines threaded together
 * by unbuffered channels, each passing what it receives on its right to its left. One value sent
 * into the rightmost channel must come out of the leftmost.
 *
 * Adapted: Go's optional command-line count is the parameter `n`. Go's test only says it tears the
 * goroutines down "cleanly"; here a WaitGroup proves that every one of them returned.
 */
import { chan, go, panic, type Chan } from 'gort';
import { WaitGroup } from 'gort/sync';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

async function chained(n: number): Promise<void> {
  const wg = new WaitGroup();
  const f = async (left: Chan<number, undefined>, right: Chan<number, undefined>) => {
    await left.send((await right.recv()) as number);
    wg.done();
  };
  const leftmost = chan<number>();
  let right = leftmost;
  let left = leftmost;
  for (let i = 0; i < n; i++) {
    right = chan<number>();
    wg.add(1);
    go(f, left, right);
    left = right;
  }
  go(async (c: Chan<number, undefined>) => c.send(1), right);
  const v = await leftmost.recv();
  if (v !== 1) panic(`leftmost received ${v}, want 1`);
  await wg.wait();
}

describe('test/chan/goroutines.go', () => {
  it('passes one value through 10,000 chained goroutines, which all return', async () => {
    await expectGoPass(() => chained(10_000));
  });
});
