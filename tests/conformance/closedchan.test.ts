/**
 * Port of Go's test/closedchan.go (package main, func main with test1 and testasync1..4): receiving
 * from a closed channel, unbuffered or with one buffered value left, through three front ends: the
 * plain operations, a one-case select, and a select with an extra never-ready case. Receives drain
 * the buffer first, then yield the zero value with ok = false; sends panic and leave nothing behind;
 * closing a nil or an already closed channel panics.
 *
 * Adapted: Go's `Chan` interface of methods becomes a TypeScript interface of async functions; the
 * panics Go recovers with `defer recover()` are caught by `shouldPanic`.
 */
import { chan, close, nilChan, panic, recv, select, send, type Chan } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass, shouldPanic } from './harness.ts';

type IntChan = Chan<number, number>;

interface Ops {
  send(x: number): Promise<void>;
  nbsend(x: number): Promise<boolean>;
  recv(): Promise<number>;
  nbrecv(): Promise<[number, boolean]>;
  recv2(): Promise<[number, boolean]>;
  nbrecv2(): Promise<[number, boolean, boolean]>;
  close(): void;
  impl: string;
}

/** Direct channel operations where Go has them, a select with default for the non-blocking ones. */
function xchan(c: IntChan): Ops {
  return {
    impl: '(<- operator)',
    send: (x) => c.send(x),
    async nbsend(x) {
      const r = await select({ s: send(c, x), default: true });
      return r.case === 's';
    },
    recv: () => c.recv(),
    async nbrecv() {
      const r = await select({ r: recv(c), default: true });
      return r.case === 'r' ? [r.value, true] : [0, false];
    },
    recv2: () => c.recv2(),
    async nbrecv2() {
      const r = await select({ r: recv(c), default: true });
      return r.case === 'r' ? [r.value, r.ok, true] : [0, false, false];
    },
    close: () => close(c),
  };
}

/** Every operation through a select. */
function schan(c: IntChan): Ops {
  return {
    impl: '(select)',
    async send(x) {
      await select({ s: send(c, x) });
    },
    async nbsend(x) {
      const r = await select({ default: true, s: send(c, x) });
      return r.case === 's';
    },
    async recv() {
      const r = await select({ r: recv(c) });
      return r.value;
    },
    async nbrecv() {
      const r = await select({ default: true, r: recv(c) });
      return r.case === 'r' ? [r.value, true] : [0, false];
    },
    async recv2() {
      const r = await select({ r: recv(c) });
      return [r.value, r.ok];
    },
    async nbrecv2() {
      const r = await select({ default: true, r: recv(c) });
      return r.case === 'r' ? [r.value, r.ok, true] : [0, false, false];
    },
    close: () => close(c),
  };
}

/** Every operation through a larger select that also waits on `dummy`, a channel nobody uses. */
function sschan(c: IntChan, dummy: Chan<boolean, undefined>): Ops {
  return {
    impl: '(select)',
    async send(x) {
      await select({ s: send(c, x), d: recv(dummy) });
    },
    async nbsend(x) {
      const r = await select({ default: true, d: recv(dummy), s: send(c, x) });
      if (r.case === 'd') panic('nbsend');
      return r.case === 's';
    },
    async recv() {
      const r = await select({ d: recv(dummy), r: recv(c) });
      if (r.case !== 'r') panic('recv');
      return r.value;
    },
    async nbrecv() {
      const r = await select({ d: recv(dummy), default: true, r: recv(c) });
      if (r.case === 'd') panic('nbrecv');
      return r.case === 'r' ? [r.value, true] : [0, false];
    },
    async recv2() {
      const r = await select({ d: recv(dummy), r: recv(c) });
      if (r.case !== 'r') panic('recv');
      return [r.value, r.ok];
    },
    async nbrecv2() {
      const r = await select({ d: recv(dummy), default: true, r: recv(c) });
      if (r.case === 'd') panic('nbrecv');
      return r.case === 'r' ? [r.value, r.ok, true] : [0, false, false];
    },
    close: () => close(c),
  };
}

const failures: string[] = [];
function fail(msg: string): void {
  failures.push(msg);
}

async function test1(c: Ops): Promise<void> {
  for (let i = 0; i < 3; i++) {
    // a receive of a closed channel yields the zero value
    const x = await c.recv();
    if (x !== 0) fail(`test1: recv on closed: ${x} ${c.impl}`);
    const [x2, ok] = await c.recv2();
    if (x2 !== 0 || ok) fail(`test1: recv2 on closed: ${x2} ${ok} ${c.impl}`);

    // also in a select: it received without blocking, so the case was selected
    const [x3, selected] = await c.nbrecv();
    if (x3 !== 0 || !selected) fail(`test1: recv on closed nb: ${x3} ${selected} ${c.impl}`);
    const [x4, ok4, selected4] = await c.nbrecv2();
    if (x4 !== 0 || ok4 || !selected4) fail(`test1: recv2 on closed nb: ${x4} ${ok4} ${selected4} ${c.impl}`);
  }

  // a non-blocking send on a closed channel panics too...
  await shouldPanic(() => c.nbsend(1), 'send on closed channel');
  // ...and the value was discarded
  const x = await c.recv();
  if (x !== 0) fail(`test1: recv on closed got non-zero after send on closed: ${x} ${c.impl}`);

  // the same for a blocking send
  await shouldPanic(() => c.send(2), 'send on closed channel');
  const y = await c.recv();
  if (y !== 0) fail(`test1: recv on closed got non-zero after send on closed: ${y} ${c.impl}`);
}

async function testasync1(c: Ops): Promise<void> {
  // the last buffered value comes out of Recv
  const x = await c.recv();
  if (x !== 1) fail(`testasync1: Recv did not get 1: ${x} ${c.impl}`);
  await test1(c);
}

async function testasync2(c: Ops): Promise<void> {
  // ... or of Recv2, with ok = true
  const [x, ok] = await c.recv2();
  if (x !== 1 || !ok) fail(`testasync2: Recv2 did not get 1, true: ${x} ${ok} ${c.impl}`);
  await test1(c);
}

async function testasync3(c: Ops): Promise<void> {
  // ... or of a non-blocking receive
  const [x, selected] = await c.nbrecv();
  if (x !== 1 || !selected) fail(`testasync3: Nbrecv did not get 1, true: ${x} ${selected} ${c.impl}`);
  await test1(c);
}

async function testasync4(c: Ops): Promise<void> {
  // ... or of a non-blocking receive with ok
  const [x, ok, selected] = await c.nbrecv2();
  if (x !== 1 || !ok || !selected) {
    fail(`testasync4: Nbrecv2 did not get 1, true, true: ${x} ${ok} ${selected} ${c.impl}`);
  }
  await test1(c);
}

function closedsync(): IntChan {
  const c = chan<number, number>(0, 0);
  close(c);
  return c;
}

async function closedasync(): Promise<IntChan> {
  const c = chan<number, number>(2, 0);
  await c.send(1);
  close(c);
  return c;
}

const testcloseds = [testasync1, testasync2, testasync3, testasync4];

async function closedchan(): Promise<void> {
  failures.length = 0;
  // channels belong to the program's runtime, so the one nobody uses is made inside it
  const dummy = chan<boolean>();
  const mks = [xchan, schan, (c: IntChan) => sschan(c, dummy)];
  for (const mk of mks) await test1(mk(closedsync()));

  for (const testclosed of testcloseds) {
    for (const mk of mks) await testclosed(mk(await closedasync()));
  }

  await shouldPanic(() => close(nilChan<number>()), 'close of nil channel');

  const ch = chan<number>();
  close(ch);
  await shouldPanic(() => close(ch), 'close of closed channel');

  if (failures.length > 0) panic(failures.join('\n'));
}

describe('test/closedchan.go', () => {
  it('drains a closed channel, then yields zero and ok = false through every front end', async () => {
    await expectGoPass(closedchan);
  });
});
