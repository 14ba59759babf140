/**
 * Port of Go's test/ken/chan.go (package main: send, recv, sel, test1..test6, main): communication
 * over channels of capacity 0, 1, 10 and 100 between plain senders and receivers and goroutines
 * that select over up to four receive and four send cases at once. Each channel carries the
 * sequence cval, cval+1, ..., cval+75 and every receiver checks it gets the next one in order; at
 * the end the totals of sends and receives must both be 4 * (16 + 8 + 12) * 76 = 10,944.
 *
 * Adapted: Go's `runtime.Gosched()` loops (a pseudo-random number of yields before each operation,
 * from the test's own deterministic `nrand`) call gort's `gosched()`; the counters Go
 * guards with sync.Mutex need no lock on one thread. `wait()` polls the number of running
 * goroutines, yielding between polls, exactly like Go's.
 */
import { chan, go, nilChan, panic, recv, select, send, type Chan as GoChan } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass, gosched } from './harness.ts';

/** One logical channel: where to send and receive (nil when done) and the next value of each. */
interface Chan {
  sc: GoChan<number, number>;
  rc: GoChan<number, number>;
  sv: number;
  rv: number;
}

async function kenChan(): Promise<void> {
  let randx = 0;
  const nrand = (n: number) => {
    randx += 10007;
    if (randx >= 1000000) randx -= 1000000;
    return randx % n;
  };

  const end = 10000;
  let nproc = 0;
  let cval = 0;
  let totr = 0;
  let tots = 0;
  const nil = nilChan<number, number>();
  const nc: Chan = { sc: nil, rc: nil, sv: 0, rv: 0 };
  const isNil = (c: GoChan<number, number>) => c === nil;

  const changeNproc = (adjust: number) => (nproc += adjust);

  const mkchan = (c: number, n: number): Chan[] =>
    Array.from({ length: n }, () => {
      cval += 100;
      const ch = chan<number, number>(c, 0);
      return { sc: ch, rc: ch, sv: cval, rv: cval };
    });

  const expect = (v: number, v0: number): number => {
    if (v === v0) return v % 100 === 75 ? end : v + 1;
    panic(`got ${v} expected ${v0 + 1}`);
  };

  const sent = (c: Chan): boolean => {
    tots++;
    c.sv = expect(c.sv, c.sv);
    if (c.sv === end) {
      c.sc = nil;
      return true;
    }
    return false;
  };

  const received = (c: Chan, v: number): boolean => {
    totr++;
    c.rv = expect(c.rv, v);
    if (c.rv === end) {
      c.rc = nil;
      return true;
    }
    return false;
  };

  const yieldSome = async (n: number) => {
    for (let r = nrand(n); r >= 0; r--) await gosched();
  };

  const sender = async (c: Chan) => {
    for (;;) {
      await yieldSome(10);
      await c.sc.send(c.sv);
      if (sent(c)) break;
    }
    changeNproc(-1);
  };

  const receiver = async (c: Chan) => {
    for (;;) {
      await yieldSome(10);
      const v = await c.rc.recv();
      if (received(c, v)) break;
    }
    changeNproc(-1);
  };

  const sel = async (r0: Chan, r1: Chan, r2: Chan, r3: Chan, s0: Chan, s1: Chan, s2: Chan, s3: Chan) => {
    const rs = [r0, r1, r2, r3];
    const ss = [s0, s1, s2, s3];
    let a = rs.filter((r) => !isNil(r.rc)).length + ss.filter((s) => !isNil(s.sc)).length;
    for (;;) {
      await yieldSome(5);
      const r = await select({
        r0: recv(r0.rc),
        r1: recv(r1.rc),
        r2: recv(r2.rc),
        r3: recv(r3.rc),
        s0: send(s0.sc, s0.sv),
        s1: send(s1.sc, s1.sv),
        s2: send(s2.sc, s2.sv),
        s3: send(s3.sc, s3.sv),
      });
      let done: boolean;
      switch (r.case) {
        case 'r0':
        case 'r1':
        case 'r2':
        case 'r3':
          done = received(rs[Number(r.case[1])]!, r.value);
          break;
        default:
          done = sent(ss[Number(r.case[1])]!);
      }
      if (done) a--;
      if (a === 0) break;
    }
    changeNproc(-1);
  };

  // direct send to direct recv
  const test1 = (c: Chan) => {
    changeNproc(2);
    go(sender, c);
    go(receiver, c);
  };

  // direct send to select recv
  const test2 = (c: number) => {
    const ca = mkchan(c, 4) as [Chan, Chan, Chan, Chan];
    changeNproc(4);
    for (const ch of ca) go(sender, ch);
    changeNproc(1);
    go(sel, ...ca, nc, nc, nc, nc);
  };

  // select send to direct recv
  const test3 = (c: number) => {
    const ca = mkchan(c, 4) as [Chan, Chan, Chan, Chan];
    changeNproc(4);
    for (const ch of ca) go(receiver, ch);
    changeNproc(1);
    go(sel, nc, nc, nc, nc, ...ca);
  };

  // select send to select recv
  const test4 = (c: number) => {
    const ca = mkchan(c, 4) as [Chan, Chan, Chan, Chan];
    changeNproc(2);
    go(sel, nc, nc, nc, nc, ...ca);
    go(sel, ...ca, nc, nc, nc, nc);
  };

  // two selects, each sending on the channels the other receives on
  const test5 = (c: number) => {
    const [c0, c1, c2, c3, c4, c5, c6, c7] = mkchan(c, 8) as [Chan, Chan, Chan, Chan, Chan, Chan, Chan, Chan];
    changeNproc(2);
    go(sel, c4, c5, c6, c7, c0, c1, c2, c3);
    go(sel, c0, c1, c2, c3, c4, c5, c6, c7);
  };

  // plain senders feed one select, which feeds another, which feeds plain receivers
  const test6 = (c: number) => {
    const ca = mkchan(c, 12);
    const at = (i: number) => ca[i]!;
    changeNproc(4);
    for (let i = 4; i < 8; i++) go(sender, at(i));
    changeNproc(4);
    for (let i = 8; i < 12; i++) go(receiver, at(i));
    changeNproc(2);
    go(sel, at(4), at(5), at(6), at(7), at(0), at(1), at(2), at(3));
    go(sel, at(0), at(1), at(2), at(3), at(8), at(9), at(10), at(11));
  };

  // wait for outstanding tests to finish
  const wait = async () => {
    await gosched();
    while (changeNproc(0) !== 0) await gosched();
  };

  const tests = async (c: number) => {
    for (const ch of mkchan(c, 4)) test1(ch);
    await wait();
    for (const test of [test2, test3, test4, test5, test6]) {
      test(c);
      await wait();
    }
  };

  for (const c of [0, 1, 10, 100]) await tests(c);

  const t =
    4 * // buffer sizes
    (4 * 4 + // tests 1, 2, 3, 4: four channels each
      8 + // test 5: eight channels
      12) * // test 6: twelve channels
    76; // values sent and received on each channel
  if (tots !== t || totr !== t) panic(`tots=${tots} totr=${totr} sb=${t}`);
}

describe('test/ken/chan.go', () => {
  it('keeps every sequence in order through plain and select senders and receivers', async () => {
    await expectGoPass(kenChan);
  });
});
