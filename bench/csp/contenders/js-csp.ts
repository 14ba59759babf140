/**
 * Contender: js-csp, whose goroutines are generators driven by its own scheduler, not async
 * functions. So every workload it can run is written natively here, with the same sizes, checks
 * and metrics as workloads.ts; W3 is n/a (at most 1024 pending takes per channel).
 */
import csp, { type AltsResult, type CspChannel, type Instruction } from 'js-csp';
import {
  check,
  fanInMetrics,
  need,
  nthPrime,
  Stopwatch,
  type Contender,
  type Metrics,
  type Params,
} from '../workloads.ts';

const { go, chan, put, take, alts, CLOSED } = csp;
type Process<T> = Generator<Instruction, T, unknown>;

/** Runs `body` as a js-csp process and resolves with what it returns. */
function main(body: () => Process<Metrics>): Promise<Metrics> {
  return new Promise((resolve, reject) => {
    go(function* () {
      try {
        resolve(yield* body());
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

function pingpong(p: Params): Promise<Metrics> {
  const n = need(p.n, 'n');
  return main(function* () {
    const ping = chan();
    const pong = chan();
    go(function* () {
      for (let v = yield take(ping); v !== CLOSED; v = yield take(ping)) yield put(pong, (v as number) + 1);
    });
    const sw = new Stopwatch();
    sw.start();
    let v = 0;
    for (let i = 0; i < n; i++) {
      yield put(ping, v);
      v = (yield take(pong)) as number;
    }
    sw.stop();
    ping.close();
    check(v === n, `pingpong ended at ${v}`);
    return { ms: sw.ms, cpuMs: sw.cpuMs, roundTripsPerSec: (n / sw.ms) * 1e3 };
  });
}

function buffered(p: Params): Promise<Metrics> {
  const n = need(p.n, 'n');
  const cap = need(p.cap, 'cap');
  return main(function* () {
    const ch = chan(cap);
    const sw = new Stopwatch();
    sw.start();
    go(function* () {
      for (let i = 1; i <= n; i++) yield put(ch, i);
      ch.close();
    });
    let sum = 0;
    for (let v = yield take(ch); v !== CLOSED; v = yield take(ch)) sum += v as number;
    sw.stop();
    check(sum === (n * (n + 1)) / 2, `buffered sum ${sum}`);
    return { ms: sw.ms, cpuMs: sw.cpuMs, msgsPerSec: (n / sw.ms) * 1e3 };
  });
}

function sieve(p: Params): Promise<Metrics> {
  const primes = need(p.primes, 'primes');
  return main(function* () {
    const sw = new Stopwatch();
    sw.start();
    const first = chan();
    go(function* () {
      for (let i = 2; ; i++) yield put(first, i);
    });
    let ch: CspChannel = first;
    let prime = 0;
    for (let k = 0; k < primes; k++) {
      prime = (yield take(ch)) as number;
      const inp = ch;
      const out = chan();
      const q = prime;
      go(function* () {
        for (;;) {
          const x = (yield take(inp)) as number;
          if (x % q !== 0) yield put(out, x);
        }
      });
      ch = out;
    }
    sw.stop();
    check(prime === nthPrime(primes), `sieve got ${prime}`);
    return { ms: sw.ms, cpuMs: sw.cpuMs };
  });
}

function select(p: Params): Promise<Metrics> {
  const producers = need(p.producers, 'producers');
  const perProducer = need(p.perProducer, 'perProducer');
  return main(function* () {
    let open = Array.from({ length: producers }, () => chan());
    const sw = new Stopwatch();
    sw.start();
    for (const ch of open) {
      go(function* () {
        for (let i = 1; i <= perProducer; i++) yield put(ch, i);
        ch.close();
      });
    }
    let sum = 0;
    let count = 0;
    while (open.length > 0) {
      const { value, channel } = (yield alts(open)) as AltsResult;
      if (value === CLOSED) open = open.filter((ch) => ch !== channel);
      else {
        sum += value as number;
        count++;
      }
    }
    sw.stop();
    return fanInMetrics(sw, producers, perProducer, { count, sum });
  });
}

const unusable = (): never => {
  throw new Error('js-csp runs only its native workloads');
};

export const jsCsp: Contender<CspChannel> = {
  name: 'js-csp',
  pkg: 'js-csp',
  go: unusable,
  chan: unusable,
  send: unusable,
  recv: unusable,
  close: unusable,
  // its W5 is already written in its own idiom (alts), so both W5 forms run that same code
  native: { pingpong, buffered, sieve, select, 'select-idiomatic': select },
  unsupported: { spawn: 'at most 1024 pending takes per channel' },
  notes: ['generators, not async/await: workloads written natively in this adapter'],
};
