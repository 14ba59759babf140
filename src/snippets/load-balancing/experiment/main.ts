import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  LeastRequest,
  PeakEwma,
  RandomBalancer,
  RoundRobin,
  endpoint,
  type Balancer,
  type Endpoint,
} from 'gomesh/balancer';

// Park and Miller's minimal standard: the same seed
// draws the same numbers in Go and in TypeScript.
function source(
  seed: number,
): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// Ten replicas; the last is ten times slower.
const replicas: Endpoint[] = [];
const service = new Map<string, number>();
for (let i = 1; i <= 10; i++) {
  const e = endpoint(
    `http://10.0.0.${i}:8080`,
  );
  replicas.push(e);
  service.set(
    e.id,
    (i === 10 ? 100 : 10) *
      time.Millisecond,
  );
}

const requests = 1000;
const every = 2 * time.Millisecond;

// Each replica has one CPU: a request that finds k
// others there takes (k+1) service times, plus 1ms
// on the network.
async function experiment(b: Balancer) {
  const busy = new Map<string, number>();
  const latency: number[] = [];
  let slow = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < requests; i++) {
    const e = b.pick(replicas);
    b.onStart(e);
    const k = busy.get(e.id) ?? 0;
    busy.set(e.id, k + 1);
    const d =
      time.Millisecond +
      (k + 1) * service.get(e.id)!;
    if (e === replicas[9]) slow++;
    wg.add(1);
    go(async () => {
      await time.sleep(d);
      busy.set(e.id, busy.get(e.id)! - 1);
      b.onEnd(e, d, true);
      latency[i] = d;
      wg.done();
    });
    await time.sleep(every);
  }
  await wg.wait();
  latency.sort((x, y) => x - y);
  // The nearest-rank percentile.
  const p = (q: number) =>
    time.formatDuration(
      latency[
        Math.ceil((q / 100) * requests) - 1
      ]!,
    );
  console.log(
    b.name.padEnd(14) +
      [
        p(50),
        p(90),
        p(99),
        p(100),
        String(slow),
      ]
        .map((s) => s.padStart(8))
        .join(''),
  );
}

main(async () => {
  console.log(
    'balancer           p50     p90     p99     max to slow',
  );
  await experiment(new RoundRobin());
  await experiment(
    new RandomBalancer({
      random: source(1),
    }),
  );
  await experiment(
    new LeastRequest({ random: source(1) }),
  );
  await experiment(
    new PeakEwma({ random: source(1) }),
  );
});
