import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import { get, json, serve, type Handler } from 'gomesh';
import {
  DEADLINE_HEADER,
  startSidecar,
  type SidecarOptions,
} from 'gomesh/sidecar';

// ---- Yours: how shop's sidecar calls inventory. ----
// The sidecar's resilience layers (gomesh/sidecar):
//   timeoutMs       one deadline for the whole call,
//                   retries included (Envoy's route timeout)
//   retry           { maxRetries, perTryTimeoutMs, budget }
//                   (without `budget` it keeps its own
//                   RetryBudget: 20% of requests + 10/s;
//                   `budget: null` turns it off)
//   outlier         { consecutive5xx, baseEjectionMs }
//   circuitBreaker  { failureThreshold, cooldownMs }
// This caller only has the overall timeout: a call that
// lands on the hung replica waits its whole second and
// fails.
const shopCalls: Caller = {
  timeoutMs: 1000,
};

// ---- Given: the check measures what this sends, so
// leave this part as it is. ----

type Caller = Omit<
  SidecarOptions,
  'service' | 'upstream' | 'random' | 'clock'
>;

// Park and Miller's minimal standard, in [0, 1).
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// Three replicas of inventory. A healthy one answers in
// 5ms. The hung one waits for a database connection
// that never comes, and answers 503 only 1ms past its
// caller's deadline (x-mesh-deadline-ms), when the
// caller has given up. After a bad deploy, every
// replica answers 503 at once.
const tries = [0, 0, 0];
let deployBroken = false;
function replica(i: number, isHung: boolean): Handler {
  return async (req) => {
    tries[i]!++;
    if (deployBroken) {
      return json(503, { error: 'bad deploy' });
    }
    if (isHung) {
      const ms = req.headers[DEADLINE_HEADER];
      await time.sleep(Number(ms ?? 30_000) + 1);
      return json(503, { error: 'no database connection' });
    }
    await time.sleep(5 * time.Millisecond);
    return json(200, { item: 42, stock: 7 });
  };
}

// n requests to shop, 5 to 15ms apart (about 100 a second).
async function load(
  url: string,
  n: number,
  gap: () => number,
) {
  let ok = 0;
  let slowest = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < n; i++) {
    await time.sleep(5 + 10 * gap());
    wg.add(1);
    go(async () => {
      const start = time.now();
      const res = await get(`${url}/stock/42`);
      if (res.status === 200) ok++;
      slowest = Math.max(slowest, time.since(start));
      wg.done();
    });
  }
  await wg.wait();
  return { ok, slowest };
}

const pct = (x: number) =>
  `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}%`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

main(async () => {
  const replicas = [
    await serve('inventory', replica(0, false)),
    await serve('inventory', replica(1, false)),
    await serve('inventory', replica(2, true)),
  ];
  const shop = await startSidecar({
    ...shopCalls,
    service: 'shop',
    upstream: {
      service: 'inventory',
      endpoints: replicas.map((r) => r.url),
    },
    random: source(7),
  });
  const gap = source(1);

  const line = (
    what: string,
    value: string,
    goal: string,
  ) =>
    console.log(
      `  ${what.padEnd(10)} ${value.padEnd(26)} goal: ${goal}`,
    );

  console.log('1000 requests, one replica of three hung');
  const one = await load(shop.url, 1000, gap);
  const oneTries = sum(tries);
  const share = ((100 * one.ok) / 1000).toFixed(2);
  line(
    'succeeded',
    `${one.ok} of 1000 (${share}%)`,
    'at least 99.90%',
  );
  line(
    'tries',
    `${oneTries} (${pct(oneTries / 1000 - 1)} load)`,
    'at most +5.00%',
  );
  line(
    'slowest',
    time.formatDuration(Math.round(one.slowest)),
    'at most 1s',
  );
  const byReplica = tries.map((n) => `${n} tries`);
  byReplica[2] += ' (hung)';
  console.log(`  replicas   ${byReplica.join(' | ')}`);

  await time.sleep(30 * time.Second);
  console.log(
    '30s later, a bad deploy: 1000 requests, every replica failing',
  );
  tries.fill(0);
  deployBroken = true;
  await load(shop.url, 1000, gap);
  const twoTries = sum(tries);
  line(
    'tries',
    `${twoTries} (${pct(twoTries / 1000 - 1)} load)`,
    'at most +50.00%',
  );

  await shop.close();
  for (const r of replicas) await r.close();
});
