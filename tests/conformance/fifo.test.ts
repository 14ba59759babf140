/**
 * Port of Go's test/chan/fifo.go (package main: AsynchFifo, SynchFifo): a buffered channel hands
 * values out in the order they went in, and senders blocked on an unbuffered channel are served
 * first-come, first-served.
 *
 * Adapted: none beyond syntax. SynchFifo's daisy chain makes goroutine i send only after goroutine
 * i-1 has received, so the order in which the N receivers park on `ch` is fixed; each receiver
 * must then get exactly its own index.
 */
import { chan, go, panic, type Chan } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

const N = 10;

async function asynchFifo(): Promise<void> {
  const ch = chan<number>(N);
  for (let i = 0; i < N; i++) await ch.send(i);
  for (let i = 0; i < N; i++) {
    if ((await ch.recv()) !== i) panic('bad receive');
  }
}

async function chain(
  ch: Chan<number, undefined>,
  val: number,
  inp: Chan<number, undefined>,
  out: Chan<number, undefined>,
): Promise<void> {
  await inp.recv();
  const v = await ch.recv();
  if (v !== val) panic(val);
  await out.send(1);
}

/** Threads a daisy chain of goroutines that must read the values of `ch` in sequence. */
async function synchFifo(): Promise<void> {
  const ch = chan<number>();
  let inp = chan<number>();
  const start = inp;
  for (let i = 0; i < N; i++) {
    const out = chan<number>();
    go(chain, ch, i, inp, out);
    inp = out;
  }
  await start.send(0);
  for (let i = 0; i < N; i++) await ch.send(i);
  await inp.recv();
}

describe('test/chan/fifo.go', () => {
  it('delivers buffered values in order (AsynchFifo)', async () => {
    await expectGoPass(asynchFifo);
  });

  it('serves a chain of unbuffered receivers in order (SynchFifo)', async () => {
    await expectGoPass(synchFifo);
  });
});
