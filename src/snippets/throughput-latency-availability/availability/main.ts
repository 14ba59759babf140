import { main } from 'gort';
import * as time from 'gort/time';
import {
  closeAll,
  get,
  json,
  serve,
  type Handler,
} from 'gomesh';
import { startSidecar } from 'gomesh/sidecar';

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

// One source for every sidecar: the requests go
// one at a time, so the draws come in one order.
const random = source(1);

const ok: Handler = () =>
  json(200, { ok: true });

// A service behind a sidecar that fails 20% of
// its requests with 503, as Istio's fault
// injection does: its availability is 80%.
async function flaky(
  name: string,
  handler: Handler = ok,
) {
  const s = await serve(name, handler);
  const sidecar = await startSidecar({
    service: name,
    upstream: { endpoints: [s.url] },
    random,
    fault: {
      abort: { percent: 20, status: 503 },
    },
  });
  return sidecar.url;
}

// A handler that needs `url`: 200 only if it got 200.
function calling(url: string): Handler {
  return async () =>
    (await get(url)).status === 200
      ? json(200, { ok: true })
      : json(503, {
          error: 'dependency failed',
        });
}

// Try the replicas in turn, starting at the i-th,
// until one answers 200.
async function failover(
  urls: string[],
  i: number,
) {
  for (let k = 0; k < urls.length; k++) {
    const url =
      urls[(i + k) % urls.length]!;
    if ((await get(url)).status === 200)
      return true;
  }
  return false;
}

// The formulas: a request needs every service in
// series; a pool fails only if every replica does.
const series = (...a: number[]) =>
  a.reduce((p, x) => p * x, 1);
const parallel = (...a: number[]) =>
  1 - a.reduce((p, x) => p * (1 - x), 1);

main(async () => {
  const one = await flaky('one');
  const c = await flaky('c');
  const b = await flaky('b', calling(c));
  const a = await flaky('a', calling(b));
  const r = [
    await flaky('r1'),
    await flaky('r2'),
    await flaky('r3'),
  ];
  // db is down for the first second of every 20:
  // uptime / total time = 95%.
  const start = time.now();
  const db = await serve('db', () =>
    time.since(start) % (20 * time.Second) <
    time.Second
      ? json(503, { error: 'db down' })
      : json(200, { ok: true }),
  );
  const d = [
    await flaky('d1', calling(db.url)),
    await flaky('d2', calling(db.url)),
  ];

  const topologies: [
    string,
    number,
    (i: number) => Promise<boolean>,
  ][] = [
    [
      'one service',
      0.8,
      async () =>
        (await get(one)).status === 200,
    ],
    [
      '3 services in series',
      series(0.8, 0.8, 0.8),
      async () =>
        (await get(a)).status === 200,
    ],
    [
      '2 replicas, round robin',
      0.8,
      async (i) =>
        (await get(r[i % 2]!)).status ===
        200,
    ],
    [
      '2 replicas, failover',
      parallel(0.8, 0.8),
      (i) => failover(r.slice(0, 2), i),
    ],
    [
      '3 replicas, failover',
      parallel(0.8, 0.8, 0.8),
      (i) => failover(r, i),
    ],
    [
      '2 replicas, failover, one db',
      series(0.95, parallel(0.8, 0.8)),
      (i) => failover(d, i),
    ],
  ];

  const n = 1000;
  console.log(
    'topology                        predicted  measured',
  );
  for (const [
    name,
    predicted,
    call,
  ] of topologies) {
    let good = 0;
    // One request every 20ms: 20 seconds in all.
    for (let i = 0; i < n; i++) {
      if (await call(i)) good++;
      await time.sleep(
        20 * time.Millisecond,
      );
    }
    console.log(
      name.padEnd(30) +
        `${(predicted * 100).toFixed(2)}%`.padStart(
          10,
        ) +
        `${((good / n) * 100).toFixed(2)}%`.padStart(
          10,
        ) +
        ` (${good}/${n})`,
    );
  }
  await closeAll();
});
