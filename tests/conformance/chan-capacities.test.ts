/**
 * Port of TestChan from Go's src/runtime/chan_test.go, run for every capacity 0..9 (Go runs 0..199,
 * or 0..19 with -short): a receive from an empty channel blocks, also in a select with default; a
 * send to a full channel blocks; a closed channel yields its buffered values in order, then zero
 * and ok = false; close wakes a parked receiver; 100 values arrive in FIFO order, via recv and
 * recv2; 4 senders and 4 receivers of 1,000 values each lose and duplicate nothing; len and cap.
 *
 * Adapted: Go sleeps 1 ms to let the blocked goroutines try; on the virtual clock that sleep ends
 * exactly when they have all parked. Go's `GOMAXPROCS(4)` has no counterpart: gort runs goroutines
 * concurrently on one thread, like GOMAXPROCS=1. `atomic.StoreUint32` flags become plain variables (one
 * thread). Go's `t.Fatalf` messages become panics with the same text.
 */
import { cap, chan, close, go, len, panic, recv, select, send } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass, settle } from './harness.ts';

async function testChan(chanCap: number): Promise<void> {
  const fatal = (msg: string): never => panic(`chan[${chanCap}]: ${msg}`);

  {
    // a receive from an empty channel blocks
    const c = chan<number, number>(chanCap, 0);
    let recv1 = false;
    go(async () => {
      await c.recv();
      recv1 = true;
    });
    let recv2 = false;
    go(async () => {
      await c.recv2();
      recv2 = true;
    });
    await settle();
    if (recv1 || recv2) fatal('receive from empty chan');
    // a non-blocking receive does not block
    if ((await select({ r: recv(c), default: true })).case === 'r') fatal('receive from empty chan');
    if ((await select({ r: recv(c), default: true })).case === 'r') fatal('receive from empty chan');
    await c.send(0);
    await c.send(0);
  }

  {
    // a send to a full channel blocks
    const c = chan<number, number>(chanCap, 0);
    for (let i = 0; i < chanCap; i++) await c.send(i);
    let sent = false;
    go(async () => {
      await c.send(0);
      sent = true;
    });
    await settle();
    if (sent) fatal('send to full chan');
    // a non-blocking send does not block
    if ((await select({ s: send(c, 0), default: true })).case === 's') fatal('send to full chan');
    await c.recv();
  }

  {
    // a closed channel yields its buffered values, then the zero value
    const c = chan<number, number>(chanCap, 0);
    for (let i = 0; i < chanCap; i++) await c.send(i);
    close(c);
    for (let i = 0; i < chanCap; i++) {
      const v = await c.recv();
      if (v !== i) fatal(`received ${v}, expected ${i}`);
    }
    const v = await c.recv();
    if (v !== 0) fatal(`received ${v}, expected 0`);
    const [v2, ok] = await c.recv2();
    if (v2 !== 0 || ok) fatal(`received ${v2}/${ok}, expected 0/false`);
  }

  {
    // close unblocks a parked receive
    const c = chan<number, number>(chanCap, 0);
    const done = chan<boolean>();
    go(async () => {
      const [v, ok] = await c.recv2();
      await done.send(v === 0 && !ok);
    });
    await settle();
    close(c);
    if (!(await done.recv())) fatal('received non zero from closed chan');
  }

  {
    // 100 integers arrive uncorrupted and in FIFO order
    const c = chan<number, number>(chanCap, 0);
    go(async () => {
      for (let i = 0; i < 100; i++) await c.send(i);
    });
    for (let i = 0; i < 100; i++) {
      const v = await c.recv();
      if (v !== i) fatal(`received ${v}, expected ${i}`);
    }

    // the same with recv2
    go(async () => {
      for (let i = 0; i < 100; i++) await c.send(i);
    });
    for (let i = 0; i < 100; i++) {
      const [v, ok] = await c.recv2();
      if (!ok) fatal(`receive failed, expected ${i}`);
      if (v !== i) fatal(`received ${v}, expected ${i}`);
    }

    // 4 goroutines send 1,000 integers each; 4 others receive exactly what was sent
    const P = 4;
    const L = 1000;
    for (let p = 0; p < P; p++) {
      go(async () => {
        for (let i = 0; i < L; i++) await c.send(i);
      });
    }
    const done = chan<Map<number, number>>();
    for (let p = 0; p < P; p++) {
      go(async () => {
        const got = new Map<number, number>();
        for (let i = 0; i < L; i++) {
          const v = await c.recv();
          got.set(v, (got.get(v) ?? 0) + 1);
        }
        await done.send(got);
      });
    }
    const total = new Map<number, number>();
    for (let p = 0; p < P; p++) {
      const got = await done.recv();
      for (const [k, n] of got ?? []) total.set(k, (total.get(k) ?? 0) + n);
    }
    if (total.size !== L) fatal(`received ${total.size} values, expected ${L}`);
    for (const n of total.values()) {
      if (n !== P) fatal(`received ${n} values, expected ${P}`);
    }
  }

  {
    // len and cap
    const c = chan<number, number>(chanCap, 0);
    if (len(c) !== 0 || cap(c) !== chanCap) {
      fatal(`bad len/cap, expect 0/${chanCap}, got ${len(c)}/${cap(c)}`);
    }
    for (let i = 0; i < chanCap; i++) await c.send(i);
    if (len(c) !== chanCap || cap(c) !== chanCap) {
      fatal(`bad len/cap, expect ${chanCap}/${chanCap}, got ${len(c)}/${cap(c)}`);
    }
  }
}

describe('runtime/chan_test.go TestChan', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('behaves like a Go channel of capacity %i', async (chanCap) => {
    await expectGoPass(() => testChan(chanCap));
  });
});
