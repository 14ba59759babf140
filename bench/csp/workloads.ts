/**
 * The five workloads of the Go channel benchmark (W1..W5), written once against `Contender`, the
 * few Go-like primitives every contender provides. Sizes, checks and metrics are those of the
 * shared CSP benchmark, so its Go numbers compare; the code is this project's own.
 *
 * W5 is measured twice. `select` is the shared benchmark's W5: the consumer goes through the
 * contender's `selector` adapter (`[index, value]` per call), the one way the shared rules allow for
 * libraries whose goroutines are async functions, so it is the number comparable to the shared
 * benchmark (and the one gort-adapter.mjs gives it). `select-idiomatic` is W5 with the consumer loop
 * written in each library's own select idiom (a contender's `native['select-idiomatic']`, no
 * adapter in between): same producers, sizes, checks and metric, by construction (`fanIn`).
 *
 * Invariants: values sent are positive integers, so `undefined` can mean "closed"; each workload
 * verifies its result (sum, count, last prime) and throws when it is wrong, so a fast wrong
 * contender never gets a number; `ms` is wall-clock time and `cpuMs` the CPU time this process used
 * meanwhile (all its threads), which other processes loading the machine barely change.
 */

export type WorkloadId = 'pingpong' | 'buffered' | 'spawn' | 'sieve' | 'select' | 'select-idiomatic';
export const workloadIds: readonly WorkloadId[] = [
  'pingpong',
  'buffered',
  'spawn',
  'sieve',
  'select',
  'select-idiomatic',
];
/** The workloads written once against `Contender`; `select-idiomatic` exists only natively. */
export type GenericWorkloadId = Exclude<WorkloadId, 'select-idiomatic'>;

export interface Params {
  n?: number;
  cap?: number;
  primes?: number;
  producers?: number;
  perProducer?: number;
}

/** Full sizes: W1 1M round trips, W2 2M msgs through cap 128, W3 100k goroutines, W4 2,000 primes, W5 4 x 250k (both forms). */
export const sizes: Record<WorkloadId, Params> = {
  pingpong: { n: 1_000_000 },
  buffered: { n: 2_000_000, cap: 128 },
  spawn: { n: 100_000 },
  sieve: { primes: 2000 },
  select: { producers: 4, perProducer: 250_000 },
  'select-idiomatic': { producers: 4, perProducer: 250_000 },
};

/** The metric a workload is judged by, whether higher is better, and the extra metrics shown. */
export const headline: Record<WorkloadId, { metric: string; higherIsBetter: boolean; extra: string[] }> = {
  pingpong: { metric: 'roundTripsPerSec', higherIsBetter: true, extra: [] },
  buffered: { metric: 'msgsPerSec', higherIsBetter: true, extra: [] },
  spawn: { metric: 'ms', higherIsBetter: false, extra: ['bytesPerG', 'peakRssMB'] },
  sieve: { metric: 'ms', higherIsBetter: false, extra: [] },
  select: { metric: 'msgsPerSec', higherIsBetter: true, extra: [] },
  'select-idiomatic': { metric: 'msgsPerSec', higherIsBetter: true, extra: [] },
};

export type Metrics = Record<string, number>;
type MaybePromise<T> = T | Promise<T>;

/** What a contender provides. `C` is its channel type; a receive of a closed channel gives undefined. */
export interface Contender<C = unknown> {
  name: string;
  /** npm package whose version is reported. */
  pkg?: string;
  go(fn: () => Promise<void>): void;
  chan(cap: number): C;
  /** Settles when Go's `ch <- v` would return; what it settles with is ignored. */
  send(ch: C, v: number): MaybePromise<unknown>;
  recv(ch: C): MaybePromise<number | undefined>;
  close(ch: C): void;
  /**
   * Receive-only select over `chs`: each call gives `[index, value or undefined when closed]`;
   * more elements may follow and are ignored (gort's reflect.select also gives Go's `recvOK`).
   */
  selector?(chs: C[]): () => MaybePromise<readonly [number, number | undefined, ...unknown[]]>;
  /** Workloads the library cannot express, with the reason (reported as n/a). */
  unsupported?: Partial<Record<WorkloadId, string>>;
  /** Native implementations for libraries whose goroutines are not async functions. */
  native?: Partial<Record<WorkloadId, (p: Params) => Promise<Metrics>>>;
  /** Runs the whole sample (warm-up and measured run); gort runs it as its main goroutine. */
  run?<T>(body: () => Promise<T>): Promise<T>;
  notes?: string[];
}

/** Wall and CPU time of the measured parts of a workload; start/stop pairs add up. */
export class Stopwatch {
  ms = 0;
  cpuMs = 0;
  #t0 = 0;
  #c0 = 0;
  start(): void {
    const c = process.cpuUsage();
    this.#c0 = c.user + c.system;
    this.#t0 = performance.now();
  }
  stop(): void {
    this.ms += performance.now() - this.#t0;
    const c = process.cpuUsage();
    this.cpuMs += (c.user + c.system - this.#c0) / 1000;
  }
}

export function check(ok: boolean, msg: string): void {
  if (!ok) throw new Error(`check failed: ${msg}`);
}

/** A workload's size parameter, which must be given. */
export const need = (v: number | undefined, name: string): number => {
  if (v === undefined) throw new Error(`missing parameter ${name}`);
  return v;
};

/** Shrinks the counts (not capacities or producer counts) by `f`, for warm-ups and smoke runs. */
export function scale(p: Params, f: number): Params {
  const s = { ...p };
  for (const k of ['n', 'primes', 'perProducer'] as const) {
    const v = s[k];
    if (v !== undefined) s[k] = Math.max(1, Math.round(v * f));
  }
  return s;
}

/** The k-th prime by trial division: the sieve's expected answer (the 2,000th is 17389). */
export function nthPrime(k: number): number {
  for (let i = 2, count = 0; ; i++) {
    let prime = true;
    for (let d = 2; d * d <= i && prime; d++) prime = i % d !== 0;
    if (prime && ++count === k) return i;
  }
}

/** A library-free WaitGroup, so that W3 measures the channel, not a contender's WaitGroup. */
class Countdown {
  left: number;
  readonly #done: Promise<void>;
  #resolve!: () => void;
  constructor(n: number) {
    this.left = n;
    this.#done = new Promise((resolve) => (this.#resolve = resolve));
  }
  done(): void {
    if (--this.left === 0) this.#resolve();
  }
  wait(): Promise<void> {
    return this.#done;
  }
}

/** W1: two goroutines pass an integer back and forth over two unbuffered channels. */
async function pingpong<C>(A: Contender<C>, p: Params): Promise<Metrics> {
  const n = need(p.n, 'n');
  const ping = A.chan(0);
  const pong = A.chan(0);
  A.go(async () => {
    for (let v = await A.recv(ping); v !== undefined; v = await A.recv(ping)) await A.send(pong, v + 1);
  });
  const sw = new Stopwatch();
  sw.start();
  let v = 0;
  for (let i = 0; i < n; i++) {
    await A.send(ping, v);
    v = (await A.recv(pong))!;
  }
  sw.stop();
  A.close(ping);
  check(v === n, `pingpong ended at ${v}, want ${n}`);
  return { ms: sw.ms, cpuMs: sw.cpuMs, roundTripsPerSec: (n / sw.ms) * 1e3 };
}

/** W2: one producer sends 1..n through a buffered channel; one consumer sums them. */
async function buffered<C>(A: Contender<C>, p: Params): Promise<Metrics> {
  const n = need(p.n, 'n');
  const ch = A.chan(need(p.cap, 'cap'));
  const sw = new Stopwatch();
  sw.start();
  A.go(async () => {
    for (let i = 1; i <= n; i++) await A.send(ch, i);
    A.close(ch);
  });
  let sum = 0;
  for (let v = await A.recv(ch); v !== undefined; v = await A.recv(ch)) sum += v;
  sw.stop();
  check(sum === (n * (n + 1)) / 2, `buffered sum ${sum}`);
  return { ms: sw.ms, cpuMs: sw.cpuMs, msgsPerSec: (n / sw.ms) * 1e3 };
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run node with --expose-gc to measure W3');
  collect();
};

/** W3: n goroutines park receiving from one channel; it is closed; all of them finish. */
async function spawn<C>(A: Contender<C>, p: Params): Promise<Metrics> {
  const n = need(p.n, 'n');
  const gate = A.chan(0);
  const wg = new Countdown(n);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const sw = new Stopwatch();
  sw.start();
  for (let i = 0; i < n; i++) {
    A.go(async () => {
      await A.recv(gate);
      wg.done();
    });
  }
  sw.stop();
  const spawnMs = sw.ms;
  await new Promise((resolve) => setImmediate(resolve)); // anything that would wake early does so now
  check(wg.left === n, `${n - wg.left} goroutines woke before the close`);
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  sw.start(); // the forced GCs in between are not the contender's time
  A.close(gate);
  await wg.wait();
  sw.stop();
  return {
    ms: sw.ms,
    cpuMs: sw.cpuMs,
    spawnMs,
    wakeMs: sw.ms - spawnMs,
    bytesPerG: (heap1 - heap0) / n,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

/** W4: the concurrent prime sieve (Go's test/chan/sieve1.go) over unbuffered channels. */
async function sieve<C>(A: Contender<C>, p: Params): Promise<Metrics> {
  const primes = need(p.primes, 'primes');
  let stop = false; // ends the generator should sends never block (no unbuffered channels)
  const sw = new Stopwatch();
  sw.start();
  let ch = A.chan(0);
  const first = ch;
  A.go(async () => {
    for (let i = 2; !stop; i++) await A.send(first, i);
  });
  let prime = 0;
  for (let k = 0; k < primes; k++) {
    prime = (await A.recv(ch))!;
    const inp = ch;
    const out = A.chan(0);
    const p = prime;
    A.go(async () => {
      for (;;) {
        const i = (await A.recv(inp))!;
        if (i % p !== 0) await A.send(out, i);
      }
    });
    ch = out;
  }
  sw.stop();
  stop = true;
  check(prime === nthPrime(primes), `sieve got ${prime}`);
  return { ms: sw.ms, cpuMs: sw.cpuMs };
}

/** What a W5 consumer loop returns: the values it received and their sum. */
export interface FanInTotals {
  count: number;
  sum: number;
}

/**
 * W5's frame, shared by both forms: `producers` goroutines each send 1..perProducer on their own
 * unbuffered channel and close it; `consume` selects over all of them until every one is closed.
 * Only the consumer differs between contenders' forms, so sizes, check and metric cannot.
 */
export async function fanIn<C>(
  A: Contender<C>,
  p: Params,
  consume: (chs: C[]) => Promise<FanInTotals>,
): Promise<Metrics> {
  const producers = need(p.producers, 'producers');
  const perProducer = need(p.perProducer, 'perProducer');
  const chs = Array.from({ length: producers }, () => A.chan(0));
  const sw = new Stopwatch();
  sw.start();
  for (const ch of chs) {
    A.go(async () => {
      for (let i = 1; i <= perProducer; i++) await A.send(ch, i);
      A.close(ch);
    });
  }
  const totals = await consume(chs);
  sw.stop();
  return fanInMetrics(sw, producers, perProducer, totals);
}

/**
 * W5's check and metrics, for `fanIn` and for contenders that must write the whole frame natively:
 * every producer's 1..perProducer arrived exactly once (count and sum).
 */
export function fanInMetrics(
  sw: Stopwatch,
  producers: number,
  perProducer: number,
  { count, sum }: FanInTotals,
): Metrics {
  const total = producers * perProducer;
  check(
    count === total && sum === (producers * perProducer * (perProducer + 1)) / 2,
    `select ${count}, ${sum}`,
  );
  return { ms: sw.ms, cpuMs: sw.cpuMs, msgsPerSec: (total / sw.ms) * 1e3 };
}

/** W5 (the shared benchmark's form): the consumer selects through the contender's adapter. */
function select<C>(A: Contender<C>, p: Params): Promise<Metrics> {
  const selector = A.selector?.bind(A);
  if (selector === undefined) throw new Error('no select');
  return fanIn(A, p, async (chs) => {
    let open = chs;
    let next = selector(open);
    let sum = 0;
    let count = 0;
    while (open.length > 0) {
      const [i, v] = await next();
      if (v === undefined) {
        open = open.filter((_, j) => j !== i); // what setting a Go channel to nil does
        if (open.length > 0) next = selector(open);
        continue;
      }
      sum += v;
      count++;
    }
    return { count, sum };
  });
}

export const workloads: Record<GenericWorkloadId, <C>(A: Contender<C>, p: Params) => Promise<Metrics>> = {
  pingpong,
  buffered,
  spawn,
  sieve,
  select,
};
