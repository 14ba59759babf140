import { chan, go, main, select } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  RateLimitedError,
  Router,
  ServiceClient,
  json,
  request,
  serve,
  type Layer,
  type MeshResponse,
  type ServerHandle,
} from 'gomesh';
import type { BalancerKind } from 'gomesh/balancer';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import {
  OutlierDetector,
  TokenBucket,
  retry,
  timeout,
} from 'gomesh/sidecar';

// ---- 你来写：整个商店的一份配置。 ----
// frontDoor  gateway 的令牌桶（限流）：ratePerSec、burst，
//            以及最多有多少个请求可以排队等令牌（queue）；
//            要等得更久的请求立刻被削掉：429 并带
//            Retry-After。
// catalog、payments  orders 怎样调用它们：
//   balancer   'round-robin' | 'random' | 'least-request'
//              | 'peak-ewma'（负载均衡）
//   timeoutMs  每个调用一个截止时间，重试也算在内
//   retry      { maxRetries, perTryTimeoutMs }（重试层
//              自带预算：请求数的 20% + 每秒 10 次）
//   outlier    { consecutive5xx, baseEjectionMs }（离群摘除）
// 现在这份配置把所有防护都关掉了：前门让所有请求一下子
// 全进来，轮询，每个调用一个截止时间，不重试，不摘除。
// 时间表里的每个故障都会落到订单头上。
const config: Config = {
  frontDoor: { ratePerSec: 1000, burst: 1000, queue: 1000 },
  catalog: { balancer: 'round-robin', timeoutMs: 1000 },
  payments: { balancer: 'round-robin', timeoutMs: 1000 },
};

// ---- 给定部分：第 1 到 5 步的商店和混沌时间表。检查会
// 测量这里发出的请求，并读取账本和库存，请保持原样。 ----

interface Calls {
  balancer: BalancerKind;
  timeoutMs: number;
  retry?: { maxRetries: number; perTryTimeoutMs?: number };
  outlier?: {
    consecutive5xx: number;
    baseEjectionMs?: number;
  };
}
interface Config {
  frontDoor: {
    ratePerSec: number;
    burst: number;
    queue: number;
  };
  catalog: Calls;
  payments: Calls;
}

// orders 调用 `service` 时经过的中间层，按 config 搭建。
function layersOf(service: string, c: Calls): Layer[] {
  const layers = [
    timeout({ timeoutMs: c.timeoutMs, service }),
  ];
  if (c.retry !== undefined) {
    layers.push(retry({ ...c.retry, service }));
  }
  if (c.outlier !== undefined) {
    layers.push(
      new OutlierDetector({ ...c.outlier, service }).layer,
    );
  }
  return layers;
}

// 前门（限流一课的实验）：一个令牌桶，排队等令牌的
// 请求最多 `queue` 个。
function frontDoor(o: Config['frontDoor']): Layer {
  const bucket = new TokenBucket(o);
  const maxWait = (o.queue * 1000) / o.ratePerSec;
  return (next) => async (req) => {
    const token = bucket.reserve();
    if (token.delayMs > maxWait) {
      token.cancel();
      throw new RateLimitedError(
        'gateway',
        token.delayMs - maxWait,
      );
    }
    await time.sleep(token.delayMs);
    return next(req);
  };
}

interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}
interface Charge {
  charge: string;
  order: string;
  amountCents: number;
}

// users 拥有用户数据（每次查询 3ms）。
function usersService(): Router {
  const users = new Map(
    [
      ['u1', 'Ada'],
      ['u2', 'Grace'],
      ['u3', 'Linus'],
    ].map(([id, name]) => [
      id!,
      {
        id,
        name,
        email: `${name!.toLowerCase()}@example.com`,
      },
    ]),
  );
  const r = new Router();
  r.get('/users/{id}', async (req) => {
    await time.sleep(3 * time.Millisecond);
    const u = users.get(req.param('id'));
    return u === undefined
      ? json(404, { error: 'user not found' })
      : json(200, u);
  });
  return r;
}

// catalog 的数据库，它的副本共用。
const STOCK = 2000;
const products = new Map<string, Product>(
  (
    [
      ['gopher-plush', 'Gopher plush', 1999],
      ['go-mug', 'Go mug', 1250],
      ['tee', 'Go tee', 2500],
    ] as const
  ).map(([sku, name, priceCents]) => [
    sku,
    { sku, name, priceCents, stock: STOCK },
  ]),
);
const reservations = new Map<
  string,
  { sku: string; qty: number }
>();
// 已释放预留的订单：它们姗姗来迟的预留尝试不能再扣
// 一次库存。
const released = new Set<string>();

// catalog 的一个副本：每个请求 4ms，再加上 `extraMs()`。
function catalogReplica(extraMs: () => number): Router {
  const r = new Router();
  const work = () =>
    time.sleep(4 * time.Millisecond + extraMs());
  r.get('/products/{sku}', async (req) => {
    await work();
    const p = products.get(req.param('sku'));
    return p === undefined
      ? json(404, { error: 'product not found' })
      : json(200, p);
  });
  r.post('/reservations', async (req) => {
    await work();
    const { order, sku, qty } = await req.json<{
      order: string;
      sku: string;
      qty: number;
    }>();
    const p = products.get(sku);
    if (p === undefined) {
      return json(404, { error: 'product not found' });
    }
    if (reservations.has(order)) {
      return json(200, { order, sku, qty });
    }
    if (released.has(order) || p.stock < qty) {
      return json(409, { error: 'out of stock' });
    }
    p.stock -= qty;
    reservations.set(order, { sku, qty });
    return json(200, { order, sku, qty });
  });
  r.delete('/reservations/{order}', async (req) => {
    await work();
    const order = req.param('order');
    released.add(order);
    const held = reservations.get(order);
    if (held !== undefined) {
      reservations.delete(order);
      products.get(held.sku)!.stock += held.qty;
    }
    return json(200, { order, released: held?.qty ?? 0 });
  });
  return r;
}

// payments 拥有账本，它的副本共用。调用银行之前先占住
// 幂等键，所以带同一个键的第二次尝试会等第一次的扣款
// 结果，绝不会再扣一次。`fails()` 表示这个副本此刻是否
// 让调用失败（在扣款之前）。
const ledger: Charge[] = [];
const byKey = new Map<string, Promise<Charge>>();
function paymentsReplica(fails: () => boolean): Router {
  const r = new Router();
  r.post('/charges', async (req) => {
    if (fails()) {
      await time.sleep(2 * time.Millisecond);
      return json(503, { error: 'bank unreachable' });
    }
    const key = req.header('idempotency-key') ?? '';
    const { order, amountCents } = await req.json<{
      order: string;
      amountCents: number;
    }>();
    let charge = byKey.get(key);
    if (charge === undefined) {
      charge = (async () => {
        await time.sleep(20 * time.Millisecond); // 银行
        const c = {
          charge: `ch-${ledger.length + 1}`,
          order,
          amountCents,
        };
        ledger.push(c);
        return c;
      })();
      byKey.set(key, charge);
    }
    return json(200, await charge);
  });
  // 账本，供检查核对。
  r.get('/ledger', () => json(200, ledger));
  return r;
}

// orders 拥有订单数据。一个订单从头到尾占用它 4 个数据库
// 连接中的一个。
const POOL = 4;
function ordersService(
  catalog: ServiceClient,
  payments: ServiceClient,
  users: ServiceClient,
): Router {
  const pool = chan<number>(POOL, 0);
  let n = 0;
  // 重试层从不重试 POST（它可能已经生效）。这两个 POST
  // 带着键（订单号），所以由 orders 自己重发，次数和重试层
  // 一样，每次尝试都有各中间层的截止时间。
  const keyed = async (
    client: ServiceClient,
    service: string,
    path: string,
    body: unknown,
    key: string,
    c: Calls,
  ): Promise<MeshResponse> => {
    const tries = 1 + (c.retry?.maxRetries ?? 0);
    let res!: MeshResponse;
    for (let i = 0; i < tries; i++) {
      res = await client.request(service, path, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        json: body,
      });
      if (res.status < 500) break;
    }
    return res;
  };
  const r = new Router();
  r.post('/orders', async (req) => {
    const { user, sku, qty } = await req.json<{
      user: string;
      sku: string;
      qty: number;
    }>();
    await pool.send(1);
    try {
      const u = await users.get('users', `/users/${user}`);
      if (u.status === 404) {
        return json(404, { error: 'unknown user' });
      }
      const p = await catalog.get(
        'catalog',
        `/products/${sku}`,
      );
      if (p.status === 404) {
        return json(404, { error: 'unknown product' });
      }
      if (u.status !== 200 || p.status !== 200) {
        return json(502, {
          error: 'users or catalog failed',
        });
      }
      const { priceCents } = await p.json<Product>();
      const order = `o-${++n}`;
      const release = () =>
        catalog.request(
          'catalog',
          `/reservations/${order}`,
          {
            method: 'DELETE',
          },
        );
      const held = await keyed(
        catalog,
        'catalog',
        '/reservations',
        { order, sku, qty },
        `reserve-${order}`,
        config.catalog,
      );
      if (held.status === 409) {
        return json(409, { error: 'out of stock' });
      }
      if (held.status !== 200) {
        await release();
        return json(502, { error: 'catalog failed' });
      }
      const totalCents = priceCents * qty;
      const paid = await keyed(
        payments,
        'payments',
        '/charges',
        { order, amountCents: totalCents },
        `charge-${order}`,
        config.payments,
      );
      if (paid.status !== 200) {
        await release();
        return json(502, { error: 'payment failed' });
      }
      return json(201, {
        order,
        user,
        sku,
        qty,
        totalCents,
      });
    } catch (e) {
      return json(503, { error: (e as Error).message });
    } finally {
      await pool.recv();
    }
  });
  return r;
}

// gateway：前门。外部流量从这里进来。
function gatewayService(orders: ServiceClient): Router {
  const r = new Router();
  r.post('/api/orders', async (req) => {
    try {
      const res = await orders.request(
        'orders',
        '/orders',
        {
          method: 'POST',
          json: await req.json(),
        },
      );
      return json(res.status, await res.json());
    } catch (e) {
      return json(503, { error: (e as Error).message });
    }
  });
  return r;
}

// 第 2 步：实例以 3s 的 TTL 注册，每秒发一次心跳。崩溃
// 时心跳停了，却没有注销：注册中心要等 TTL 过期才把它
// 去掉。
const TTL = 3 * time.Second;
interface Instance {
  server: ServerHandle;
  // 崩溃：心跳停止，服务器也没了。
  crash(): Promise<void>;
  // 心跳停止；服务器继续回答。
  quiet(): void;
}
async function register(
  registry: RegistryClient,
  server: ServerHandle,
): Promise<Instance> {
  const id = await registry.registerOnce({
    name: server.name,
    address: server.host,
    port: server.port,
    ttlMs: TTL,
  });
  let alive = true;
  go(async () => {
    while (alive) {
      await time.sleep(TTL / 3);
      if (alive) await registry.heartbeat(id);
    }
  });
  return {
    server,
    crash: async () => {
      alive = false; // 下一次心跳不会再来
      await server.close();
    },
    quiet: () => {
      alive = false;
    },
  };
}

// 混沌时间表：每秒 20 个订单，开环（每 50ms 一个订单，
// 不管上一个有没有得到回答），每个阶段一个故障。
interface Phase {
  name: string;
  seconds: number;
  rate: number;
  fault: string;
}
const SCHEDULE: Phase[] = [
  { name: 'steady', seconds: 10, rate: 20, fault: '' },
  {
    name: 'slow catalog',
    seconds: 10,
    rate: 20,
    fault: 'catalog-2 answers 300ms late',
  },
  {
    name: 'failing payments',
    seconds: 10,
    rate: 20,
    fault: 'payments-3 fails 1 call in 2',
  },
  { name: 'burst x10', seconds: 3, rate: 200, fault: '' },
  { name: 'recovery', seconds: 7, rate: 20, fault: '' },
  {
    name: 'crashed catalog',
    seconds: 10,
    rate: 20,
    fault: 'catalog-3 crashed',
  },
];
const SKUS = ['gopher-plush', 'go-mug', 'tee'];

interface Answer {
  phase: number;
  status: number;
  ms: number;
}

function report(answers: Answer[]) {
  const pad = (s: string | number, n: number) =>
    String(s).padStart(n);
  console.log(
    `${'phase'.padEnd(17)}${pad('sent', 5)}${pad('shed', 6)}` +
      `${pad('failed', 7)}${pad('avail', 9)}${pad('p99', 7)}`,
  );
  SCHEDULE.forEach((p, i) => {
    const mine = answers.filter((a) => a.phase === i);
    const shed = mine.filter((a) => a.status === 429);
    const admitted = mine.filter((a) => a.status !== 429);
    const ok = admitted.filter((a) => a.status === 201);
    const took = admitted
      .map((a) => a.ms)
      .sort((a, b) => a - b);
    const p99 =
      took[Math.ceil(0.99 * took.length) - 1] ?? 0;
    const avail = (100 * ok.length) / admitted.length;
    console.log(
      `${p.name.padEnd(17)}${pad(mine.length, 5)}` +
        `${pad(shed.length, 6)}` +
        `${pad(admitted.length - ok.length, 7)}` +
        `${pad(avail.toFixed(2), 8)}%` +
        `${pad(time.formatDuration(Math.round(p99)), 7)}`,
    );
  });
}

main(async () => {
  const reg = await startRegistry();
  const registry = new RegistryClient(reg.url);
  let slowCatalog = false;
  let failingPayments = false;
  let failures = 0;
  const instances: Instance[] = [];
  const start = async (name: string, api: Router) => {
    const i = await register(
      registry,
      await serve(name, api),
    );
    instances.push(i);
    return i;
  };
  await start('users', usersService());
  await start(
    'catalog',
    catalogReplica(() => 0),
  );
  await start(
    'catalog',
    catalogReplica(() => (slowCatalog ? 300 : 0)),
  );
  const catalog3 = await start(
    'catalog',
    catalogReplica(() => 0),
  );
  await start(
    'payments',
    paymentsReplica(() => false),
  );
  await start(
    'payments',
    paymentsReplica(() => false),
  );
  await start(
    'payments',
    paymentsReplica(
      () => failingPayments && ++failures % 2 === 1,
    ),
  );
  const client = (caller: string, c?: Calls) =>
    new ServiceClient({
      registry: reg.url,
      caller,
      ...(c === undefined
        ? {}
        : {
            balancer: c.balancer,
            layers: (service: string) =>
              layersOf(service, c),
          }),
    });
  const clients = [
    client('orders', config.catalog),
    client('orders', config.payments),
    client('orders'),
    client('gateway'),
  ] as const;
  const [toCatalog, toPayments, toUsers, toOrders] =
    clients;
  await start(
    'orders',
    ordersService(toCatalog, toPayments, toUsers),
  );
  const gateway = await serve(
    'gateway',
    frontDoor(config.frontDoor)(
      gatewayService(toOrders).serve,
    ),
  );

  console.log(
    `front door ${config.frontDoor.ratePerSec}/s, burst ` +
      `${config.frontDoor.burst}, queue ${config.frontDoor.queue}`,
  );
  const answers: Answer[] = [];
  const wg = new WaitGroup();
  const t0 = time.now();
  let at = 0; // 自 t0 起的毫秒数
  let sent = 0;
  for (const [i, p] of SCHEDULE.entries()) {
    slowCatalog = p.name === 'slow catalog';
    failingPayments = p.name === 'failing payments';
    if (p.name === 'crashed catalog')
      await catalog3.crash();
    console.log(
      `${String(at / 1000).padStart(3)}s  ${p.name.padEnd(17)}` +
        `${String(p.rate).padStart(3)}/s  ${p.fault || 'no fault'}`,
    );
    const every = 1000 / p.rate;
    for (let k = 0; k < p.seconds * p.rate; k++) {
      await time.sleep(at + k * every - time.since(t0));
      const n = sent++;
      wg.go(async () => {
        const begin = time.now();
        const res = await request(
          `${gateway.url}/api/orders`,
          {
            method: 'POST',
            json: {
              user: `u${1 + (n % 3)}`,
              sku: SKUS[n % 3],
              qty: 1,
            },
          },
        );
        await res.text();
        answers.push({
          phase: i,
          status: res.status,
          ms: time.since(begin),
        });
      });
    }
    at += p.seconds * 1000;
  }
  await wg.wait();
  console.log();
  report(answers);
  const placed = answers.filter((a) => a.status === 201);
  let taken = 0;
  for (const p of products.values())
    taken += STOCK - p.stock;
  console.log(
    `${placed.length} orders placed, ${ledger.length} charges ` +
      `in the ledger, ${taken} items taken from stock`,
  );

  // 停掉客户端的监视和心跳（不再有需要计时的东西），
  // 然后一直提供服务直到被停止：检查会读取 payments 的
  // 账本和 catalog 的库存。
  for (const c of clients) c.close();
  for (const i of instances) i.quiet();
  console.log(
    'ready: the audit may read the ledger and stock',
  );
  await select({});
});
