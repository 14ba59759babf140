/**
 * Go's own tests of Go 1.23's timer channels, ported to gort (virtual clock, seed 1):
 *
 * - TestChan/Timer and TestChan/Ticker — time/tick_test.go, TestChan and testTimerChan, the
 *   `asynctimerchan=0` run (Go 1.23's synchronous timer channels, the only kind gort has).
 * - TestReset — time/sleep_test.go, TestReset and testReset.
 * - TestAfterStop — time/sleep_test.go, TestAfterStop and testAfterStop (impl=chan and impl=func).
 * - TestAfterQueuing — time/sleep_test.go, TestAfterQueuing and testAfterQueuing1 (impl=chan, impl=func).
 * - TestTickTimes and TestAfterTimes — time/tick_test.go.
 *
 * The bodies follow Go's line by line; `t.Errorf` becomes an entry in `errors`, and a test passes
 * when the program exits cleanly with no errors. Go retries these timing tests with longer
 * durations on slow machines; on the virtual clock the first attempt is exact, so each runs once,
 * and where Go accepts a range of times the port also checks the exact one.
 */
import { cap, chan, go, len, panic, recv, select, type Chan, type RecvChan } from 'gort';
import {
  Hour,
  Millisecond,
  Nanosecond,
  Second,
  after,
  afterFunc,
  formatDuration,
  newTicker,
  newTimer,
  now,
  sleep,
  tick,
  type Duration,
  type Ticker,
  type Time,
} from 'gort/time';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

/** Go's test-local `timer` interface: Stop and Reset that report whether the timer was pending. */
interface GoTimer {
  stop(): boolean;
  reset(d: Duration): boolean;
}

/** Go's tickerTimer: a Ticker with Timer's Stop/Reset signatures. */
class TickerTimer implements GoTimer {
  stopped = false;
  constructor(readonly ticker: Ticker) {}
  stop(): boolean {
    const pending = !this.stopped;
    this.stopped = true;
    this.ticker.stop();
    return pending;
  }
  reset(d: Duration): boolean {
    const pending = !this.stopped;
    this.stopped = false;
    this.ticker.reset(d);
    return pending;
  }
}

/** Runs a ported test body as a program; it passes when the program exits cleanly with no errors. */
async function expectNoErrors(body: (errors: string[]) => Promise<void>): Promise<void> {
  const errors: string[] = [];
  await output(() => body(errors));
  expect(errors).toEqual([]);
}

async function ready<T, Z>(c: RecvChan<T, Z>): Promise<boolean> {
  return (await select({ v: recv(c), default: true })).case === 'v';
}

/** testTimerChan, synctimerchan = true. */
async function testTimerChan(errors: string[], tim: GoTimer, C: RecvChan<Time, Time>, isTicker: boolean) {
  const sched = 10 * Millisecond;
  const tries = 100;

  const noTick = async (): Promise<void> => {
    if (await ready(C)) errors.push('extra tick');
  };
  const assertTick = async (): Promise<void> => {
    if (await ready(C)) return;
    for (let i = 0; i < tries; i++) {
      await sleep(sched);
      if (await ready(C)) return;
    }
    errors.push('missing tick');
  };
  const notDone = async (done: Chan<boolean>): Promise<void> => {
    if (await ready(done)) errors.push('early done');
  };
  const waitDone = async (done: Chan<boolean>): Promise<void> => {
    for (let i = 0; i < tries; i++) {
      await sleep(sched);
      if (await ready(done)) return;
    }
    errors.push('never got done');
  };

  // Test simple stop; timer never in heap.
  tim.stop();
  await noTick();

  // Test modify of timer not in heap.
  tim.reset(10000 * Second);
  await noTick();

  // Test modify of timer in heap.
  tim.reset(Nanosecond);
  await sleep(sched);
  if (len(C) !== 0 || cap(C) !== 0) errors.push(`len(C), cap(C) = ${len(C)}, ${cap(C)}, want 0, 0`);
  await assertTick();

  // Sleep long enough that a second tick must happen if this is a ticker.
  // Test that Reset does not lose the tick that should have happened.
  await sleep(sched);
  tim.reset(10000 * Second);
  await noTick();

  // Reset timer in heap (already reset above, but just in case).
  tim.reset(10000 * Second);

  // Test stop while timer in heap (because goroutine is blocked on <-C).
  let done = chan<boolean>();
  await notDone(done);
  go(async () => {
    await C.recv();
    done.close();
  });
  await sleep(sched);
  await notDone(done);

  // Test reset far away while timer in heap.
  tim.reset(20000 * Second);
  await sleep(sched);
  await notDone(done);

  // Test imminent reset while in heap.
  tim.reset(Nanosecond);
  await waitDone(done);

  // If this is a ticker, another tick should have come in already
  // (they are 1ns apart). If a timer, it should have stopped.
  if (isTicker) await assertTick();
  else await noTick();

  tim.stop();
  await noTick();

  // Again using select and with two goroutines waiting.
  tim.reset(10000 * Second);
  done = chan<boolean>(2);
  const done1 = chan<boolean>();
  const done2 = chan<boolean>();
  let stop = chan<boolean>();
  for (const d of [done1, done2]) {
    go(async () => {
      const r = await select({ c: recv(C), stop: recv(stop) });
      if (r.case === 'c') await done.send(true);
      d.close();
    });
  }
  await sleep(sched);
  await notDone(done);
  tim.reset(sched / 2);
  await sleep(sched);
  await waitDone(done);
  tim.stop();
  stop.close();
  await waitDone(done1);
  await waitDone(done2);
  if (isTicker) {
    // extra send might have sent done again (handled by buffering done above).
    await ready(done);
    // extra send after that might have filled C.
    await ready(C);
  }
  await notDone(done);

  // Test enqueueTimerChan when timer is stopped.
  stop = chan<boolean>();
  done = chan<boolean>(2);
  for (let i = 0; i < 2; i++) {
    go(async () => {
      const r = await select({ c: recv(C), stop: recv(stop) });
      if (r.case === 'c') panic('unexpected data');
      await done.send(true);
    });
  }
  await sleep(sched);
  stop.close();
  await waitDone(done);
  await waitDone(done);

  // Test that Stop and Reset block old values from being received.
  // (Proposal go.dev/issue/37196.)
  tim.reset(Nanosecond);
  await sleep(10 * Millisecond);
  let pending = tim.stop();
  if (pending !== true) errors.push(`tim.Stop() = ${pending}, want true`);
  await noTick();

  tim.reset(Hour);
  await noTick();
  pending = tim.reset(Nanosecond);
  if (pending !== true) errors.push(`tim.Reset(1) = ${pending}, want true`);
  await assertTick();
  await sleep(10 * Millisecond);
  if (isTicker) {
    await assertTick();
    await sleep(10 * Millisecond);
  } else await noTick();
  pending = tim.reset(Hour);
  if (pending !== isTicker) errors.push(`tim.Reset(Hour) = ${pending}, want ${isTicker}`);
  await noTick();
}

/** testReset: null when it passed, else Go's error text. */
async function testReset(d: Duration): Promise<string | null> {
  const t0 = newTimer(2 * d);
  await sleep(d);
  if (!t0.reset(3 * d)) return 'resetting unfired timer returned false';
  await sleep(2 * d);
  if (await ready(t0.c)) return 'timer fired early';
  await sleep(2 * d);
  if (!(await ready(t0.c))) return 'reset timer did not fire';
  if (t0.reset(50 * Millisecond)) return 'resetting expired timer returned true';
  return null;
}

/** What testAfterStop and testAfterQueuing take: NewTimer, or newTimerFunc (AfterFunc feeding C). */
interface ChanTimer extends GoTimer {
  /** Go's `C`: a `chan Time` (the closed-channel value is never read here). */
  readonly c: RecvChan<Time, Time | undefined>;
}

/** Go's newTimerFunc: NewTimer simulated with AfterFunc, avoiding the channel timer's special cases. */
function newTimerFunc(d: Duration): ChanTimer {
  const c = chan<Time>(1);
  const t = afterFunc(d, () => c.send(now()));
  return { c, stop: () => t.stop(), reset: (e) => t.reset(e) };
}

const impls: [name: string, make: (d: Duration) => ChanTimer][] = [
  ['chan', newTimer],
  ['func', newTimerFunc],
];

/** testAfterStop's body, once (Go retries it five times against scheduler noise). */
async function testAfterStop(errors: string[], makeTimer: (d: Duration) => ChanTimer): Promise<void> {
  afterFunc(100 * Millisecond, () => undefined);
  const t0 = makeTimer(50 * Millisecond);
  const c1 = chan<boolean>(1);
  const t1 = afterFunc(150 * Millisecond, () => c1.send(true));
  const c2 = after(200 * Millisecond);
  if (!t0.stop()) return void errors.push('failed to stop event 0');
  if (!t1.stop()) return void errors.push('failed to stop event 1');
  await c2.recv();
  const r = await select({ t0: recv(t0.c), c1: recv(c1), default: true });
  if (r.case === 't0') return void errors.push('event 0 was not stopped');
  if (r.case === 'c1') return void errors.push('event 1 was not stopped');
  if (t1.stop()) errors.push('Stop returned true twice');
}

const slots = [5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0];

/** testAfterQueuing1; also checks that each time is exact, as it is on the virtual clock. */
async function testAfterQueuing1(
  errors: string[],
  delta: Duration,
  afterFn: (d: Duration) => RecvChan<Time, Time | undefined>,
): Promise<void> {
  // make the result channel buffered because we don't want
  // to depend on channel queuing semantics that might
  // possibly change in the future.
  const result = chan<{ slot: number; t: Time }>(slots.length);
  const t0 = now();
  for (const slot of slots) {
    go(
      async function awaitSlot(s: number, res: typeof result, ac: RecvChan<Time, Time | undefined>) {
        await res.send({ slot: s, t: (await ac.recv())! });
      },
      slot,
      result,
      afterFn(slot * delta),
    );
  }
  const order: number[] = [];
  const times: Time[] = [];
  for (let i = 0; i < slots.length; i++) {
    const r = (await result.recv())!;
    order.push(r.slot);
    times.push(r.t);
  }
  for (let i = 1; i < order.length; i++) {
    if (order[i]! < order[i - 1]!) {
      errors.push(`After calls returned out of order: ${order.join(' ')}`);
      return;
    }
  }
  times.forEach((t, i) => {
    const dt = t.sub(t0);
    const target = order[i]! * delta;
    if (dt < target - delta / 2 || dt > target + delta * 10) {
      errors.push(`After(${formatDuration(target)}) arrived at ${formatDuration(dt)}`);
    } else if (dt !== target) {
      errors.push(`After(${formatDuration(target)}) arrived at ${formatDuration(dt)} on the virtual clock`);
    }
  });
}

describe("Go's time tests (Go 1.23 timer channels)", () => {
  it('TestChan/Timer', () =>
    expectNoErrors(async (errors) => {
      const tim = newTimer(10000 * Second);
      await testTimerChan(errors, tim, tim.c, false);
    }));

  it('TestChan/Ticker', () =>
    expectNoErrors(async (errors) => {
      const tim = new TickerTimer(newTicker(10000 * Second));
      await testTimerChan(errors, tim, tim.ticker.c, true);
    }));

  it.each([Millisecond, 10 * Millisecond, Second])('TestReset (d = %dms)', async (d) => {
    let err: string | null = 'never ran';
    await output(async () => {
      err = await testReset(d);
    });
    expect(err).toBeNull();
  });

  it.each(impls)('TestAfterStop/impl=%s', (_name, makeTimer) =>
    expectNoErrors((errors) => testAfterStop(errors, makeTimer)),
  );

  it.each(impls)('TestAfterQueuing/impl=%s', (_name, makeTimer) =>
    expectNoErrors(async (errors) => {
      for (let i = 0; i < 5; i++)
        await testAfterQueuing1(errors, (20 + i * 50) * Millisecond, (d) => makeTimer(d).c);
    }),
  );

  it('TestTickTimes: a tick read late is the time of the first tick missed, then ticks go on from now', () =>
    expectNoErrors(async (errors) => {
      const start = now();
      const c = tick(10 * Millisecond);
      await sleep(500 * Millisecond);
      const dt = (await c.recv()).sub(start);
      if (dt >= 400 * Millisecond) errors.push(`Tick(10ms) time is +${formatDuration(dt)}, want <400ms`);
      if (dt !== 10 * Millisecond) errors.push(`Tick(10ms) time is +${formatDuration(dt)}, want 10ms`);
      const next = (await c.recv()).sub(start);
      if (next !== 510 * Millisecond) errors.push(`next tick at +${formatDuration(next)}, want 510ms`);
    }));

  it('TestAfterTimes: After read late is the time it was due', () =>
    expectNoErrors(async (errors) => {
      const start = now();
      const c = after(10 * Millisecond);
      await sleep(500 * Millisecond);
      const dt = (await c.recv()).sub(start);
      if (dt !== 10 * Millisecond) errors.push(`After(10ms) time is +${formatDuration(dt)}, want 10ms`);
    }));
});
