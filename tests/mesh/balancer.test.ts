/**
 * Balancers, table-driven: each row scripts the random numbers the balancer draws and states the
 * picks that must follow, so the expected sequences can be checked by hand against the algorithm.
 */
import { describe, expect, it } from 'vitest';
import { configure } from 'gort';
import { manualClock } from 'gomesh';
import {
  LeastRequest,
  PeakEwma,
  RandomBalancer,
  RoundRobin,
  createBalancer,
  endpoint,
  type Balancer,
} from 'gomesh/balancer';

const [a, b, c] = ['http://10.0.0.1:80', 'http://10.0.0.2:80', 'http://10.0.0.3:80'].map((u) =>
  endpoint(u),
) as [ReturnType<typeof endpoint>, ReturnType<typeof endpoint>, ReturnType<typeof endpoint>];
const all = [a, b, c];
const name = (e: { id: string }) => ({ [a.id]: 'a', [b.id]: 'b', [c.id]: 'c' })[e.id];

/** A random source that returns the given numbers in order. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('scripted random source ran out of numbers');
    return values[i++] as number;
  };
}

/** One finished request to `e` that took `ms`. */
function observe(bal: Balancer, e: (typeof all)[number], ms: number): void {
  bal.onStart(e);
  bal.onEnd(e, ms, true);
}

const picks = (bal: Balancer, n: number) => Array.from({ length: n }, () => name(bal.pick(all))).join('');

describe('round-robin', () => {
  it('takes each endpoint in turn', () => {
    expect(picks(new RoundRobin(), 7)).toBe('abcabca');
  });
});

describe('random', () => {
  it.each([
    { draws: [0.1, 0.5, 0.9, 0.34], expected: 'abcb' },
    { draws: [0.99, 0.0, 0.66, 0.67], expected: 'cabc' },
  ])('maps draws $draws to $expected', ({ draws, expected }) => {
    expect(picks(new RandomBalancer({ random: scripted(draws) }), draws.length)).toBe(expected);
  });

  it("draws from the program's seeded source: the same seed picks the same sequence, spread evenly", () => {
    const run = (seed: number, n: number) => {
      configure({ seed }); // a fresh program whose random source the balancer takes by default
      return picks(new RandomBalancer(), n);
    };
    expect(run(7, 30)).toBe(run(7, 30));
    expect(run(7, 30)).not.toBe(run(8, 30));
    const seq = run(42, 3000);
    for (const k of 'abc') {
      const count = seq.split(k).length - 1;
      expect(count).toBeGreaterThan(900);
      expect(count).toBeLessThan(1100);
    }
  });
});

describe('least-request (power of two choices)', () => {
  // Active requests: a=2, b=0, c=1. Draw 1 picks i = floor(r*3); draw 2 picks j = floor(r*2), skipping i.
  it.each([
    { draws: [0.0, 0.5], why: 'a(2) vs c(1)', expected: 'c' },
    { draws: [0.5, 0.0], why: 'b(0) vs a(2)', expected: 'b' },
    { draws: [0.9, 0.0], why: 'c(1) vs a(2)', expected: 'c' },
    { draws: [0.9, 0.9], why: 'c(1) vs b(0)', expected: 'b' },
  ])('compares $why and picks $expected', ({ draws, expected }) => {
    const bal = new LeastRequest({ random: scripted(draws) });
    for (const e of [a, a, c]) bal.onStart(e);
    expect(name(bal.pick(all))).toBe(expected);
  });

  it('breaks ties in favour of the first draw and never goes below zero', () => {
    const bal = new LeastRequest({ random: scripted([0.9, 0.0]) });
    bal.onEnd(a);
    expect(bal.active(a.id)).toBe(0);
    expect(name(bal.pick(all))).toBe('c');
  });

  it('keeps outstanding requests balanced under load', () => {
    configure({ seed: 1 });
    const bal = new LeastRequest();
    const inFlight: (typeof a)[] = [];
    for (let i = 0; i < 300; i++) {
      const e = bal.pick(all);
      bal.onStart(e);
      inFlight.push(e);
      if (inFlight.length > 30) bal.onEnd(inFlight.shift() as typeof a);
    }
    const loads = all.map((e) => bal.active(e.id));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(4);
  });
});

describe('peak-EWMA', () => {
  it('prefers the endpoint with the lower latency times outstanding requests', () => {
    const clock = manualClock();
    const bal = new PeakEwma({ clock, random: scripted([0, 0, 0, 0]) });
    observe(bal, a, 10);
    observe(bal, b, 50);
    expect(name(bal.pick([a, b]))).toBe('a'); // 10*1 vs 50*1
    for (let i = 0; i < 5; i++) bal.onStart(a);
    expect(name(bal.pick([a, b]))).toBe('b'); // 10*6 vs 50*1
  });

  it('jumps to a slower observation at once and decays towards faster ones over time', () => {
    const clock = manualClock();
    const bal = new PeakEwma({ clock, decayMs: 1000 });
    observe(bal, a, 10);
    observe(bal, a, 100);
    expect(bal.cost(a.id)).toBe(100);
    clock.advance(1000);
    observe(bal, a, 10);
    expect(bal.cost(a.id)).toBeCloseTo(100 * Math.exp(-1) + 10 * (1 - Math.exp(-1)), 6);
  });

  it('replaces the default prior with the first observation', () => {
    const bal = new PeakEwma({ clock: manualClock(), defaultRttMs: 30 });
    expect(bal.cost(a.id)).toBe(30);
    observe(bal, a, 2);
    expect(bal.cost(a.id)).toBe(2);
  });
});

describe('createBalancer', () => {
  it('builds each kind by name and rejects unknown names with the list of valid ones', () => {
    for (const kind of ['round-robin', 'random', 'least-request', 'peak-ewma'] as const)
      expect(createBalancer(kind).name).toBe(kind);
    expect(() => createBalancer('fastest' as 'random')).toThrow(
      /one of "round-robin", "random", "least-request", "peak-ewma"/,
    );
  });
});
