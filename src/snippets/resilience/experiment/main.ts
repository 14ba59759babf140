// The lab's bench, for seven callers: three replicas of
// inventory (the third hung), 1000 requests through
// shop's sidecar, then, 30s later, a bad deploy: 1000
// requests while every replica fails. The same seeded
// traffic each time; only the sidecar's layers change.
import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  get,
  json,
  memoryTransport,
  serve,
  setTransport,
  type Handler,
} from 'gomesh';
import {
  DEADLINE_HEADER,
  startSidecar,
  type SidecarOptions,
} from 'gomesh/sidecar';

type Caller = Omit<
  SidecarOptions,
  'service' | 'upstream' | 'random'
>;

const timeout = { timeoutMs: 1000 };
const retry = {
  maxRetries: 2,
  budget: null,
};
const perTry = {
  ...retry,
  perTryTimeoutMs: 100,
};
// Without `budget: null`, the retry layer has its
// own RetryBudget: Linkerd's 20% + 10 a second.
const budget = {
  maxRetries: 2,
  perTryTimeoutMs: 100,
};

const callers: [string, Caller][] = [
  ['timeout 1s', timeout],
  ['+ 2 retries', { ...timeout, retry }],
  [
    '+ per-try 100ms',
    { ...timeout, retry: perTry },
  ],
  [
    '+ retry budget',
    { ...timeout, retry: budget },
  ],
  [
    '+ ejection',
    {
      ...timeout,
      retry: budget,
      outlier: true,
    },
  ],
  [
    'ejection alone',
    { ...timeout, outlier: true },
  ],
  [
    'breaker alone',
    { ...timeout, circuitBreaker: true },
  ],
];

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

// A healthy replica answers in 5ms; the hung one
// answers 503 only 1ms past its caller's deadline,
// when the caller has given up. After the bad
// deploy, all answer 503 at once.
let tries = 0;
let deployBroken = false;
function replica(isHung: boolean): Handler {
  return async (req) => {
    tries++;
    if (deployBroken) return json(503, {});
    if (isHung) {
      const ms =
        req.headers[DEADLINE_HEADER];
      await time.sleep(
        Number(ms ?? 30_000) + 1,
      );
      return json(503, {});
    }
    await time.sleep(5 * time.Millisecond);
    return json(200, {
      item: 42,
      stock: 7,
    });
  };
}

// n requests, 5 to 15ms apart: how many got a
// 200, and every latency.
async function load(
  url: string,
  n: number,
  gap: () => number,
) {
  let ok = 0;
  const latency: number[] = [];
  const wg = new WaitGroup();
  for (let i = 0; i < n; i++) {
    await time.sleep(5 + 10 * gap());
    wg.add(1);
    go(async () => {
      const start = time.now();
      const res = await get(
        `${url}/stock/42`,
      );
      if (res.status === 200) ok++;
      latency.push(time.since(start));
      wg.done();
    });
  }
  await wg.wait();
  return { ok, latency };
}

const pct = (x: number) =>
  `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}%`;

async function experiment(
  name: string,
  c: Caller,
) {
  const replicas = [
    await serve(
      'inventory',
      replica(false),
    ),
    await serve(
      'inventory',
      replica(false),
    ),
    await serve('inventory', replica(true)),
  ];
  const shop = await startSidecar({
    ...c,
    service: 'shop',
    upstream: {
      service: 'inventory',
      endpoints: replicas.map((r) => r.url),
    },
    random: source(7),
  });
  const gap = source(1);
  tries = 0;
  deployBroken = false;
  const one = await load(
    shop.url,
    1000,
    gap,
  );
  const extra = tries / 1000 - 1;
  await time.sleep(30 * time.Second);
  tries = 0;
  deployBroken = true;
  await load(shop.url, 1000, gap);
  const storm = tries / 1000 - 1;
  await shop.close();
  for (const r of replicas) await r.close();

  // The nearest-rank p99, to the millisecond.
  one.latency.sort((a, b) => a - b);
  const p99 =
    one.latency[
      Math.ceil(0.99 * 1000) - 1
    ]!;
  console.log(
    name.padEnd(16) +
      `${((100 * one.ok) / 1000).toFixed(2)}%`.padStart(
        9,
      ) +
      pct(extra).padStart(12) +
      time
        .formatDuration(Math.round(p99))
        .padStart(7) +
      pct(storm).padStart(13),
  );
}

main(async () => {
  // An in-memory network, like Go's net.Pipe.
  setTransport(memoryTransport());
  console.log(
    'caller            success  extra load    p99  all failing',
  );
  for (const [name, c] of callers) {
    await experiment(name, c);
  }
});
