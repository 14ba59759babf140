/**
 * Port of Go's test/chan/select7.go (package main: recv1..3, send1..3, main): a value sent by a
 * plain send, a one-case select or a two-case select is taken by a plain receive, a one-case select
 * or a two-case select that discards it: all nine pairings must complete.
 *
 * Adapted: Go calls `runtime.Gosched()` after starting the receiver so that it is usually parked
 * before the send; gort's `gosched()` lets it run until it parks, so here it always is.
 */
import { chan, go, recv, select, send, type Chan } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass, gosched } from './harness.ts';

type Receiver = (c: Chan<number, undefined>) => Promise<void>;
type Sender = (r: Receiver) => Promise<void>;

const recv1: Receiver = async (c) => {
  await c.recv();
};
const recv2: Receiver = async (c) => {
  await select({ r: recv(c) });
};
const recv3: Receiver = async (c) => {
  const c2 = chan<number>();
  await select({ r: recv(c), r2: recv(c2) });
};

const send1: Sender = async (r) => {
  const c = chan<number>();
  go(r, c);
  await gosched();
  await c.send(1);
};
const send2: Sender = async (r) => {
  const c = chan<number>();
  go(r, c);
  await gosched();
  await select({ s: send(c, 1) });
};
const send3: Sender = async (r) => {
  const c = chan<number>();
  go(r, c);
  await gosched();
  const c2 = chan<number>();
  await select({ s: send(c, 1), s2: send(c2, 1) });
};

const senders = { send1, send2, send3 };
const receivers = { recv1, recv2, recv3 };
const pairs = Object.entries(senders).flatMap(([s, sender]) =>
  Object.entries(receivers).map(([r, receiver]) => ({ name: `${s}(${r})`, sender, receiver })),
);

describe('test/chan/select7.go', () => {
  it.each(pairs)('completes $name', async ({ sender, receiver }) => {
    await expectGoPass(() => sender(receiver));
  });
});
