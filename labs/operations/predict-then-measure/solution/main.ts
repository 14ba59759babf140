import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  closeAll,
  get,
  json,
  serve,
  type Handler,
} from 'gomesh';
import { startSidecar } from 'gomesh/sidecar';

// ---- Yours: predict. ----

// A service with its availability, services a request
// needs one after another, or replicas the caller fails
// over between (it tries the next when one fails).
type Topology =
  | { service: number }
  | { series: Topology[] }
  | { replicas: Topology[] };

// The share of requests that succeed, when every
// service fails on its own. Series: every service must
// answer, so the availabilities multiply. Replicas: the
// pool fails only when every replica fails.
function availability(t: Topology): number {
  if ('service' in t) return t.service;
  if ('series' in t) {
    return t.series.reduce(
      (p, s) => p * availability(s),
      1,
    );
  }
  const allFail = t.replicas.reduce(
    (p, s) => p * (1 - availability(s)),
    1,
  );
  return 1 - allFail;
}

// The share of requests that wait for a slow call, when
// each request makes n calls at once and each call is
// slow with probability q: all but those whose n calls
// were all fast.
function slowShare(q: number, n: number): number {
  return 1 - (1 - q) ** n;
}

// Little's law: how many requests are in flight on
// average, at `rate` requests a second that each take
// `meanMs` milliseconds. L = λW, both in seconds.
function inFlight(rate: number, meanMs: number): number {
  return rate * (meanMs / 1000);
}

// ---- Yours: measure. ----

// The share of requests the service served: every 5xx
// is a failure, anything else was served.
function availabilityOf(statuses: number[]): number {
  let served = 0;
  for (const s of statuses) if (s < 500) served++;
  return served / statuses.length;
}

// The 99th percentile by nearest rank: the smallest
// latency with at least 99% of them at or below it.
function p99(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.ceil(0.99 * sorted.length) - 1]!;
}

// ---- Given: the check knows what these print, so
// leave this part as it is. ----

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const ms = (x: number) => time.formatDuration(x);

// Each line one case of your functions.
function table() {
  const topologies: [string, Topology][] = [
    ['one service 0.9', { service: 0.9 }],
    [
      'series 0.9 0.8',
      { series: [{ service: 0.9 }, { service: 0.8 }] },
    ],
    [
      'replicas 0.9 0.9',
      { replicas: [{ service: 0.9 }, { service: 0.9 }] },
    ],
    [
      'replicas 0.5 0.5 0.5',
      {
        replicas: [
          { service: 0.5 },
          { service: 0.5 },
          { service: 0.5 },
        ],
      },
    ],
    [
      'series (replicas 0.6 0.6) 0.95',
      {
        series: [
          {
            replicas: [{ service: 0.6 }, { service: 0.6 }],
          },
          { service: 0.95 },
        ],
      },
    ],
  ];
  for (const [name, t] of topologies) {
    console.log(
      `availability ${name} = ${pct(availability(t))}`,
    );
  }
  for (const [q, n] of [
    [0.01, 1],
    [0.01, 5],
    [0.01, 100],
    [0.2, 3],
  ] as const) {
    console.log(
      `slowShare ${q} ${n} = ${pct(slowShare(q, n))}`,
    );
  }
  for (const [rate, w] of [
    [100, 40],
    [50, 200],
    [1000, 3],
  ] as const) {
    console.log(
      `inFlight ${rate}/s ${w}ms = ${inFlight(rate, w).toFixed(2)}`,
    );
  }
  for (const statuses of [
    [200, 503, 404, 500, 200, 504],
    [200, 201, 204],
    [502, 200, 200, 200],
  ]) {
    console.log(
      `availabilityOf ${statuses.join(' ')} = ${pct(availabilityOf(statuses))}`,
    );
  }
  const upTo = (n: number) =>
    Array.from({ length: n }, (_, i) => i + 1);
  for (const [name, samples] of [
    ['7', [7]],
    ['1..10', upTo(10)],
    ['1..100', upTo(100)],
    ['1..1000', upTo(1000)],
    ['100..1 (reversed)', upTo(100).reverse()],
    ['1..199 and 3000', [...upTo(199), 3000]],
  ] as const) {
    console.log(`p99 ${name} = ${p99([...samples])}`);
  }
}

// Park and Miller's minimal standard: the same seed
// draws the same numbers in Go and in TypeScript.
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// The system. checkout asks prices about the 5 items of
// a cart at once (7ms; 1 call in 100 waits 295ms more),
// then reserves them with inventory (2 replicas, each
// failing 30% of requests: checkout fails over), then
// charges payments (failing 2%).
const ITEMS = 5;
const SLOW_CALL = 0.01;
const FAST_MS = 7;
const SLOW_MS = 7 + 295;
const SYSTEM: Topology = {
  series: [
    { replicas: [{ service: 0.7 }, { service: 0.7 }] },
    { service: 0.98 },
  ],
};
const CHECKOUTS = 500;
const EVERY_MS = 10; // a checkout every 10ms: 100/s

async function run(seed: number) {
  // One source for every sidecar of this run: no two
  // checkouts draw at the same instant, so the draws
  // come in the same order in Go and in TypeScript.
  const random = source(seed);
  const ok: Handler = () => json(200, { ok: true });
  const behind = async (
    name: string,
    handler: Handler,
    fault: {
      delay?: { percent: number; ms: number };
      abort?: { percent: number; status: number };
    },
  ) => {
    const s = await serve(name, handler);
    const sidecar = await startSidecar({
      service: name,
      upstream: { endpoints: [s.url] },
      random,
      fault,
    });
    return sidecar.url;
  };
  const prices = await behind(
    'prices',
    async () => {
      await time.sleep(FAST_MS * time.Millisecond);
      return json(200, { price: 1200 });
    },
    { delay: { percent: SLOW_CALL * 100, ms: 295 } },
  );
  const inventory = [
    await behind('inventory', ok, {
      abort: { percent: 30, status: 503 },
    }),
    await behind('inventory', ok, {
      abort: { percent: 30, status: 503 },
    }),
  ];
  const payments = await behind('payments', ok, {
    abort: { percent: 2, status: 503 },
  });

  let next = 0;
  const checkout = await serve('checkout', async () => {
    const first = next++ % inventory.length;
    const wg = new WaitGroup();
    for (let i = 0; i < ITEMS; i++) {
      wg.go(async () => {
        await get(`${prices}/prices/${i}`);
      });
    }
    await wg.wait();
    let reserved = false;
    for (let k = 0; k < inventory.length; k++) {
      const url = inventory[(first + k) % inventory.length];
      const res = await get(`${url}/reserve`);
      if (res.status === 200) {
        reserved = true;
        break;
      }
    }
    if (!reserved) return json(503, { error: 'no stock' });
    const paid = await get(`${payments}/charge`);
    if (paid.status !== 200) {
      return json(503, { error: 'payment failed' });
    }
    return json(200, { ok: true });
  });

  // The load: a checkout every 10ms, without waiting
  // for answers; the in-flight gauge and its area.
  const statuses: number[] = [];
  const latencies: number[] = [];
  let current = 0;
  let area = 0;
  let last = time.now();
  const first = last;
  const gauge = (d: number) => {
    area += current * time.since(last);
    last = time.now();
    current += d;
  };
  const wg = new WaitGroup();
  for (let i = 0; i < CHECKOUTS; i++) {
    wg.go(async () => {
      gauge(+1);
      const start = time.now();
      const res = await get(`${checkout.url}/checkout`);
      latencies.push(time.since(start));
      statuses.push(res.status);
      gauge(-1);
    });
    if (i < CHECKOUTS - 1) {
      await time.sleep(EVERY_MS * time.Millisecond);
    }
  }
  await wg.wait();
  await closeAll();

  const rate = 1000 / EVERY_MS;
  const mean =
    latencies.reduce((a, b) => a + b, 0) / CHECKOUTS;
  const served = statuses.filter((s) => s < 500).length;
  const share = slowShare(SLOW_CALL, ITEMS);
  const tag = `seed ${seed}`;
  console.log(
    `${tag}  availability  predicted ${pct(availability(SYSTEM))}` +
      `  measured ${pct(availabilityOf(statuses))}` +
      ` (${served}/${CHECKOUTS} served)`,
  );
  console.log(
    `${tag}  p99           predicted ${ms(share > 0.01 ? SLOW_MS : FAST_MS)}` +
      ` (${pct(share)} wait for a slow call)` +
      `  measured ${ms(p99(latencies))}`,
  );
  console.log(
    `${tag}  in flight     predicted ${inFlight(rate, mean).toFixed(2)}` +
      ` (${rate}/s, mean ${mean.toFixed(1)}ms)` +
      `  measured ${(area / last.sub(first)).toFixed(2)}`,
  );
}

main(async () => {
  table();
  for (const seed of [1, 2, 3]) await run(seed);
});
