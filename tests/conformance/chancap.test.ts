/**
 * Port of Go's test/chancap.go (package main, func main): len and cap of a buffered channel as it
 * fills, and of an unbuffered one, through both the builtins `len(c)`/`cap(c)` and the properties.
 *
 * Adapted: the current Go test also checks that `make(chan int, n)` panics for a negative or huge
 * n ("makechan: size out of range"); that check is kept, with JavaScript's largest array length
 * standing in for Go's address-space limit.
 */
import { cap, chan, len, panic } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass, shouldPanic } from './harness.ts';

describe('test/chancap.go', () => {
  it('reports len and cap of buffered and unbuffered channels', async () => {
    await expectGoPass(async () => {
      let c = chan<number>(10);
      if (len(c) !== 0 || cap(c) !== 10) panic(`chan len/cap ${len(c)} ${cap(c)} want 0 10`);

      for (let i = 0; i < 3; i++) await c.send(i);
      if (len(c) !== 3 || cap(c) !== 10) panic(`chan len/cap ${len(c)} ${cap(c)} want 3 10`);
      if (c.len !== 3 || c.cap !== 10) panic(`chan .len/.cap ${c.len} ${c.cap} want 3 10`);

      c = chan<number>();
      if (len(c) !== 0 || cap(c) !== 0) panic(`chan len/cap ${len(c)} ${cap(c)} want 0 0`);
    });
  });

  it('panics on a negative or oversized capacity', async () => {
    await expectGoPass(async () => {
      await shouldPanic(() => chan<number>(-1), 'makechan: size out of range');
      await shouldPanic(() => chan<number>(2 ** 53), 'makechan: size out of range');
    });
  });
});
