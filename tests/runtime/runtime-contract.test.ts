/**
 * The contract code built on the runtime (the mesh's clock) relies on, as ARCHITECTURE.md states
 * it: `activeRuntime()` with `now()`, `epochNow()`, `virtual`, a seeded `rand.float()`, runtime
 * timers that fire outside any goroutine and keep the program alive while armed, and `keepAlive`
 * holds (with reasons, idempotent release, `holdsClock`, `listener`), including what the virtual
 * clock does when only holds and periodic timers are left, and `serving()` (the export's end).
 */
import { chan, go, keepAlive, recv, select } from 'gort';
import { Hour, Millisecond, Second, formatDuration, newTicker, now, since, sleep } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';
import { activeRuntime } from '../../src/runtime/program.ts';
import { Rand } from '../../src/runtime/rand.ts';

describe('the runtime as seen by code built on it', () => {
  it('reads the program clock: virtual time from 0 and the playground epoch', async () => {
    const r = await runProgram(async () => {
      const rt = activeRuntime();
      const before = [rt.virtual, rt.now(), new Date(rt.epochNow()).toISOString()];
      await sleep(1500);
      console.log(...before, rt.now(), new Date(rt.epochNow()).toISOString());
    });
    expect(r.stdout).toBe('true 0 2009-11-10T23:00:00.000Z 1500 2009-11-10T23:00:01.500Z\n');
  });

  it('gives a seeded float in [0, 1): the same seed gives the same sequence', () => {
    const draw = (seed: number) => {
      const rand = new Rand(seed);
      return Array.from({ length: 1000 }, () => rand.float());
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.min(...a)).toBeLessThan(0.01);
    expect(Math.max(...a)).toBeGreaterThan(0.99);
  });

  it('runs a runtime timer outside any goroutine, `delay` ms late, and it keeps the program alive', async () => {
    const r = await runProgram(async () => {
      const rt = activeRuntime();
      const fired = chan<string>();
      const start = now();
      const t = rt.newTimer((arg, rt2, delay) => {
        void fired.send(
          `${String(arg)} in goroutine ${rt2.gid()} after ${formatDuration(since(start))}, ${delay} late`,
        );
      }, 'heartbeat');
      rt.resetTimer(t, Hour);
      // main parks; only the runtime timer can wake it, so this is no deadlock.
      console.log(await fired.recv());
      console.log(rt.resetTimer(t, Second), rt.stopTimer(t), rt.stopTimer(t));
    });
    expect(r.stdout).toBe('heartbeat in goroutine 0 after 1h0m0s, 0 late\nfalse true false\n');
    expect(r.exitCode).toBe(0);
  });

  it('runs a runtime timer its own function re-arms for now again only after the host had a turn', async () => {
    // The first run re-arms the timer for now and asks the host for a turn; the timer keeps
    // re-arming until that turn came. Were a re-armed timer run again within the same step, this
    // would loop without end and the host's turn would never come.
    const r = await runProgram(async () => {
      const rt = activeRuntime();
      const start = now();
      const done = chan<number>();
      let hostTurn = false;
      let runs = 0;
      const t = rt.newTimer(() => {
        if (++runs === 1) setTimeout(() => (hostTurn = true), 0);
        if (hostTurn) void done.send(runs);
        else rt.resetTimer(t, 0);
      }, null);
      rt.resetTimer(t, Second);
      console.log((await done.recv())! > 1, formatDuration(since(start)));
    });
    expect(r.stdout).toBe('true 1s\n');
  });

  it('reports a deadlock once the only runtime timer is stopped', async () => {
    const r = await runProgram(async () => {
      const rt = activeRuntime();
      const t = rt.newTimer(() => undefined, null);
      rt.resetTimer(t, Hour);
      rt.stopTimer(t);
      await chan<void>().recv();
    });
    expect(r.stderr).toMatch(/^fatal error: all goroutines are asleep - deadlock!/);
  });

  it('lists active holds by reason; release is idempotent and releases only its own hold', async () => {
    const r = await runProgram(async () => {
      const rt = activeRuntime();
      const start = now();
      const releaseServer = keepAlive('listening: users');
      const releaseFirst = keepAlive('request GET /users/1', { holdsClock: true });
      const releaseSecond = keepAlive('request GET /users/2', { holdsClock: true });
      console.log(
        rt
          .holds()
          .map((h) => `${h.reason}${h.holdsClock ? ' (clock)' : ''}`)
          .join(', '),
      );
      releaseServer();
      releaseFirst();
      releaseFirst(); // must not release the second request's hold on the clock
      console.log(
        rt
          .holds()
          .map((h) => h.reason)
          .join(', '),
      );
      setTimeout(() => {
        console.log('second response at', formatDuration(since(start)));
        releaseSecond();
      }, 20);
      await sleep(Second);
      console.log('slept until', formatDuration(since(start)), rt.holds().length);
    });
    expect(r.stdout).toBe(
      'listening: users, request GET /users/1 (clock), request GET /users/2 (clock)\n' +
        'request GET /users/2\n' +
        'second response at 0s\n' +
        'slept until 1s 0\n',
    );
  });

  it('serves only once nothing runs, no timer waits and every hold is a listener', async () => {
    // Seen from host callbacks, as the lab host's export run polls it: main parked on a channel.
    const seen: string[] = [];
    const r = await runProgram(
      async () => {
        const rt = activeRuntime();
        const look = (what: string) => seen.push(`${what}: ${rt.serving()}`);
        look('main runs');
        const releaseListener = keepAlive('listening: users', { listener: true });
        const wake = chan<undefined>();
        go(async () => {
          await sleep(30 * Millisecond);
        });
        setTimeout(() => {
          look('a sleeper waits');
          setTimeout(() => {
            const releaseRequest = keepAlive('request GET /users/1');
            look('a request is in flight');
            releaseRequest();
            setTimeout(() => {
              look('only a listener holds it');
              wake.close();
              look('main was woken');
            }, 0);
          }, 60);
        }, 0);
        await wake.recv();
        releaseListener();
        look('no hold at all');
      },
      { clock: 'real' },
    );
    expect(r.exitCode).toBe(0);
    expect(seen).toEqual([
      'main runs: false',
      'a sleeper waits: false',
      'a request is in flight: false',
      'only a listener holds it: true',
      'main was woken: false',
      'no hold at all: false',
    ]);
  });

  it('does not serve while a goroutine awaits a promise the runtime does not know (it may set up more)', async () => {
    const seen: string[] = [];
    const r = await runProgram(
      async () => {
        const rt = activeRuntime();
        const look = (what: string) => seen.push(`${what}: ${rt.serving()}`);
        const releaseListener = keepAlive('listening: users', { listener: true });
        const wake = chan<undefined>();
        // Another goroutine to run makes the scheduler set main aside as "in a syscall".
        go(async () => {
          await wake.recv();
        });
        setTimeout(() => look('main awaits an outside promise'), 10);
        await new Promise<void>((resolve) => setTimeout(resolve, 40));
        setTimeout(() => {
          look('main is parked on a channel');
          wake.close();
        }, 10);
        await wake.recv();
        releaseListener();
      },
      { clock: 'real' },
    );
    expect(r.exitCode).toBe(0);
    expect(seen).toEqual(['main awaits an outside promise: false', 'main is parked on a channel: true']);
  });

  it.each([
    [() => keepAlive(42 as unknown as string), 'Expected `reason` to be a string, got number'],
    [
      () => keepAlive('x', { holdsClock: 'yes' as unknown as boolean }),
      'Expected `holdsClock` to be a boolean, got string',
    ],
    [
      () => keepAlive('x', { listener: 1 as unknown as boolean }),
      'Expected `listener` to be a boolean, got number',
    ],
    [
      () => keepAlive('x', { listener: true, holdsClock: true }),
      'A hold cannot be both `listener` and `holdsClock`: a listener has nothing in flight',
    ],
  ])('rejects bad keepAlive arguments with an exact message (%#)', async (call, message) => {
    const r = await runProgram(() => {
      try {
        call();
      } catch (e) {
        console.log((e as Error).message);
      }
    });
    expect(r.stdout).toBe(`${message}\n`);
  });

  it('does not jump the virtual clock while a holdsClock hold is held (a request on the wire)', async () => {
    // Without holdsClock the clock would jump past both sleeps at once and main would return before
    // the "response" (a host timer) ever came back.
    const r = await runProgram(async () => {
      const start = now();
      const release = keepAlive('request GET /slow', { holdsClock: true });
      go(async () => {
        await sleep(Second);
        console.log('slept until', formatDuration(since(start)));
      });
      setTimeout(() => {
        console.log('response at', formatDuration(since(start)));
        release();
      }, 20);
      await sleep(2 * Second);
    });
    expect(r.stdout).toBe('response at 0s\nslept until 1s\n');
    expect(r.exitCode).toBe(0);
  });

  it('keeps jumping while only a hold and a ticker are left, yielding to the host between jumps', async () => {
    // A listening server (the hold) and a goroutine reading a ticker: the virtual clock keeps
    // stepping, as Go's faketime does. The outside party (host callbacks, as a request would be)
    // waits until 50 virtual ms have passed: it needs both the clock to keep jumping and a host turn
    // between jumps, so if jumps stopped, or ran in a loop without yielding, this would never end.
    const r = await runProgram(async () => {
      const release = keepAlive('listening: api');
      const ticker = newTicker(Millisecond);
      const stop = chan<void>();
      let ticks = 0;
      go(async () => {
        for (;;) {
          const s = await select({ tick: recv(ticker.c), stop: recv(stop) });
          if (s.case === 'stop') return;
          ticks++;
        }
      });
      const start = now();
      const outside = chan<string>();
      const poll = (): void => {
        if (since(start) >= 50) void outside.send('request');
        else setTimeout(poll, 1);
      };
      setTimeout(poll, 1);
      console.log(await outside.recv(), ticks >= 50);
      ticker.stop();
      stop.close();
      release();
    });
    expect(r.stdout).toBe('request true\n');
    expect(r.exitCode).toBe(0);
  });
});
