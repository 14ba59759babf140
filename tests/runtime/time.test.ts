/**
 * gort/time on the virtual clock: sleep, after, timers and tickers with Go 1.23's stop/reset
 * rules (no stale values, len/cap 0), afterFunc, now/since/until, and Go's duration printing.
 */
import { chan, recv, select } from 'gort';
import {
  Hour,
  Microsecond,
  Millisecond,
  Minute,
  Nanosecond,
  Second,
  after,
  afterFunc,
  formatDuration,
  newTicker,
  newTimer,
  now,
  since,
  sleep,
  tick,
  until,
} from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

describe('durations', () => {
  it('are milliseconds', () => {
    expect([Nanosecond, Microsecond, Millisecond, Second, Minute, Hour]).toEqual([
      1e-6, 1e-3, 1, 1000, 60_000, 3_600_000,
    ]);
  });

  it.each([
    [0, '0s'],
    [1500, '1.5s'],
    [250, '250ms'],
    [1.5 * Microsecond, '1.5µs'],
    [100 * Nanosecond, '100ns'],
    [Hour + 2 * Minute + 3.5 * Second, '1h2m3.5s'],
    [90 * Minute, '1h30m0s'],
    [-2 * Second, '-2s'],
    [1.2345678 * Millisecond, '1.234568ms'],
  ])('formatDuration(%d) prints %s like Go', (d, text) => {
    expect(formatDuration(d)).toBe(text);
  });
});

describe('time', () => {
  it('sleep(d) advances the clock by exactly d; sleep(0) returns at once', async () => {
    const out = await output(async () => {
      const t0 = now();
      await sleep(0);
      await sleep(-5);
      await sleep(1500);
      console.log(formatDuration(since(t0)), formatDuration(until(t0)));
    });
    expect(out).toBe('1.5s -1.5s\n');
  });

  it('after(d) delivers the time once, at d', async () => {
    const out = await output(async () => {
      const t0 = now();
      const t = await after(2 * Second).recv();
      console.log(formatDuration(t.sub(t0)));
    });
    expect(out).toBe('2s\n');
  });

  it('a timer channel reports len and cap 0 (Go 1.23)', async () => {
    const out = await output(async () => {
      const t = newTimer(Millisecond);
      await sleep(5);
      console.log(t.c.len, t.c.cap);
    });
    expect(out).toBe('0 0\n');
  });

  it('stop() before the timer fires prevents delivery and returns true; afterwards false', async () => {
    const out = await output(async () => {
      const t = newTimer(Second);
      const stopped = t.stop();
      const r = await select({ fired: recv(t.c), later: recv(after(5 * Second)) });
      console.log(stopped, r.case, t.stop());
    });
    expect(out).toBe('true later false\n');
  });

  it('no stale value after stop() or reset(), even if the timer already fired (Go 1.23)', async () => {
    const out = await output(async () => {
      const t = newTimer(Millisecond);
      await sleep(10); // fired, value not received
      const stopped = t.stop();
      const stale = await select({ v: recv(t.c), default: true });
      const t0 = now();
      t.reset(Second);
      const v = await t.c.recv();
      console.log(stopped, stale.case, formatDuration(v.sub(t0)));
    });
    expect(out).toBe('true default 1s\n');
  });

  it('stop() and reset() drop a value a select computed but did not take (no stale values)', async () => {
    // A select that polls a due timer runs it, so its value sits in the channel; when the select
    // takes another ready case, that value is still undelivered and Stop/Reset must drop it.
    const out = await output(async () => {
      const seen: unknown[] = [];
      for (let i = 0; seen.length < 4 && i < 64; i++) {
        const t = newTimer(Millisecond);
        const other = chan<number>(1);
        await other.send(1);
        await sleep(2);
        if ((await select({ other: recv(other), timer: recv(t.c) })).case !== 'other') continue;
        seen.push(seen.length === 0 ? t.stop() : t.reset(Second));
        seen.push((await select({ stale: recv(t.c), default: true })).case);
      }
      console.log(seen.join(' '));
    });
    expect(out).toBe('true default true default\n');
  });

  it('reset() re-arms a timer that already delivered', async () => {
    const out = await output(async () => {
      const t = newTimer(100);
      await t.c.recv();
      console.log(t.reset(200));
      const t0 = now();
      await t.c.recv();
      console.log(formatDuration(since(t0)));
    });
    expect(out).toBe('false\n200ms\n');
  });

  it('traces a timer’s send as the runtime’s (g 0), also when it runs late inside the receive', async () => {
    const r = await runProgram(
      async () => {
        const t = newTimer(Second);
        await sleep(2 * Second); // t came due unobserved: it runs when main receives
        await t.c.recv();
      },
      { trace: true },
    );
    const ch = r.trace.find((e) => e.type === 'chan.make')!;
    const onTimerChan = r.trace.filter((e) => 'ch' in e && e.ch === (ch as { ch: number }).ch);
    expect(onTimerChan.map((e) => [e.type, e.g, e.t])).toEqual([
      ['chan.make', 1, 0],
      ['chan.send', 0, 2000],
      ['chan.recv', 1, 2000],
    ]);
  });

  it('afterFunc runs f in its own goroutine after d; stop() cancels it', async () => {
    const out = await output(async () => {
      const done = chan<string>();
      afterFunc(Second, () => done.send('ran at ' + formatDuration(since(start))));
      const start = now();
      const cancelled = afterFunc(Second, () => console.log('never'));
      console.log(cancelled.stop());
      console.log(await done.recv());
      await sleep(Minute);
    });
    expect(out).toBe('true\nran at 1s\n');
  });

  it('a ticker ticks every period and drops ticks a slow receiver misses', async () => {
    const out = await output(async () => {
      const start = now();
      const ticker = newTicker(100);
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) seen.push(formatDuration((await ticker.c.recv()).sub(start)));
      await sleep(1000); // ten ticks pass; only one waits in the channel
      seen.push(formatDuration((await ticker.c.recv()).sub(start)));
      seen.push(formatDuration((await ticker.c.recv()).sub(start)));
      ticker.reset(50);
      seen.push(formatDuration((await ticker.c.recv()).sub(start)));
      ticker.stop();
      const r = await select({ t: recv(ticker.c), wait: recv(after(Second)) });
      console.log(seen.join(' '), r.case);
    });
    expect(out).toBe('100ms 200ms 300ms 400ms 1.4s 1.45s wait\n');
  });

  it('never fires a real-clock timer early, even when the host timer does', async () => {
    // A host whose timers fire 4 ms early (Node can fire about 1 ms early by performance.now).
    const hostSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) =>
      hostSetTimeout(fn, Math.max(0, (ms ?? 0) - 4))) as typeof setTimeout;
    try {
      const r = await runProgram(
        async () => {
          const start = now();
          await sleep(10);
          const slept = since(start);
          const t = await after(10).recv();
          console.log(slept >= 10, since(start) >= 20, t.sub(start) >= 20);
        },
        { clock: 'real' },
      );
      expect(r.stdout).toBe('true true true\n');
    } finally {
      globalThis.setTimeout = hostSetTimeout;
    }
  });

  it('also runs on the real clock (only lower bounds are checked)', async () => {
    const r = await runProgram(
      async () => {
        const start = now();
        await sleep(5);
        const t = await after(5).recv();
        console.log(since(start) >= 10, t.sub(start) >= 10);
      },
      { clock: 'real' },
    );
    expect(r.stdout).toBe('true true\n');
    expect(r.exitCode).toBe(0);
  });

  it('tick(d) is a ticker channel, and a nil channel when d <= 0', async () => {
    const out = await output(async () => {
      const start = now();
      const c = tick(250);
      await c.recv();
      await c.recv();
      const r = await select({ never: recv(tick(0)), t: recv(after(1)) });
      console.log(formatDuration(since(start)), r.case);
    });
    expect(out).toBe('501ms t\n');
  });
});
