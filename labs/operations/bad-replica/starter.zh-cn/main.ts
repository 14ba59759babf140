import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import { get, json, serve, type Handler } from 'gomesh';
import {
  DEADLINE_HEADER,
  startSidecar,
  type SidecarOptions,
} from 'gomesh/sidecar';

// ---- 你来写：shop 的 sidecar 怎样调用 inventory。 ----
// sidecar 的弹性层（gomesh/sidecar）：
//   timeoutMs       整个调用共用的一个截止时间，
//                   重试也算在内（Envoy 的路由超时）
//   retry           { maxRetries, perTryTimeoutMs, budget }
//                   （不传 `budget` 时它自带一个
//                   RetryBudget：请求数的 20% + 每秒 10 次；
//                   `budget: null` 则把它关掉）
//   outlier         { consecutive5xx, baseEjectionMs }
//   circuitBreaker  { failureThreshold, cooldownMs }
// 现在的调用方只有整体超时：落到卡死副本上的调用
// 要白等一整秒，然后失败。
const shopCalls: Caller = {
  timeoutMs: 1000,
};

// ---- 给定部分：检查会测量这里发出的请求，
// 请保持原样。 ----

type Caller = Omit<
  SidecarOptions,
  'service' | 'upstream' | 'random' | 'clock'
>;

// Park 和 Miller 的“最小标准”随机数生成器，取值 [0, 1)。
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// inventory 的三个副本。健康的副本 5ms 就回答。卡死
// 的副本一直在等一个永远等不到的数据库连接，直到调用方
// 的截止时间（x-mesh-deadline-ms）过去 1ms、调用方已经
// 放弃之后才回 503。一次糟糕的发布之后，每个副本都立即
// 回 503。
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

// 向 shop 发 n 个请求，间隔 5 到 15ms（每秒约 100 个）。
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
