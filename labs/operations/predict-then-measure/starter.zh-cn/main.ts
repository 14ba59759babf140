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

// ---- 你的部分：预测。----

// 拓扑：一个服务及其可用性；一个请求依次都要用到的
// 几个服务（串联）；或者调用方可以在其间故障转移的
// 几个副本（一个失败就试下一个）。
type Topology =
  | { service: number }
  | { series: Topology[] }
  | { replicas: Topology[] };

// 各个服务各自独立地失败时，成功请求所占的比例。
// 串联已经写好：每个服务都得回答，所以可用性相乘。
// 副本：现在这里是把可用性加起来。
function availability(t: Topology): number {
  if ('service' in t) return t.service;
  if ('series' in t) {
    return t.series.reduce(
      (p, s) => p * availability(s),
      1,
    );
  }
  return Math.min(
    1,
    t.replicas.reduce((sum, s) => sum + availability(s), 0),
  );
}

// 每个请求同时发出 n 个调用、每个调用以概率 q 变慢时，
// 要等一个慢调用的请求所占的比例。现在这里认为请求
// 变慢的概率和单个调用一样。
function slowShare(q: number, n: number): number {
  if (n === 0) return 0;
  return q;
}

// 利特尔法则（Little's law）：每秒 `rate` 个请求、
// 每个耗时 `meanMs` 毫秒时，平均有多少个请求在途。
// 注意单位。
function inFlight(rate: number, meanMs: number): number {
  return rate * meanMs;
}

// ---- 你的部分：测量。----

// 服务成功处理的请求所占的比例：每个 5xx 都是失败，
// 其余的都算处理成功。现在这里只把 500 算作失败。
function availabilityOf(statuses: number[]): number {
  let served = 0;
  for (const s of statuses) if (s !== 500) served++;
  return served / statuses.length;
}

// 按最近秩法（nearest rank）取第 99 百分位数：最小的
// 那个延迟，使至少 99% 的延迟小于或等于它。
// 现在这里算的是平均值。
function p99(latencies: number[]): number {
  const sum = latencies.reduce((a, b) => a + b, 0);
  return sum / latencies.length;
}

// ---- 已给出：检查知道这部分会打印什么，
// 请保持原样。----

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const ms = (x: number) => time.formatDuration(x);

// 每行是你的函数的一个用例。
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

// Park 和 Miller 的“最小标准”随机数生成器：同一个
// 种子在 Go 和 TypeScript 里抽出同样的数。
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// 系统：checkout 同时向 prices 询问购物车里 5 件商品
// 的价格（7ms；每 100 个调用有 1 个要多等 295ms），
// 再向 inventory 预留库存（2 个副本，各自有 30% 的
// 请求失败：checkout 会故障转移），最后调用 payments
// 扣款（2% 失败）。
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
const EVERY_MS = 10; // 每 10ms 一个 checkout：每秒 100 个

async function run(seed: number) {
  // 这次运行的所有 sidecar 共用一个随机源：没有两个
  // checkout 在同一时刻抽数，所以 Go 和 TypeScript
  // 里抽数的顺序相同。
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

  // 负载：每 10ms 发一个 checkout，不等回答；
  // 在途请求计量（gauge）和它下面的面积。
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
