/**
 * select: the default case, uniform seeded choice among ready cases, nil cases never ready, the
 * same channel twice, send and receive of one channel in one select, and typed results.
 */
import { chan, go, nilChan, recv, select, send, type Chan, type RecvCase, type TraceEvent } from 'gort';
import { after, sleep } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

/** A program that prints which of three always-ready cases each of 30 selects chose. */
async function choices(): Promise<void> {
  const a = chan<number>(100);
  const b = chan<number>(100);
  const c = chan<number>(100);
  for (let i = 0; i < 30; i++) {
    await a.send(i);
    await b.send(i);
    await c.send(i);
  }
  let s = '';
  for (let i = 0; i < 30; i++) {
    const r = await select({ a: recv(a), b: recv(b), c: recv(c) });
    s += r.case;
  }
  console.log(s);
}

describe('select', () => {
  it('rejects a case that is not recv(ch) or send(ch, v) with a clear message (it used to overflow the stack)', async () => {
    const bad = { x: undefined } as unknown as Parameters<typeof select>[0];
    const r = await runProgram(async () => {
      await select(bad);
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('select: case x must be recv(ch) or send(ch, v)');
  });

  it('takes the default case when no other case is ready', async () => {
    const out = await output(async () => {
      const ch = chan<number>();
      const r = await select({ v: recv(ch), default: true });
      console.log(r.case);
    });
    expect(out).toBe('default\n');
  });

  it('returns the received value and ok, typed by case', async () => {
    const out = await output(async () => {
      const nums = chan<number, number>(1, 0);
      const words = chan<string>(1);
      await nums.send(42);
      const r = await select({ n: recv(nums), w: recv(words) });
      if (r.case === 'n') {
        const v: number = r.value;
        console.log(r.case, v, r.ok);
      }
      nums.close();
      const z = await select({ n: recv(nums), w: recv(words) });
      console.log(z);
    });
    expect(out).toBe("n 42 true\n{ case: 'n', value: 0, ok: false }\n");
  });

  it('blocks until a case becomes ready and runs exactly that case', async () => {
    const out = await output(async () => {
      const a = chan<string>();
      const b = chan<string>();
      go(async () => {
        await sleep(100);
        await b.send('from b');
      });
      const r = await select({ a: recv(a), b: recv(b) });
      console.log(r);
      const late = await select({ a: recv(a), b: recv(b), default: true });
      console.log(late.case);
    });
    expect(out).toBe("{ case: 'b', value: 'from b', ok: true }\ndefault\n");
  });

  it('a send case completes when a receiver arrives (which then runs first, as on one Go thread)', async () => {
    const out = await output(async () => {
      const ch = chan<number>();
      go(async () => console.log('got', await ch.recv()));
      const r = await select({ out: send(ch, 5), timeout: recv(after(1000)) });
      console.log(r.case);
      await sleep(1);
    });
    expect(out).toBe('got 5\nout\n');
  });

  it('a timeout case fires on the virtual clock', async () => {
    const out = await output(async () => {
      const never = chan<number>();
      const r = await select({ v: recv(never), timeout: recv(after(2000)) });
      console.log(r.case);
    });
    expect(out).toBe('timeout\n');
  });

  it('never chooses a nil channel’s case: setting a case to null disables it', async () => {
    const out = await output(async () => {
      let a: Chan<number> | null = chan<number>(1);
      const b = chan<number>(10);
      await a.send(1);
      a.close();
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        await b.send(i);
        const r = await select({ a: recv(a), b: recv(b), n: recv(nilChan<number>()), s: send(null, 1) });
        seen.push(r.case);
        if (r.case === 'a' && !r.ok) a = null;
      }
      console.log(seen.includes('n') || seen.includes('s') ? 'nil chosen' : 'nil never chosen');
    });
    expect(out).toBe('nil never chosen\n');
  });

  it('the same seed gives the same choices; another seed gives others', async () => {
    const one = await output(choices, 7);
    const again = await output(choices, 7);
    const other = await output(choices, 8);
    expect(again).toBe(one);
    expect(other).not.toBe(one);
  });

  it('chooses uniformly among ready cases', async () => {
    const out = await output(async () => {
      const ch = chan<number>(1);
      const counts = { a: 0, b: 0, c: 0, d: 0 };
      for (let i = 0; i < 40_000; i++) {
        await ch.send(i);
        // three ready cases on the same channel and one never-ready case
        const r = await select({ a: recv(ch), b: recv(ch), c: recv(ch), d: recv(chan<number>()) });
        counts[r.case]++;
      }
      console.log(JSON.stringify(counts));
    });
    const counts = JSON.parse(out) as Record<string, number>;
    expect(counts['d']).toBe(0);
    for (const k of ['a', 'b', 'c']) expect(Math.abs(counts[k]! - 40_000 / 3)).toBeLessThan(400);
  });

  it('a select with a send and a receive on one unbuffered channel does not meet itself', async () => {
    const out = await output(async () => {
      const ch = chan<number>();
      go(async () => {
        await sleep(10);
        await ch.send(1);
      });
      const r = await select({ s: send(ch, 2), r: recv(ch) });
      console.log(r.case);
    });
    expect(out).toBe('r\n');
  });

  it('a parked select leaves no stale waiters on the channels it did not choose', async () => {
    const out = await output(async () => {
      const a = chan<number>();
      const b = chan<number>(1);
      go(async () => {
        for (let i = 0; i < 3; i++) {
          await sleep(1);
          await b.send(i);
        }
      });
      for (let i = 0; i < 3; i++) await select({ a: recv(a), b: recv(b) });
      // nobody waits on `a` any more, so a non-blocking send finds no receiver
      const r = await select({ s: send(a, 1), default: true });
      console.log(r.case);
    });
    expect(out).toBe('default\n');
  });

  it('a cases object reused across selects may drop a case (Go: setting the channel to nil)', async () => {
    const out = await output(async () => {
      const a = chan<string>(1);
      const b = chan<string>(1);
      const cases: Partial<Record<'a' | 'b', ReturnType<typeof recv<string, undefined>>>> = {
        a: recv(a),
        b: recv(b),
      };
      await a.send('A');
      a.close();
      await b.send('B');
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await select(cases as { a: RecvCase<string, undefined>; b: RecvCase<string, undefined> });
        if (!r.ok) delete cases[r.case];
        else seen.push(r.value);
      }
      console.log(seen.sort().join(','), Object.keys(cases).join(','));
    });
    expect(out).toBe('A,B b\n');
  });

  it('rejects a default that is not `true` and cases that are not recv/send', async () => {
    const r = await runProgram(async () => {
      try {
        await select({ default: false as unknown as true });
      } catch (e) {
        console.log((e as Error).message);
      }
      try {
        await select({ x: 1 as unknown as true });
      } catch (e) {
        console.log((e as Error).message);
      }
    });
    expect(r.stdout).toBe(
      'select: `default` must be `true` (a non-blocking select)\nselect: case x must be recv(ch) or send(ch, v)\n',
    );
  });
});

describe('the trace of a parked select', () => {
  // Only the select's first case was given its goroutine when it parked: an operation completed on
  // a later case was traced as goroutine 0's receive, and a send by a later case was not traced.
  it("names the select's goroutine for an operation any of its cases completes", async () => {
    const r = await runProgram(
      async () => {
        const a = chan<number, number>(0, 0);
        const b = chan<number, number>(0, 0);
        const c = chan<number, number>(0, 0);
        go(async () => {
          await b.send(1); // wakes the select's second case
          b.close(); // wakes it again, with ok false
          await c.recv(); // takes the select's send case
        });
        await select({ a: recv(a), b: recv(b) });
        await select({ a: recv(a), b: recv(b) });
        await select({ a: recv(a), c: send(c, 7) });
      },
      { trace: true },
    );
    expect(r.exitCode).toBe(0);
    const ops = r.trace.flatMap((e: TraceEvent) =>
      e.type === 'chan.recv' || e.type === 'chan.send'
        ? [`${e.type} g${e.g} ok=${e.type === 'chan.recv' ? e.ok : '-'}`]
        : [],
    );
    expect(ops).toEqual([
      'chan.send g2 ok=-',
      'chan.recv g1 ok=true',
      'chan.recv g1 ok=false',
      'chan.send g1 ok=-',
      'chan.recv g2 ok=true',
    ]);
  });
});
