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

// ---- 你来写：catalog 的 sidecar，要和生产环境的
// Istio 策略（production.ts）说的一样。----
// 把生产环境 VirtualService 和 DestinationRule 的每个
// 字段翻译成 gomesh 的选项：
//   VirtualService http[].timeout  → timeoutMs
//   retries（attempts、perTryTimeout、backoff、
//     retryIgnorePreviousHosts）   → retry: { ... }
//   DestinationRule loadBalancer   → balancer
//   outlierDetection               → outlier: { ... }
// 时长：Istio 写的是秒（"0.05s"），gomesh 收的是
// 毫秒（50）。然后让其余部分表现得和 Envoy 一样：
// Envoy 有些设置是 Istio 没有写出来的。
const catalogCalls: Caller = {
  timeoutMs: 500,
};

// ---- 给定部分：检查会测量这里发出的流量，
// 所以请保持原样。----

type Caller = Omit<
  SidecarOptions,
  'service' | 'upstream' | 'random' | 'clock'
> & { balancer?: BalancerKind };

// Park 和 Miller 的“最小标准”随机数，取值 [0, 1)。
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// pricing 的四个副本。健康的副本 5ms 就回答；第四个
// 卡死，一直拖到调用方截止时间（x-mesh-deadline-ms）
// 过后 1ms 才回答。一次糟糕的发布之后，每个副本都
// 立刻回 503。
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

// 向 catalog 发 n 个请求，间隔 5 到 15ms。
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
