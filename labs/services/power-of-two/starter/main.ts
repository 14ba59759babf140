import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  RoundRobin,
  endpoint,
  type Balancer,
  type Endpoint,
} from 'gomesh/balancer';

// ---- Yours. ----
// The power of two choices: draw two different replicas
// at random and send to the one with fewer requests in
// flight; a tie goes to the first. Draw i in [0, n)
// and j in [0, n-1), and move j up by one when j >= i.
// One replica: return it without drawing. None: throw
// new Error('no replicas').
// This one is still the random balancer: one draw, and
// in-flight counts nobody reads.
class PowerOfTwo implements Balancer {
  readonly name = 'power-of-two';
  readonly #random: () => number;
  readonly #inFlight = new Map<string, number>();

  constructor(random: () => number) {
    this.#random = random;
  }

  inFlight(e: Endpoint): number {
    return this.#inFlight.get(e.id) ?? 0;
  }

  pick(replicas: readonly Endpoint[]): Endpoint {
    const i = Math.floor(this.#random() * replicas.length);
    return replicas[i]!;
  }

  onStart(e: Endpoint): void {
    this.#inFlight.set(e.id, this.inFlight(e) + 1);
  }

  onEnd(e: Endpoint): void {
    this.#inFlight.set(e.id, this.inFlight(e) - 1);
  }
}

// ---- Given: the check knows what these print, so
// leave this part as it is. ----

// Park and Miller's minimal standard, in [0, 1).
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// A random source that returns the given draws, then
// throws: the table below says which draws a pick gets.
function scripted(draws: number[]): () => number {
  let next = 0;
  return () => {
    if (next === draws.length) {
      throw new Error(
        `drew more than the ${draws.length} numbers given`,
      );
    }
    return draws[next++]!;
  };
}

function replicas(n: number): Endpoint[] {
  return Array.from({ length: n }, (_, i) =>
    endpoint(`http://10.0.0.${i + 1}:8080`),
  );
}

// Each case: requests started and ended per replica
// (in flight = started - ended) and the draws.
const cases = [
  {
    started: [3, 1, 0, 2],
    ended: [0, 0, 0, 0],
    draws: [0.1, 0.6],
  },
  {
    started: [0, 1, 2, 3],
    ended: [0, 0, 0, 0],
    draws: [0.1, 0.6],
  },
  {
    started: [1, 1, 1, 1],
    ended: [0, 0, 0, 0],
    draws: [0.8, 0.2],
  },
  {
    started: [0, 0, 3, 5],
    ended: [0, 0, 0, 0],
    draws: [0.6, 0.6],
  },
  {
    started: [4, 1, 0, 0],
    ended: [4, 0, 0, 0],
    draws: [0.3, 0.1],
  },
  { started: [0, 1], ended: [0, 0], draws: [0.9, 0.9] },
  { started: [2], ended: [0], draws: [0.5] },
  { started: [], ended: [], draws: [] },
];

function table() {
  cases.forEach((c, n) => {
    const rs = replicas(c.started.length);
    const b: Balancer = new PowerOfTwo(scripted(c.draws));
    rs.forEach((e, i) => {
      for (let k = 0; k < c.started[i]!; k++) b.onStart(e);
      for (let k = 0; k < c.ended[i]!; k++) {
        b.onEnd(e, 10, true);
      }
    });
    let got: string;
    try {
      got = b.pick(rs).id;
    } catch (err) {
      got = `error: ${(err as Error).message}`;
    }
    console.log(
      `case ${n + 1}: started [${c.started.join(' ')}], ended [${c.ended.join(' ')}], draws [${c.draws.join(' ')}] -> ${got}`,
    );
  });
}

// Ten replicas, the last ten times slower; each has one
// CPU: a request that finds k others there takes (k+1)
// service times, plus 1ms on the network. A request
// every 2ms, 1000 of them.
async function experiment(b: Balancer) {
  const rs = replicas(10);
  const busy = new Map<string, number>();
  const latency: number[] = [];
  const wg = new WaitGroup();
  for (let i = 0; i < 1000; i++) {
    const e = b.pick(rs);
    b.onStart(e);
    const k = busy.get(e.id) ?? 0;
    busy.set(e.id, k + 1);
    const service = e === rs[9] ? 100 : 10;
    const d = (1 + (k + 1) * service) * time.Millisecond;
    wg.add(1);
    go(async () => {
      await time.sleep(d);
      busy.set(e.id, busy.get(e.id)! - 1);
      b.onEnd(e, d, true);
      latency[i] = d;
      wg.done();
    });
    await time.sleep(2 * time.Millisecond);
  }
  await wg.wait();
  latency.sort((x, y) => x - y);
  const p = (q: number) =>
    time.formatDuration(latency[q * 10 - 1]!);
  console.log(
    `${b.name.padEnd(13)} p50 ${p(50)} p99 ${p(99)}`,
  );
}

main(async () => {
  table();
  await experiment(new RoundRobin());
  await experiment(new PowerOfTwo(source(1)));
});
