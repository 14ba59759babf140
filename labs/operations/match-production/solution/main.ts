import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import { get, json, serve, type Handler } from 'gomesh';
import type { BalancerKind } from 'gomesh/balancer';
import {
  DEADLINE_HEADER,
  startSidecar,
  type SidecarOptions,
} from 'gomesh/sidecar';

// ---- Yours: catalog's sidecar, as production's Istio
// policy (production.ts) says. ----
// VirtualService http[].timeout       → timeoutMs
// retries.attempts                    → retry.maxRetries
// retries.perTryTimeout               → retry.perTryTimeoutMs
// retries.backoff                     → retry.baseMs
// (Envoy caps back-off at 10 × base)  → retry.capMs
// retries.retryIgnorePreviousHosts    → retry.skipTriedHosts
// (Istio has no retry budget)         → retry.budget: null
// DestinationRule loadBalancer.simple → balancer
// outlierDetection.consecutive5xxErrors,
//   baseEjectionTime, maxEjectionPercent
//                → outlier.consecutive5xx,
//                  baseEjectionMs, maxEjectionPercent
// Durations: Istio writes seconds ("0.05s"), gomesh
// takes milliseconds (50).
const catalogCalls: Caller = {
  balancer: 'least-request',
  timeoutMs: 500,
  retry: {
    maxRetries: 3,
    perTryTimeoutMs: 50,
    baseMs: 10,
    capMs: 100,
    skipTriedHosts: true,
    budget: null,
  },
  outlier: {
    consecutive5xx: 3,
    baseEjectionMs: 60_000,
    maxEjectionPercent: 25,
  },
};

// ---- Given: the check measures what this sends, so
// leave this part as it is. ----

type Caller = Omit<
  SidecarOptions,
  'service' | 'upstream' | 'random' | 'clock'
> & { balancer?: BalancerKind };

// Park and Miller's minimal standard, in [0, 1).
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// Four replicas of pricing. A healthy one answers in 5ms.
// The fourth hangs until 1ms past its caller's deadline
// (x-mesh-deadline-ms). After a bad deploy, every replica
// answers 503 at once.
const tries = [0, 0, 0, 0];
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
      return json(503, { error: 'stuck on a lock' });
    }
    await time.sleep(5 * time.Millisecond);
    return json(200, { sku: 'tea-42', price: 7.5 });
  };
}

// n requests to catalog, 5 to 15ms apart.
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
      const res = await get(`${url}/price/tea-42`);
      if (res.status === 200) ok++;
      slowest = Math.max(slowest, time.since(start));
      wg.done();
    });
  }
  await wg.wait();
  return { ok, slowest };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

main(async () => {
  const replicas = [
    await serve('pricing', replica(0, false)),
    await serve('pricing', replica(1, false)),
    await serve('pricing', replica(2, false)),
    await serve('pricing', replica(3, true)),
  ];
  const { balancer, ...layers } = catalogCalls;
  const catalog = await startSidecar({
    ...layers,
    service: 'catalog',
    upstream: {
      service: 'pricing',
      endpoints: replicas.map((r) => r.url),
      ...(balancer ? { balancer } : {}),
    },
    random: source(7),
  });
  const gap = source(1);

  console.log('1000 requests, one replica of four hung');
  const one = await load(catalog.url, 1000, gap);
  console.log(
    `  succeeded  ${one.ok} of 1000, slowest ${time.formatDuration(Math.round(one.slowest))}`,
  );
  console.log(
    `  tries      ${tries.join(' | ')} (the last one hung)`,
  );

  await time.sleep(5 * time.Second);
  console.log(
    '5s later, a bad deploy: 200 requests, every replica failing',
  );
  tries.fill(0);
  deployBroken = true;
  await load(catalog.url, 200, gap);
  console.log(
    `  tries      ${sum(tries)} for 200 requests (${(sum(tries) / 200).toFixed(2)} per request)`,
  );

  await catalog.close();
  for (const r of replicas) await r.close();
});
