import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  Router,
  ServiceClient,
  json,
  request,
  serve,
  type Layer,
  type MeshResponse,
  type ServerHandle,
} from 'gomesh';
import { PeakEwma } from 'gomesh/balancer';
import { startRegistry } from 'gomesh/registry';
import { DEADLINE_HEADER, timeout } from 'gomesh/sidecar';

// ---- 你要写的部分（1）：怎样保护 orders 对 payments 的调用。
// 每次调用 payments 都要经过的层，最外层在前（gomesh/sidecar）：
//   timeout({ timeoutMs, service })  给这次调用一个截止时间，
//       并传给 payments（x-mesh-deadline-ms）；到了截止时间，
//       调用会抛出异常
//   outlierEjection({ consecutive5xx, baseEjectionMs,
//       maxEjectionPercent, service })  离群检测：某个副本连续
//       失败这么多次，就把它从轮询中摘除 baseEjectionMs（默认
//       30s）；同时被摘除的副本不超过 maxEjectionPercent%
//       （默认 50：三个里一个）
// 健康副本 3ms 就能回答。起始代码给每次调用整整一秒，别的
// 什么都没有。
function paymentsLayers(service: string): Layer[] {
  return [timeout({ timeoutMs: 1000, service })];
}

// ---- 你要写的部分（2）：为已经预留库存的订单扣款，并回答
// 这个订单。----
// 网格从不替你重试 POST（它可能已经生效了）：失败的扣款只有
// 你在这里自己重试才会再试一次，而且只有每次尝试都带着同一个
// Idempotency-Key 头才安全（payments 见过的键会拿到它已经做过
// 的那笔扣款）。RetryBudget（gomesh/sidecar：每次扣款调用
// deposit()，每次重试调用 tryWithdraw()）把重试限制在扣款数
// 的一定比例之内。payments 拒绝这张卡时回答 402 Payment
// Required（需要付款）：这是最终答复（重试只会再拿到同一个
// 402），所以给订单回答 402，不要再试。只要扣款失败，就用
// release(mesh, o.order) 把库存还回去。
async function charge(
  mesh: Clients,
  o: Placed,
): Promise<MeshResponse> {
  const res = await mesh.payments.request(
    'payments',
    '/charges',
    {
      method: 'POST',
      json: {
        order: o.order,
        user: o.user,
        amountCents: o.totalCents,
      },
    },
  );
  if (res.status !== 200) {
    await release(mesh, o.order);
    return json(502, { error: 'payment failed' });
  }
  return json(201, o);
}

// ---- 给定部分：第 1 到 3 步完成后的商店，以及测试台。检查
// 会测量这里发出的流量，所以请保持原样。----

interface Clients {
  users: ServiceClient;
  catalog: ServiceClient;
  payments: ServiceClient;
}

// 一个已经预留了库存、等待付款的订单。
interface Placed {
  order: string;
  user: string;
  sku: string;
  qty: number;
  totalCents: number;
}

interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

// release 把一个订单的库存还回去。DELETE 是幂等的，所以一直
// 发送，直到 catalog 回答为止。
async function release(mesh: Clients, order: string) {
  for (;;) {
    try {
      const res = await mesh.catalog.request(
        'catalog',
        `/reservations/${order}`,
        { method: 'DELETE' },
      );
      if (res.status === 200) return;
    } catch {
      // 再试一次。
    }
    await time.sleep(10 * time.Millisecond);
  }
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
const STOCK = 1000;
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
      stock: STOCK,
    },
  ]),
);
const reservations = new Map<
  string,
  { sku: string; qty: number }
>();

// catalog 的一个副本：每个请求做 4ms 的工作。
function catalogReplica(): Router {
  const r = new Router();
  const work = () => time.sleep(4 * time.Millisecond);
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
  return r;
}

// payments 的账本，由它的各个副本共享，还有发卡银行拒绝的卡：
// Linus（u3）的卡。见过的幂等键会拿到它已经给过的答复（做过的
// 那笔扣款，或者那次拒绝），绝不会再扣第二次。
interface Charge {
  charge: string;
  order: string;
  amountCents: number;
}
interface Decline {
  order: string;
  error: string;
}
const ledger: Charge[] = [];
const DECLINED_CARDS = new Set(['u3']);
const declined = new Set<string>();
const byKey = new Map<string, Charge | Decline>();

// payments 的一个副本。pay-1 是健康的（3ms）。pay-2 在等一个
// 永远等不到的数据库连接，直到调用方的截止时间
// （x-mesh-deadline-ms）过后 1ms 才回答 503，什么也没扣。
// pay-3 会扣款，但每五次就有一次在回答之前连接被重置：503。
// 每个能回答的副本都会拒绝 Linus 的卡：402 Payment Required，
// 重试也改变不了。
type Health = 'healthy' | 'hung' | 'flaky';
function paymentsReplica(
  health: Health,
  chance: () => number,
): Router {
  const r = new Router();
  r.post('/charges', async (req) => {
    if (health === 'hung') {
      const ms = req.header(DEADLINE_HEADER);
      await time.sleep(Number(ms ?? 30_000) + 1);
      return json(503, { error: 'no database connection' });
    }
    await time.sleep(3 * time.Millisecond);
    const key = req.header('idempotency-key');
    let c = key === undefined ? undefined : byKey.get(key);
    if (c === undefined) {
      const { order, user, amountCents } = await req.json<{
        order: string;
        user?: string;
        amountCents: number;
      }>();
      if (user === undefined) {
        return json(400, {
          error: 'whose card? send user',
        });
      }
      if (DECLINED_CARDS.has(user)) {
        c = { order, error: 'card declined' };
        declined.add(order);
      } else {
        c = {
          charge: `ch-${ledger.length + 1}`,
          order,
          amountCents,
        };
        ledger.push(c);
      }
      if (key !== undefined) byKey.set(key, c);
    }
    if (health === 'flaky' && chance() < 0.2) {
      return json(503, { error: 'connection reset' });
    }
    return 'error' in c ? json(402, c) : json(200, c);
  });
  return r;
}

// orders 拥有订单：它检查用户，到 catalog 查价格、预留库存，
// 然后把扣款交给你写的 `charge`。
function ordersService(mesh: Clients): Router {
  let n = 0;
  const r = new Router();
  r.post('/orders', async (req) => {
    const { user, sku, qty } = await req.json<{
      user: string;
      sku: string;
      qty: number;
    }>();
    const u = await mesh.users.get(
      'users',
      `/users/${user}`,
    );
    if (u.status === 404) {
      return json(404, { error: 'unknown user' });
    }
    const p = await mesh.catalog.get(
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
    const held = await mesh.catalog.request(
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
    return charge(mesh, {
      order,
      user,
      sku,
      qty,
      totalCents: priceCents * qty,
    });
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

// 各服务自己的状态怎么说：逐个订单核对 payments 的账本和
// catalog 的库存预留。
function audit(placed: number) {
  const charged = new Map<string, number>();
  for (const c of ledger) {
    charged.set(c.order, (charged.get(c.order) ?? 0) + 1);
  }
  const twice = [...charged].filter(([, k]) => k > 1);
  const held = [...reservations.keys()];
  const unpaid = held.filter((o) => !charged.has(o));
  const unheld = [...charged.keys()].filter(
    (o) => !reservations.has(o),
  );
  let taken = 0;
  for (const p of products.values())
    taken += STOCK - p.stock;
  const list = (os: string[]) =>
    os.length === 0 ? '' : `: ${os.slice(0, 5).join(' ')}`;
  console.log(
    `ledger: ${ledger.length} charges for ${charged.size} orders, ${twice.length} orders charged twice${list(twice.map(([o, k]) => `${o}x${k}`))}`,
  );
  console.log(
    `stock: ${held.length} orders hold ${taken} items, ${unpaid.length} of them not paid${list(unpaid)}; ${unheld.length} paid orders hold none${list(unheld)}`,
  );
  const stuck = [...declined].filter((o) =>
    reservations.has(o),
  );
  console.log(
    `declined: ${declined.size} orders declined, ${stuck.length} of them hold stock${list(stuck)}`,
  );
  console.log(`answers: ${placed} orders placed (201)`);
}

// 测试台：向网关发 1040 个订单，间隔 5 到 15ms（每秒约 100
// 个）。Ada 和 Grace 轮流下单；每第 26 个订单是 Linus 的（共
// 40 个），而他的卡会被拒绝。
const ORDERS = 1040;
const SKUS = ['gopher-plush', 'go-mug', 'tee'];

main(async () => {
  const reg = await startRegistry();
  const registered = {
    registry: reg.url,
    ttlMs: 3 * time.Second,
  };
  const servers: ServerHandle[] = [
    await serve('users', usersService(), registered),
  ];
  for (let i = 0; i < 3; i++) {
    servers.push(
      await serve('catalog', catalogReplica(), registered),
    );
  }
  const chance = source(7);
  for (const health of [
    'healthy',
    'hung',
    'flaky',
  ] as const) {
    servers.push(
      await serve(
        'payments',
        paymentsReplica(health, chance),
        registered,
      ),
    );
  }
  const mesh: Clients = {
    users: new ServiceClient({
      registry: reg.url,
      caller: 'orders',
    }),
    // 第 3 步：catalog 用 peak EWMA。
    catalog: new ServiceClient({
      registry: reg.url,
      balancer: () => new PeakEwma({ defaultRttMs: 0 }),
      caller: 'orders',
    }),
    payments: new ServiceClient({
      registry: reg.url,
      layers: paymentsLayers,
      caller: 'orders',
    }),
  };
  servers.push(
    await serve('orders', ordersService(mesh), registered),
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
  const answers = new Map<number, number>();
  const wg = new WaitGroup();
  for (let i = 0; i < ORDERS; i++) {
    await time.sleep(5 + 10 * gap());
    wg.go(async () => {
      const res = await request(
        `${gateway.url}/api/orders`,
        {
          method: 'POST',
          json: {
            user: i % 26 === 25 ? 'u3' : `u${1 + (i % 2)}`,
            sku: SKUS[i % 3],
            qty: 1,
          },
        },
      );
      await res.text();
      answers.set(
        res.status,
        (answers.get(res.status) ?? 0) + 1,
      );
    });
  }
  await wg.wait();
  console.log(
    `${ORDERS} orders: ${[...answers]
      .sort(([a], [b]) => a - b)
      .map(([s, k]) => `${k} answered ${s}`)
      .join(', ')}`,
  );
  audit(answers.get(201) ?? 0);

  mesh.users.close();
  mesh.catalog.close();
  mesh.payments.close();
  toOrders.close();
  for (const s of servers) await s.close();
  await reg.close();
});
