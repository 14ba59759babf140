/** gort/sync/atomic: Go by Example's atomic counter reads naturally; Go's wrap-around and panics. */
import { Bool, Int32, Int64, Pointer, Uint64, Value } from 'gort/sync/atomic';
import { WaitGroup } from 'gort/sync';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';

describe('sync/atomic', () => {
  it('runs Go by Example’s atomic counter: 50 goroutines x 1000 increments', async () => {
    const r = await runProgram(async () => {
      const ops = new Int64();
      const wg = new WaitGroup();
      for (let i = 0; i < 50; i++) {
        wg.go(() => {
          for (let c = 0; c < 1000; c++) ops.add(1);
        });
      }
      await wg.wait();
      console.log('ops:', ops.load());
    });
    expect(r.stdout).toBe('ops: 50000\n');
  });

  it('Int32 wraps around like Go', () => {
    const n = new Int32();
    n.store(2 ** 31 - 1);
    expect(n.add(1)).toBe(-(2 ** 31));
    expect(n.swap(5)).toBe(-(2 ** 31));
    expect(n.compareAndSwap(4, 9)).toBe(false);
    expect(n.compareAndSwap(5, 9)).toBe(true);
    expect(n.load()).toBe(9);
  });

  it('Uint64 is exact and wraps at 2^64', () => {
    const u = new Uint64();
    expect(u.add(-1n)).toBe(2n ** 64n - 1n);
    expect(u.add(2n)).toBe(1n);
  });

  it('Int64 adds, swaps and compares', () => {
    const n = new Int64();
    n.store(40);
    expect(n.add(2)).toBe(42);
    expect(n.compareAndSwap(42, 0)).toBe(true);
    expect(n.swap(7)).toBe(0);
  });

  it('Bool and Pointer swap and compare', () => {
    const b = new Bool();
    expect(b.compareAndSwap(false, true)).toBe(true);
    expect(b.swap(false)).toBe(true);
    const config = { v: 1 };
    const p = new Pointer<{ v: number }>();
    expect(p.load()).toBeNull();
    p.store(config);
    expect(p.compareAndSwap(config, { v: 2 })).toBe(true);
    expect(p.load()?.v).toBe(2);
  });

  it('Value panics like Go on nil and on a value of another type', () => {
    const v = new Value<unknown>();
    expect(v.load()).toBeUndefined();
    expect(() => v.store(null)).toThrow('sync/atomic: store of nil value into Value');
    v.store({ a: 1 });
    expect(() => v.store('text')).toThrow('sync/atomic: store of inconsistently typed value into Value');
    expect(v.swap({ a: 2 })).toEqual({ a: 1 });
  });
});
