/**
 * Schedule exploration (src/runtime/explore.ts): tokens and their validation, replay (the same
 * token gives the same output and trace), legality (only orders Go could produce: what
 * synchronizes stays synchronized under every schedule), and that the explorer does reach the
 * orders FIFO never runs. The classic bugs through labcheck's `t.explore` are in
 * tests/lab/labcheck-explore.test.ts.
 */
import { chan, configure, go, gosched, parseSchedule, recv, scheduleToken, select } from 'gort';
import { Mutex, WaitGroup } from 'gort/sync';
import { runProgram } from 'gort/testing';
import * as time from 'gort/time';
import { describe, expect, it } from 'vitest';

const TOKENS = Array.from({ length: 60 }, (_, i) => `rw-${i + 1}`);

/** Three goroutines that each print, yield and print again, plus a select between two ready channels. */
async function interleaved(): Promise<void> {
  const wg = new WaitGroup();
  const a = chan<string>(10);
  const b = chan<string>(10);
  for (const name of ['x', 'y', 'z']) {
    wg.go(async () => {
      console.log(`${name}1`);
      await a.send(name);
      await b.send(name);
      console.log(`${name}2`);
    });
  }
  await wg.wait();
  let picks = '';
  for (let i = 0; i < 6; i++) {
    const r = await select({ a: recv(a), b: recv(b) });
    picks += r.case;
  }
  console.log(picks);
}

describe('schedule tokens', () => {
  it.each([
    ['rw-0', { mode: 'rw', seed: 0 }],
    ['rw-17', { mode: 'rw', seed: 17 }],
    ['rw-4294967295', { mode: 'rw', seed: 4294967295 }],
  ])('reads %s', (token, schedule) => {
    expect(parseSchedule(token)).toEqual(schedule);
    expect(scheduleToken(parseSchedule(token)!)).toBe(token);
  });

  it.each(['', 'rw', 'rw-', 'rw-01', 'rw--1', 'rw-1.5', 'rw-4294967296', 'pct-3', 'RW-1', ' rw-1'])(
    'refuses %j',
    (token) => {
      expect(parseSchedule(token)).toBeNull();
    },
  );

  it('is validated where it enters, with the exact message', () => {
    expect(() => configure({ schedule: 'rw-x' })).toThrow(
      new TypeError(`Expected \`schedule\` to be a schedule token such as 'rw-17', got "rw-x"`),
    );
    expect(() => configure({ schedule: 17 as unknown as string })).toThrow(
      new TypeError(`Expected \`schedule\` to be a schedule token such as 'rw-17', got number`),
    );
    expect(() => configure({ schedule: 'rw-1', seed: 1 })).toThrow(
      new TypeError('Expected `seed` or `schedule`, got both (a schedule carries its own seed)'),
    );
  });
});

describe('exploring schedules', () => {
  it('replays a token exactly: the same output and the same trace', async () => {
    for (const schedule of ['rw-3', 'rw-41']) {
      const first = await runProgram(interleaved, { schedule, trace: true });
      const again = await runProgram(interleaved, { schedule, trace: true });
      expect(again.output).toBe(first.output);
      expect(again.trace).toEqual(first.trace);
      expect(first.trace.length).toBeGreaterThan(20);
    }
  });

  it('runs orders FIFO never does, including select choices (so a lucky order cannot hide a bug)', async () => {
    const fifo = await runProgram(interleaved);
    const outputs = new Set<string>();
    const picks = new Set<string>();
    for (const schedule of TOKENS) {
      const r = await runProgram(interleaved, { schedule });
      outputs.add(r.stdout);
      picks.add(r.stdout.split('\n').at(-2)!);
    }
    // FIFO runs each goroutine to its end (its sends never block); exploring preempts them there.
    const separate = (o: string) => /^(\w)1\n\1[2]\n(\w)1\n\2[2]\n(\w)1\n\3[2]\n/.test(o);
    expect(separate(fifo.stdout)).toBe(true);
    expect(outputs.size).toBeGreaterThan(10);
    expect([...outputs].filter((o) => !separate(o)).length).toBeGreaterThan(5);
    expect(picks.size).toBeGreaterThan(5);
  });

  it('leaves the default order alone: without a schedule, the same seed prints what it always did', async () => {
    const r = await runProgram(interleaved);
    expect(r.stdout).toBe('x1\nx2\ny1\ny2\nz1\nz2\nbabaab\n');
  });

  it('never breaks synchronization: a mutex, a WaitGroup and channel handoffs hold under every schedule', async () => {
    const correct = async () => {
      let balance = 0;
      const mu = new Mutex();
      const wg = new WaitGroup();
      const log = chan<number>(100);
      for (let i = 0; i < 5; i++) {
        wg.add(1);
        go(async () => {
          try {
            await mu.lock();
            const b = balance;
            await log.send(b);
            await gosched();
            balance = b + 10;
            mu.unlock();
          } finally {
            wg.done();
          }
        });
      }
      await wg.wait();
      const ping = chan<number, number>(0, 0);
      const pong = chan<number, number>(0, 0);
      go(async () => {
        for (let i = 0; i < 3; i++) await pong.send((await ping.recv()) + 1);
      });
      const seen: number[] = [];
      for (let ball = 0; ball < 6; ball += 2) {
        await ping.send(ball);
        seen.push(await pong.recv());
      }
      console.log(balance, seen.join(','));
    };
    for (const schedule of TOKENS) {
      const r = await runProgram(correct, { schedule });
      expect(r.output, schedule).toBe('50 1,3,5\n');
    }
  });

  it('fires timers in virtual-time order under every schedule', async () => {
    const timers = async () => {
      const out = chan<number>(3);
      for (const ms of [30, 10, 20]) {
        go(async () => {
          await time.sleep(ms);
          await out.send(ms);
        });
      }
      console.log(await out.recv(), await out.recv(), await out.recv());
    };
    for (const schedule of TOKENS) {
      const r = await runProgram(timers, { schedule });
      expect(r.stdout, schedule).toBe('10 20 30\n');
    }
  });
});
