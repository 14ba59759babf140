import { chan, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import { get, json, serve } from 'gomesh';

// Park and Miller's minimal standard: the same
// seed draws the same numbers in Go and in
// TypeScript.
function source(
  seed: number,
): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const n = 2000;

// load sends n requests, one every `every` ms on
// average (gaps drawn from 1 to 2*every-1 ms),
// without waiting for answers, as users do.
async function load(
  url: string,
  every: number,
  random: () => number,
) {
  const latency: number[] = [];
  // The in-flight gauge and the area under it.
  let inFlight = 0;
  let area = 0;
  let last = time.now();
  const first = last;
  const gauge = (d: number) => {
    const t = time.now();
    area += inFlight * t.sub(last);
    last = t;
    inFlight += d;
  };
  const wg = new WaitGroup();
  for (let i = 0; i < n; i++) {
    wg.go(async () => {
      gauge(+1);
      const start = time.now();
      await get(`${url}/orders`);
      latency.push(time.since(start));
      gauge(-1);
    });
    const gap =
      1 +
      Math.floor(
        random() * (2 * every - 1),
      );
    if (i < n - 1) await time.sleep(gap);
  }
  await wg.wait();

  const seconds =
    last.sub(first) / time.Second;
  const w =
    latency.reduce((a, b) => a + b, 0) / n;
  latency.sort((a, b) => a - b);
  const p99 =
    latency[Math.ceil(0.99 * n) - 1]!;
  const lambda = 1000 / every;
  console.log(
    [
      `${lambda.toFixed(0)}/s`.padStart(7),
      `${(n / seconds).toFixed(1)}/s`.padStart(
        12,
      ),
      `${w.toFixed(1)}ms`.padStart(10),
      time.formatDuration(p99).padStart(8),
      (area / last.sub(first))
        .toFixed(2)
        .padStart(11),
      ((lambda * w) / 1000)
        .toFixed(2)
        .padStart(8),
    ].join(''),
  );
}

main(async () => {
  // orders has 4 workers; a request holds one
  // for 40ms: at most 4 / 40ms = 100 a second.
  const workers = chan<number>(4);
  const orders = await serve(
    'orders',
    async () => {
      await workers.send(1); // wait for a worker
      await time.sleep(
        40 * time.Millisecond,
      );
      await workers.recv();
      return json(200, { ok: true });
    },
  );
  const random = source(1);
  console.log(
    'offered  throughput    mean W     p99  in flight L    λ×W',
  );
  for (const every of [20, 12, 10, 8]) {
    await load(orders.url, every, random);
  }
  await orders.close();
});
