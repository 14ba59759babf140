/**
 * gort/reflect's select (Go's reflect.Select): a select over a list of cases made at run time,
 * returning Go's `(chosen, recv, recvOK)`. Same semantics as the select statement (uniform seeded
 * choice, nil channels never ready, default, closed channels, send cases), plus what differs:
 * cases are numbered, several defaults panic, and a parked reflect.select always waits as `select`.
 */
import { GoPanic, chan, go, nilChan, recv, send, type Chan, type RecvCase } from 'gort';
import * as reflect from 'gort/reflect';
import { runProgram } from 'gort/testing';
import type { TraceEvent } from 'gort';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

describe('reflect.select', () => {
  it('returns the index of the ready case, the value and ok', async () => {
    const out = await output(async () => {
      const a = chan<number>(1);
      const b = chan<string>(1);
      await b.send('hello');
      const [chosen, value, ok] = await reflect.select([recv(a), recv(b)]);
      console.log(chosen, value, ok);
    });
    expect(out).toBe('1 hello true\n');
  });

  it('gives the zero value and ok=false for a closed, drained channel', async () => {
    const out = await output(async () => {
      const ch = chan<number, number>(1, 0);
      await ch.send(7);
      ch.close();
      console.log(...(await reflect.select([recv(ch)])));
      console.log(...(await reflect.select([recv(ch)])));
    });
    expect(out).toBe('0 7 true\n0 0 false\n');
  });

  it('runs a send case and reports it with no received value', async () => {
    const out = await output(async () => {
      const ch = chan<number>(1);
      const [chosen, value, ok] = await reflect.select([recv(nilChan<number>()), send(ch, 5)]);
      console.log(chosen, value, ok, await ch.recv());
    });
    expect(out).toBe('1 undefined false 5\n');
  });

  it('takes SelectDefault only when no other case is ready', async () => {
    const out = await output(async () => {
      const ch = chan<number>(1);
      const cases = [recv(ch), reflect.SelectDefault] as const;
      console.log((await reflect.select(cases))[0]);
      await ch.send(1);
      console.log((await reflect.select(cases))[0]);
    });
    expect(out).toBe('1\n0\n');
  });

  it('blocks until another goroutine makes a case ready, and only that case runs', async () => {
    const out = await output(async () => {
      const a = chan<number>();
      const b = chan<number>();
      go(async () => b.send(2));
      const [chosen, value] = await reflect.select([recv(a), recv(b)]);
      console.log(chosen, value, a.len, b.len);
      // the parked case on `a` was withdrawn: a later send on `a` finds no receiver
      const [c2] = await reflect.select([send(a, 1), reflect.SelectDefault]);
      console.log(c2);
    });
    expect(out).toBe('1 2 0 0\n1\n');
  });

  it('merges a changing set of channels until every one is closed (the dynamic fan-in)', async () => {
    const out = await output(async () => {
      const chans: Chan<number>[] = [];
      for (let p = 1; p <= 5; p++) {
        const ch = chan<number>();
        chans.push(ch);
        go(async () => {
          for (let i = 1; i <= p * 10; i++) await ch.send(i);
          ch.close();
        });
      }
      const cases: RecvCase<number, undefined>[] = chans.map((ch) => recv(ch));
      let open = cases.length;
      let count = 0;
      let sum = 0;
      while (open > 0) {
        const [chosen, value, ok] = await reflect.select(cases);
        if (!ok) {
          cases[chosen] = recv(null); // Go: set the case's channel to nil
          open--;
          continue;
        }
        count++;
        sum += value ?? 0;
      }
      console.log(count, sum);
    });
    // producer p sends 1..10p: 150 values; the sums of 1..10, 1..20, ..., 1..50
    expect(out).toBe(`150 ${[10, 20, 30, 40, 50].reduce((s, n) => s + (n * (n + 1)) / 2, 0)}\n`);
  });

  it('accepts the same channel in a send and a receive case (another goroutine takes the send)', async () => {
    // As in Go with one P: the receiver takes the parked send, readies main and prints first.
    const out = await output(async () => {
      const ch = chan<number>();
      go(async () => console.log('got', await ch.recv()));
      const [chosen] = await reflect.select([recv(ch), send(ch, 9)]);
      console.log('chose', chosen);
    });
    expect(out).toBe('got 9\nchose 1\n');
  });

  it('chooses uniformly among ready cases (TestSelectFairness bound) and repeats with the seed', async () => {
    const program = async () => {
      const n = 10_000;
      const c1 = chan<number>(n);
      const c2 = chan<number>(n);
      for (let i = 0; i < n; i++) {
        await c1.send(1);
        await c2.send(2);
      }
      const never = chan<number>();
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < n; i++)
        counts[(await reflect.select([recv(never), recv(c1), recv(c2), recv(never)]))[0]]!++;
      console.log(counts.join(' '));
    };
    const first = await output(program, 7);
    const [n0, n1, n2, n3] = first.trim().split(' ').map(Number) as [number, number, number, number];
    expect([n0, n3]).toEqual([0, 0]);
    expect(n1 + n2).toBe(10_000);
    // Go's TestSelectFairness: |cnt1 - n/2| within 10 sigma (sigma = sqrt(n)/2)
    expect(Math.abs(n1 - 5_000)).toBeLessThan(10 * (Math.sqrt(10_000) / 2));
    expect(await output(program, 7)).toBe(first);
  });

  it('panics like Go on two default cases and rejects what is not a case', async () => {
    const two = await runProgram(async () => {
      await reflect.select([reflect.SelectDefault, reflect.SelectDefault]);
    });
    expect(two.exitCode).toBe(2);
    expect(two.stderr).toMatch(/^panic: reflect\.Select: multiple default cases\n/);
    const caught = await output(async () => {
      try {
        await reflect.select([reflect.SelectDefault, reflect.SelectDefault]);
      } catch (e) {
        console.log(e instanceof GoPanic, (e as GoPanic).value); // what Go's recover() would return
      }
    });
    expect(caught).toBe('true reflect.Select: multiple default cases\n');

    const bad = await runProgram(async () => {
      await reflect.select([recv(chan<number>()), 'default' as unknown as reflect.SelectCase]);
    });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('reflect.Select: case 1 must be recv(ch), send(ch, v) or SelectDefault');
  });

  it('panics on a send case whose channel is closed', async () => {
    const r = await runProgram(async () => {
      const ch = chan<number>(1);
      ch.close();
      await reflect.select([send(ch, 1)]);
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^panic: send on closed channel\n/);
  });

  it('waits as [select] even with one case, and as [select (no cases)] with none (Go never rewrites reflect.Select)', async () => {
    const one = await runProgram(async () => {
      await reflect.select([recv(chan<number>())]);
    });
    expect(one.exitCode).toBe(2);
    expect(one.stderr).toContain(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [select]:',
    );

    const none = await runProgram(async () => {
      await reflect.select([]);
    });
    expect(none.stderr).toContain('goroutine 1 [select (no cases)]:');

    const nils = await runProgram(async () => {
      await reflect.select([recv(null), recv(nilChan<number>())]);
    });
    expect(nils.stderr).toContain('goroutine 1 [select]:');
  });

  it('traces the chosen case by its index, whether it was ready or woke the select', async () => {
    const r = await runProgram(
      async () => {
        const a = chan<number>(1);
        const b = chan<number>();
        await a.send(1);
        await reflect.select([recv(b), recv(a)]);
        go(async () => b.send(2));
        await reflect.select([recv(b), recv(a)]);
        await reflect.select([recv(b), reflect.SelectDefault]);
      },
      { trace: true },
    );
    const chosen = r.trace.flatMap((e: TraceEvent) => (e.type === 'select' ? [e.case] : []));
    expect(chosen).toEqual(['1', '0', '1']);
  });
});
