/**
 * The program entry: main's return ends the program and abandons other goroutines; the virtual
 * clock; configure's validation; runProgram's isolation; gosched and preemption; trace events.
 */
import { chan, configure, go, gosched, recv, select, type Chan, type TraceEvent } from 'gort';
import { WaitGroup } from 'gort/sync';
import { Hour, Second, now, since, sleep } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';

describe('the program entry', () => {
  it('ends when main returns: other goroutines are abandoned and never run again', async () => {
    let ranAfterExit = false;
    const r = await runProgram(async () => {
      const tick = chan<number>(1);
      go(async () => {
        await sleep(10);
        ranAfterExit = true;
      });
      go(async () => {
        for (;;) await tick.send(1); // runnable forever, but never scheduled after main returns
      });
      await tick.recv();
      console.log('main returns');
    });
    expect(r.stdout).toBe('main returns\n');
    expect(r.exitCode).toBe(0);
    // a later program runs on a fresh runtime; the first one's goroutines stay dead
    await runProgram(() => sleep(Hour));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ranAfterExit).toBe(false);
  });

  it('on the virtual clock, an hour of sleeps finishes at once with exact durations', async () => {
    const r = await runProgram(async () => {
      const start = now();
      for (let i = 0; i < 3600; i++) await sleep(Second);
      console.log(`slept ${since(start) / Hour}h`, start.toISOString());
    });
    expect(r.stdout).toBe('slept 1h 2009-11-10T23:00:00.000Z\n');
    expect(r.exitCode).toBe(0);
  });

  it('on the virtual clock, concurrent sleepers wake in deadline order', async () => {
    const r = await runProgram(async () => {
      const wg = new WaitGroup();
      for (const ms of [300, 100, 200]) {
        wg.go(async () => {
          await sleep(ms);
          console.log(ms);
        });
      }
      await wg.wait();
    });
    expect(r.stdout).toBe('100\n200\n300\n');
  });

  it('runs programs in sequence without sharing state, even when called concurrently', async () => {
    const program = async () => {
      const ch = chan<number>();
      go(async () => ch.send(1));
      await ch.recv();
      console.log(now().toISOString());
    };
    const [a, b] = await Promise.all([runProgram(program), runProgram(program)]);
    expect(a.stdout).toBe('2009-11-10T23:00:00.000Z\n');
    expect(b).toEqual(a);
  });

  it('captures console.error as stderr and interleaves output in order', async () => {
    const r = await runProgram(() => {
      console.log('out 1');
      console.error('err 1');
      console.log('out %d', 2);
    });
    expect(r.stdout).toBe('out 1\nout 2\n');
    expect(r.stderr).toBe('err 1\n');
    expect(r.output).toBe('out 1\nerr 1\nout 2\n');
  });

  it('gosched lets every runnable goroutine run first', async () => {
    const r = await runProgram(async () => {
      for (let i = 0; i < 3; i++) go(() => console.log('goroutine', i));
      await gosched();
      console.log('main');
    });
    expect(r.stdout).toBe('goroutine 0\ngoroutine 1\ngoroutine 2\nmain\n');
  });

  it('preempts a goroutine that spins on non-blocking operations, so others still run', async () => {
    const r = await runProgram(async () => {
      const done = chan<void>();
      go(() => done.close());
      let spins = 0;
      for (;;) {
        const s = await select({ done: recv(done), default: true });
        if (s.case === 'done') break;
        spins++;
      }
      console.log('spun', spins > 0 ? 'a while' : 'not at all');
    });
    expect(r.stdout).toBe('spun a while\n');
    expect(r.exitCode).toBe(0);
  });

  it('attributes operations made from plain async helpers to the calling goroutine', async () => {
    const receive = async (ch: Chan<number>) => {
      const v = await ch.recv();
      return v;
    };
    const r = await runProgram(async () => {
      go(async function consumer() {
        await receive(chan<number>());
      });
      await receive(chan<number>());
    });
    expect(r.stderr).toContain('goroutine 1 [chan receive]:\nmain.main()\n');
    expect(r.stderr).toContain(
      'goroutine 2 [chan receive]:\nmain.consumer()\ncreated by main.main in goroutine 1\n',
    );
  });

  it('configure rejects bad options with exact messages', () => {
    expect(() => configure({ clock: 'fast' as 'real' })).toThrow(
      "Expected `clock` to be 'virtual' or 'real', got fast",
    );
    expect(() => configure({ seed: Number.NaN })).toThrow('Expected `seed` to be a finite number, got NaN');
    expect(() => configure({ exit: 1 as unknown as () => void })).toThrow(
      'Expected `exit` to be a function, got number',
    );
  });
});

describe('trace events', () => {
  it('are emitted for goroutines, channels, select and timers, with the goroutine that acted', async () => {
    const r = await runProgram(
      async () => {
        const ch = chan<number>();
        go(async function worker() {
          await sleep(5);
          await ch.send(1);
        });
        await select({ v: recv(ch) });
        ch.close();
      },
      { trace: true },
    );
    const brief = r.trace.map((e: TraceEvent) => {
      switch (e.type) {
        case 'go.start':
          return `${e.t} g${e.g} start ${e.fn} from g${e.parent}`;
        case 'go.park':
          return `${e.t} g${e.g} park ${e.reason}`;
        case 'chan.make':
          return `${e.t} g${e.g} make ch${e.ch} cap ${e.cap}`;
        case 'chan.recv':
          return `${e.t} g${e.g} recv ch${e.ch} ok=${e.ok}`;
        case 'chan.send':
        case 'chan.close':
          return `${e.t} g${e.g} ${e.type.slice(5)} ch${e.ch}`;
        case 'select':
          return `${e.t} g${e.g} select ${e.case}`;
        case 'timer.set':
          return `${e.t} g${e.g} timer${e.timer} set ${e.when}`;
        case 'timer.fire':
          return `${e.t} g${e.g} timer${e.timer} fire`;
        case 'sleep':
          return `${e.t} g${e.g} sleep ${e.d}`;
        default:
          return `${e.t} g${e.g} ${e.type.slice(3)}`;
      }
    });
    expect(brief).toEqual([
      '0 g1 start main.main from g0',
      '0 g1 make ch1 cap 0',
      '0 g2 start main.worker from g1',
      '0 g1 park chan receive',
      '0 g2 sleep 5',
      '0 g2 timer1 set 5',
      '0 g2 park sleep',
      '5 g0 timer1 fire',
      '5 g2 unpark',
      '5 g2 send ch1',
      '5 g1 recv ch1 ok=true',
      '5 g1 select v',
      '5 g1 unpark',
      '5 g2 exit',
      '5 g1 close ch1',
      '5 g1 exit',
    ]);
  });

  it('cost nothing when no subscriber is attached: none are collected', async () => {
    const r = await runProgram(async () => {
      const ch = chan<number>(1);
      await ch.send(1);
      await ch.recv();
    });
    expect(r.trace).toEqual([]);
  });
});
