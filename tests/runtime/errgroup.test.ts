/** gort/errgroup: first error wins, withContext cancels the rest, setLimit bounds concurrency. */
import { recv, select } from 'gort';
import { background } from 'gort/context';
import { Group, withContext } from 'gort/errgroup';
import { after, sleep } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

describe('errgroup', () => {
  it('wait returns null when every function succeeds', async () => {
    const out = await output(async () => {
      const g = new Group();
      const results: number[] = [];
      for (const ms of [30, 10, 20]) {
        await g.go(async () => {
          await sleep(ms);
          results.push(ms);
        });
      }
      console.log(await g.wait(), results.join(','));
    });
    expect(out).toBe('null 10,20,30\n');
  });

  it('wait returns the first error, returned or thrown', async () => {
    const out = await output(async () => {
      const g = new Group();
      await g.go(async () => {
        await sleep(20);
        return new Error('second');
      });
      await g.go(async () => {
        await sleep(10);
        throw new Error('first');
      });
      console.log((await g.wait())?.message);
    });
    expect(out).toBe('first\n');
  });

  it('withContext cancels the context at the first error, with the error as cause', async () => {
    const out = await output(async () => {
      const [g, ctx] = withContext(background());
      await g.go(async () => {
        const r = await select({ slow: recv(after(10_000)), done: recv(ctx.done()) });
        console.log('worker saw', r.case, ctx.err()?.message);
      });
      await g.go(async () => {
        await sleep(5);
        return new Error('fetch failed');
      });
      console.log((await g.wait())?.message);
    });
    expect(out).toBe('worker saw done context canceled\nfetch failed\n');
  });

  it('setLimit bounds how many run at once; go waits for a slot and tryGo refuses', async () => {
    const out = await output(async () => {
      const g = new Group();
      g.setLimit(2);
      let running = 0;
      let peak = 0;
      const task = async () => {
        peak = Math.max(peak, ++running);
        await sleep(10);
        running--;
      };
      for (let i = 0; i < 6; i++) await g.go(task);
      const refused = g.tryGo(task);
      await g.wait();
      const accepted = g.tryGo(task);
      await g.wait();
      console.log(peak, refused, accepted);
    });
    expect(out).toBe('2 false true\n');
  });

  it('setLimit panics while goroutines are active, with the errgroup text', async () => {
    const r = await runProgram(async () => {
      const g = new Group();
      await g.go(() => sleep(10));
      g.setLimit(1);
    });
    expect(r.stderr.split('\n')[0]).toBe(
      'panic: errgroup: modify limit while 1 goroutines in the group are still active',
    );
    expect(r.exitCode).toBe(2);
  });

  it('setLimit keeps its bound under explored schedules: a slot given back never leaves the goroutine yielding while it exits (schedule rw-1 used to report a false deadlock with timers pending)', async () => {
    const program = async () => {
      const g = new Group();
      g.setLimit(3);
      let running = 0;
      let peak = 0;
      for (let id = 1; id <= 6; id++) {
        await g.go(async () => {
          peak = Math.max(peak, ++running);
          await sleep(10 * id);
          running--;
        });
      }
      const refused = g.tryGo(() => sleep(1));
      await g.wait();
      console.log('peak', peak, 'refused', !refused);
    };
    for (const schedule of ['rw-1', 'rw-2', 'rw-3', 'rw-7']) {
      const r = await runProgram(program, { schedule });
      expect(r.stderr, schedule).toBe('');
      expect(r.stdout, schedule).toBe('peak 3 refused true\n');
    }
  });
});
