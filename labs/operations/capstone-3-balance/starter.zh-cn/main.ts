import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  Router,
  ServiceClient,
  json,
  request,
  serve,
  type ServerHandle,
  type ServiceClientOptions,
} from 'gomesh';
import { startRegistry } from 'gomesh/registry';

// ---- 你要写的部分：orders 调用 catalog 时怎样做负载均衡。----
// ServiceClient 的 `balancer`（gomesh/balancer）：
//   'round-robin'    轮询：副本依次轮流
//   'random'         随机：每个副本机会均等
//   'least-request'  随机挑两个副本，选在途请求较少的那个
//   'peak-ewma'      随机挑两个副本，选代价较低的那个：
//                    代价 = 延迟（一个移动平均，遇到更慢的
//                    回答会立刻跳上去）×（在途请求数 + 1）
// 也可以写 () => 你自己的 Balancer：new PeakEwma({ ... })
// 接受选项（decayMs、defaultRttMs），pickTwo 可以帮你写
// 自己的负载均衡器。
// 轮询在 catalog-3 变慢之后照样分给它三分之一的调用。把每一
// 种都试一试，读一读测试台打印的结果：订单的 p99 和每个副本
// 分到的份额。
const catalogBalancer: ServiceClientOptions['balancer'] =
  'round-robin';

// ---- 给定部分：第 1、2 步完成后的商店，以及测试台。检查会
// 测量这里发出的流量，所以请保持原样。----

interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

// users 拥有用户数据。
function usersService(): Router {
  const users = new Map(
    [
      { id: 'u1', name: 'Ada', email: 'ada@example.com' },
      {
        id: 'u2',
        name: 'Grace',
        email: 'grace@example.com',
      },
      {
        id: 'u3',
        name: 'Linus',
        email: 'linus@example.com',
      },
    ].map((u) => [u.id, u]),
  );
  const r = new Router();
  r.get('/users/{id}', (req) => {
    const u = users.get(req.param('id'));
    return u === undefined
      ? json(404, { error: 'user not found' })
      : json(200, u);
  });
  return r;
}

// catalog 的数据库，由它的各个副本共享：商品，以及每个订单
// 预留的库存。
const products = new Map<string, Product>(
  [
    ['gopher-plush', 'Gopher plush', 1999],
    ['go-mug', 'Go mug', 1250],
    ['tee', 'Go tee', 2500],
  ].map(([sku, name, priceCents]) => [
    sku as string,
    {
      sku: sku as string,
      name: name as string,
      priceCents: priceCents as number,
      stock: 1000,
    },
  ]),
);
const reservations = new Map<
  string,
  { sku: string; qty: number }
>();

// catalog 的一个副本：每个请求做 4ms 的工作，再加上
// `extraMs()`，也就是它此刻比平常慢多少。`calls` 统计它处理过
// 的请求数。
interface Replica {
  router: Router;
  calls: number;
}
function catalogReplica(extraMs: () => number): Replica {
  const replica: Replica = {
    router: new Router(),
    calls: 0,
  };
  const r = replica.router;
  const work = () => {
    replica.calls++;
    return time.sleep(4 * time.Millisecond + extraMs());
  };
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
    if (p.stock < qty) {
      return json(409, { error: 'out of stock' });
    }
    p.stock -= qty;
    reservations.set(order, { sku, qty });
    return json(200, { order, sku, qty });
  });
  r.delete('/reservations/{order}', async (req) => {
    await work();
    const order = req.param('order');
    const held = reservations.get(order);
    if (held !== undefined) {
      reservations.delete(order);
      products.get(held.sku)!.stock += held.qty;
    }
    return json(200, { order, released: held?.qty ?? 0 });
  });
  return replica;
}

// payments 拥有账本。见过的幂等键（idempotency key）会拿到
// 同一笔扣款，绝不会再扣第二次。
function paymentsService(): Router {
  const byKey = new Map<
    string,
    { charge: string; order: string; amountCents: number }
  >();
  let n = 0;
  const r = new Router();
  r.post('/charges', async (req) => {
    await time.sleep(3 * time.Millisecond);
    const key = req.header('idempotency-key');
    const seen =
      key === undefined ? undefined : byKey.get(key);
    if (seen !== undefined) return json(200, seen);
    const { order, amountCents } = await req.json<{
      order: string;
      amountCents: number;
    }>();
    const charge = {
      charge: `ch-${++n}`,
      order,
      amountCents,
    };
    if (key !== undefined) byKey.set(key, charge);
    return json(200, charge);
  });
  return r;
}

// orders 拥有订单。它通过注册中心找到其他服务：`catalog` 用
// 你选的负载均衡器，`others`（users、payments）用轮询。
function ordersService(
  catalog: ServiceClient,
  others: ServiceClient,
): Router {
  let n = 0;
  const r = new Router();
  r.post('/orders', async (req) => {
    const { user, sku, qty } = await req.json<{
      user: string;
      sku: string;
      qty: number;
    }>();
    try {
      const u = await others.get('users', `/users/${user}`);
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
      const held = await catalog.request(
        'catalog',
        '/reservations',
        { method: 'POST', json: { order, sku, qty } },
      );
      if (held.status === 409) {
        return json(409, { error: 'out of stock' });
      }
      if (held.status !== 200) {
        return json(502, { error: 'catalog failed' });
      }
      const totalCents = priceCents * qty;
      const paid = await others.request(
        'payments',
        '/charges',
        {
          method: 'POST',
          headers: { 'idempotency-key': `charge-${order}` },
          json: { order, amountCents: totalCents },
        },
      );
      if (paid.status !== 200) {
        await catalog.request(
          'catalog',
          `/reservations/${order}`,
          {
            method: 'DELETE',
          },
        );
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
    }
  });
  return r;
}

// gateway：系统的前门，外部流量从这里进来。
function gatewayService(mesh: ServiceClient): Router {
  const r = new Router();
  r.post('/api/orders', async (req) => {
    try {
      const res = await mesh.request('orders', '/orders', {
        method: 'POST',
        json: await req.json(),
      });
      return json(res.status, await res.json());
    } catch (e) {
      return json(503, { error: (e as Error).message });
    }
  });
  return r;
}

// Park 与 Miller 的“最小标准”随机数生成器，取值在 [0, 1)。
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// 测试台：向网关发 1200 个订单，间隔 5 到 15ms（每秒约 100
// 个）。第 400 个之后，catalog-3 的磁盘开始出故障，它的每个
// 回答都要多花 300ms。
const ORDERS = 1200;
const SLOW_AFTER = 400;
const SLOW_MS = 300;
const SKUS = ['gopher-plush', 'go-mug', 'tee'];

function summary(
  what: string,
  took: number[],
  replicas: Replica[],
  before: number[],
) {
  const sorted = [...took].sort((a, b) => a - b);
  const p = (q: number) =>
    time.formatDuration(
      sorted[Math.ceil(q * sorted.length) - 1] ?? 0,
    );
  const calls = replicas.map(
    (r, i) => r.calls - before[i]!,
  );
  const all = calls.reduce((a, b) => a + b, 0);
  console.log(
    `${what}: ${took.length} orders, p50 ${p(0.5)}, p99 ${p(0.99)}`,
  );
  console.log(
    `  catalog calls: ${calls
      .map(
        (c, i) =>
          `catalog-${i + 1} ${((100 * c) / all).toFixed(1)}%`,
      )
      .join(' | ')}`,
  );
}

main(async () => {
  const reg = await startRegistry();
  // 第 2 步：每个实例都带着 3s 的 TTL 注册并发送心跳；关闭时
  // 注销。
  const registered = {
    registry: reg.url,
    ttlMs: 3 * time.Second,
  };
  let slow = false;
  const replicas = [
    catalogReplica(() => 0),
    catalogReplica(() => 0),
    catalogReplica(() => (slow ? SLOW_MS : 0)),
  ];
  const servers: ServerHandle[] = [
    await serve('users', usersService(), registered),
  ];
  for (const r of replicas) {
    servers.push(
      await serve('catalog', r.router, registered),
    );
  }
  servers.push(
    await serve('payments', paymentsService(), registered),
  );
  const catalog = new ServiceClient({
    registry: reg.url,
    balancer: catalogBalancer,
    caller: 'orders',
  });
  const others = new ServiceClient({
    registry: reg.url,
    caller: 'orders',
  });
  servers.push(
    await serve(
      'orders',
      ordersService(catalog, others),
      registered,
    ),
  );
  const toOrders = new ServiceClient({
    registry: reg.url,
    caller: 'gateway',
  });
  const gateway = await serve(
    'gateway',
    gatewayService(toOrders),
  );
  servers.push(gateway);

  const gap = source(1);
  const took: number[] = [];
  let placed = 0;
  let mark = replicas.map(() => 0);
  const wg = new WaitGroup();
  for (let i = 0; i < ORDERS; i++) {
    if (i === SLOW_AFTER) {
      await wg.wait();
      summary(
        'all healthy',
        took.splice(0),
        replicas,
        mark,
      );
      mark = replicas.map((r) => r.calls);
      slow = true;
      console.log(`catalog-3 turns slow (+${SLOW_MS}ms)`);
    }
    await time.sleep(5 + 10 * gap());
    wg.go(async () => {
      const start = time.now();
      const res = await request(
        `${gateway.url}/api/orders`,
        {
          method: 'POST',
          json: {
            user: `u${1 + (i % 3)}`,
            sku: SKUS[i % 3],
            qty: 1,
          },
        },
      );
      await res.text();
      if (res.status === 201) placed++;
      took.push(time.since(start));
    });
  }
  await wg.wait();
  summary('catalog-3 slow', took, replicas, mark);
  console.log(`placed ${placed} of ${ORDERS} orders`);

  catalog.close();
  others.close();
  toOrders.close();
  for (const s of servers) await s.close();
  await reg.close();
});
