/**
 * Port of Go's test/chan/select3.go (package main, func main): which channel operations and selects
 * always block, never block, always panic or never panic: nil channels, closed channels, empty
 * select, default cases, ready buffered channels, and a select that sees its own channel twice.
 *
 * Adapted: Go's `testBlock` races `f` against `time.Sleep(1e8)` (0.1 s) in two goroutines. On the
 * virtual clock the sleeper only wakes once `f`'s goroutine is parked for good, so "blocks" is
 * decided exactly instead of empirically. `testPanic` recovers with a try/catch around `f`.
 */
import { chan, close, go, nilChan, panic, recv, select, send } from 'gort';
import { sleep } from 'gort/time';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

const always = 'function did not';
const never = 'function did';

function unreachable(): never {
  panic("control flow shouldn't reach here");
}

/** Calls f and checks that it always/never panics, depending on `signal`. */
async function testPanic(signal: string, f: () => unknown): Promise<void> {
  let s = never;
  try {
    await f();
  } catch {
    s = always; // f panicked
  }
  if (s !== signal) panic(`${signal} panic`);
}

/** Calls f in a goroutine and checks that it always/never blocks, depending on `signal`. */
async function testBlock(signal: string, f: () => unknown): Promise<void> {
  const c = chan<string>();
  go(async () => {
    await f();
    await c.send(never); // f didn't block
  });
  go(async () => {
    await sleep(100); // 0.1 s of virtual time: every other goroutine is parked by then
    await c.send(always); // f blocked
  });
  if ((await c.recv()) !== signal) panic(`${signal} block`);
}

async function select3(): Promise<void> {
  const async = 1; // capacity of the asynchronous (buffered) channels
  const nilch = nilChan<number>();
  const closedch = chan<number>(0, 0);
  close(closedch);

  // sending to / receiving from a nil channel blocks
  await testBlock(always, () => nilch.send(7));
  await testBlock(always, () => nilch.recv());

  // a nil channel's case in a select is never chosen
  await testPanic(never, async () => {
    const r = await select({ s: send(nilch, 7), default: true });
    if (r.case === 's') unreachable();
  });
  await testPanic(never, async () => {
    const r = await select({ r: recv(nilch), default: true });
    if (r.case === 'r') unreachable();
  });

  // sending to a buffered channel with free space never blocks
  await testBlock(never, async () => {
    const ch = chan<number>(async);
    await ch.send(7);
  });

  // receiving from a closed channel never blocks: zero value, ok = false
  await testBlock(never, async () => {
    for (let i = 0; i < 10; i++) {
      if ((await closedch.recv()) !== 0) panic('expected zero value when reading from closed channel');
      const [x, ok] = await closedch.recv2();
      if (x !== 0 || ok) panic(`expected 0, false from closed channel, got ${x}, ${ok}`);
    }
  });

  // sending to a closed channel panics
  await testPanic(always, () => closedch.send(7));

  // receiving from a channel that is not ready always blocks
  await testBlock(always, async () => {
    const ch = chan<number>();
    await ch.recv();
  });

  // an empty select always blocks
  await testBlock(always, () => select({}));

  // selects over nil channels only always block
  await testBlock(always, async () => {
    await select({ r: recv(nilch) });
    unreachable();
  });
  await testBlock(always, async () => {
    await select({ s: send(nilch, 7) });
    unreachable();
  });
  await testBlock(always, async () => {
    await select({ r: recv(nilch), s: send(nilch, 7) });
    unreachable();
  });

  // selects over non-nil channels that are not ready always block
  await testBlock(always, async () => {
    const ch = chan<number>();
    await select({ r: recv(ch) });
    unreachable();
  });

  // selects with a default case never block
  await testBlock(never, () => select({ default: true }));
  await testBlock(never, async () => {
    const r = await select({ r: recv(nilch), default: true });
    if (r.case === 'r') unreachable();
  });
  await testBlock(never, async () => {
    const r = await select({ s: send(nilch, 7), default: true });
    if (r.case === 's') unreachable();
  });

  // selects with ready channels never block and never take the default
  await testBlock(never, async () => {
    const ch = chan<number>(async);
    const r = await select({ s: send(ch, 7), default: true });
    if (r.case === 'default') unreachable();
  });
  await testBlock(never, async () => {
    const ch = chan<number>(async);
    await ch.send(7);
    const r = await select({ r: recv(ch), default: true });
    if (r.case === 'default') unreachable();
  });

  // selects on closed channels behave like the plain operations
  await testBlock(never, () => select({ r: recv(closedch) }));
  await testBlock(never, async () => {
    const r = await select({ r: recv(closedch) });
    if (r.case === 'r' && r.value !== 0) panic(`select on closed channel received ${r.value}`);
  });
  await testBlock(never, async () => {
    const r = await select({ r: recv(closedch) });
    if (r.case === 'r' && (r.value !== 0 || r.ok)) panic(`select on closed channel: ${r.value}, ${r.ok}`);
  });
  await testPanic(always, () => select({ s: send(closedch, 7) }));

  // a select must not get confused when it sees its own channel twice (send and receive)
  await testBlock(always, async () => {
    const c = chan<number>();
    await select({ s: send(c, 1), r: recv(c) });
  });
}

describe('test/chan/select3.go', () => {
  it('blocks, panics and proceeds exactly where Go does', async () => {
    await expectGoPass(select3);
  });
});
