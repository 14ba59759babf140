import { Router, ServiceClient, json, serve } from 'gomesh';

// ---- 你来写：把商店拆成几个服务。 ----
//
// 现在的商店是个单体：一个服务、一个路由器，所有路由读写
// 同一组 map。请把它拆成三个服务，每个服务拥有自己的数据：
//   users    GET /users/{id}            -> 200 用户 | 404
//   catalog  GET /products/{sku}        -> 200 商品 | 404
//            PUT /products/{sku}/price  {priceCents} -> 200
//            POST /reservations {order, sku, qty}
//                               -> 200 | 409 缺货 | 404
//            DELETE /reservations/{order} -> 200（归还库存；
//                               释放两次等于一次）
//   orders   POST /orders {user, sku, qty} -> 201 订单
//            | 404 未知用户或商品 | 409 缺货
//            | 502 扣款失败（先释放预留）
// orders 通过网格询问 users 和 catalog，用以
// caller: 'orders' 创建的 ServiceClient，就像现在的商店
// 询问 payments 那样。

// shopService 就是那个单体：用户、商品和订单都放在同一个
// 进程的 map 里，直接读写。
function shopService(payments: ServiceClient): Router {
  const users = new Map(seedUsers().map((u) => [u.id, u]));
  const products = new Map(
    seedProducts().map((p) => [p.sku, p]),
  );
  const orders = new Map<string, Order>();
  let placed = 0;
  const r = new Router();
  r.get('/users/{id}', (req) => {
    const user = users.get(req.param('id'));
    if (user === undefined) {
      return json(404, { error: 'unknown user' });
    }
    return json(200, user);
  });
  r.get('/products/{sku}', (req) => {
    const product = products.get(req.param('sku'));
    if (product === undefined) {
      return json(404, { error: 'unknown sku' });
    }
    return json(200, product);
  });
  r.put('/products/{sku}/price', async (req) => {
    const product = products.get(req.param('sku'));
    if (product === undefined) {
      return json(404, { error: 'unknown sku' });
    }
    const { priceCents } = await req.json<{
      priceCents: number;
    }>();
    product.priceCents = priceCents;
    return json(200, product);
  });
  r.post('/orders', async (req) => {
    const { user, sku, qty } = await req.json<{
      user: string;
      sku: string;
      qty: number;
    }>();
    const id = `o-${++placed}`;
    if (!users.has(user)) {
      return json(404, { error: 'unknown user' });
    }
    const product = products.get(sku);
    if (product === undefined) {
      return json(404, { error: 'unknown sku' });
    }
    if (product.stock < qty) {
      return json(409, { error: 'out of stock' });
    }
    product.stock -= qty;
    const totalCents = product.priceCents * qty;
    let paid;
    try {
      paid = await payments.request(
        'payments',
        '/charges',
        {
          method: 'POST',
          headers: { 'idempotency-key': id },
          json: { order: id, amountCents: totalCents },
        },
      );
    } catch {
      paid = null;
    }
    if (paid?.status !== 200) {
      product.stock += qty;
      return json(502, { error: 'payment failed' });
    }
    const order: Order = {
      order: id,
      user,
      sku,
      qty,
      totalCents,
    };
    orders.set(id, order);
    return json(201, order);
  });
  return r;
}

// startShop 在 payments 旁边启动商店，并返回提供
// POST /orders 的 URL。
export async function startShop(
  paymentsUrl: string,
): Promise<string> {
  const payments = new ServiceClient({
    endpoints: { payments: [paymentsUrl] },
    caller: 'shop',
  });
  const shop = await serve('shop', shopService(payments));
  return shop.url;
}

// ---- 给定部分：数据和 payments。检查依赖这一部分，
// 请保持原样。 ----

export interface User {
  id: string;
  name: string;
  email: string;
}

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

export interface Reservation {
  order: string;
  sku: string;
  qty: number;
}

export interface Order {
  order: string;
  user: string;
  sku: string;
  qty: number;
  totalCents: number;
}

export interface Charge {
  charge: string;
  order: string;
  amountCents: number;
}

// 商店的初始数据：每次调用都返回一份新的副本，所以一个服务
// 修改自己的副本不会影响别人。
export function seedUsers(): User[] {
  return [
    { id: 'u1', name: 'Ada', email: 'ada@example.com' },
    { id: 'u2', name: 'Grace', email: 'grace@example.com' },
    { id: 'u3', name: 'Linus', email: 'linus@example.com' },
  ];
}

export function seedProducts(): Product[] {
  return [
    {
      sku: 'gopher-plush',
      name: 'Gopher plush',
      priceCents: 1999,
      stock: 100,
    },
    {
      sku: 'go-mug',
      name: 'Go mug',
      priceCents: 1250,
      stock: 100,
    },
    {
      sku: 'tee',
      name: 'Gopher tee',
      priceCents: 2500,
      stock: 5,
    },
  ];
}

// 一张卡每笔扣款最多付这么多。
export const CARD_LIMIT_CENTS = 10_000;

export interface Payments {
  readonly url: string;
  // 账本：payments 做过的每一笔扣款，按先后顺序。
  readonly charges: readonly Charge[];
}

// payments 拥有账本。POST /charges {order, amountCents}
// 带上 idempotency-key 请求头时，每个键只扣一次款（同一个键
// 再来，回答同一笔扣款）；超过卡限额的扣款以 402 拒绝。
export async function startPayments(): Promise<Payments> {
  const charges: Charge[] = [];
  const byKey = new Map<string, Charge>();
  const r = new Router();
  r.post('/charges', async (req) => {
    const key = req.header('idempotency-key');
    const seen =
      key === undefined ? undefined : byKey.get(key);
    if (seen !== undefined) return json(200, seen);
    const { order, amountCents } = await req.json<{
      order: string;
      amountCents: number;
    }>();
    if (amountCents > CARD_LIMIT_CENTS) {
      return json(402, { error: 'card declined' });
    }
    const charge: Charge = {
      charge: `ch-${charges.length + 1}`,
      order,
      amountCents,
    };
    charges.push(charge);
    if (key !== undefined) byKey.set(key, charge);
    return json(200, charge);
  });
  const server = await serve('payments', r);
  return { url: server.url, charges };
}
