import { main } from 'gort';
import * as time from 'gort/time';
import {
  Router,
  ServiceClient,
  compose,
  json,
  request,
  serve,
  toHandler,
  type CallOptions,
  type Layer,
  type MeshResponse,
  type ServerHandle,
} from 'gomesh';
import { faultInjection, timeout } from 'gomesh/sidecar';

// ---- orders：Saga 本身。这是你要写的部分。----

interface Order {
  id: string;
  customer: string;
  sku: string;
  qty: number;
  amount: number; // 单位：分
}

const TRIES = 3;

// call 向一个服务发送请求；只要没有收到回答（丢了、来晚了）
// 或者回答是 5xx，就再发一次，最多 TRIES 次。它返回最后一个
// 回答；一个回答都没收到时返回 null：这时请求可能做了，也可能
// 没做。
async function call(
  mesh: ServiceClient,
  service: string,
  path: string,
  init: CallOptions,
): Promise<MeshResponse | null> {
  let last: MeshResponse | null = null;
  for (let n = 1; n <= TRIES; n++) {
    if (n > 1)
      await time.sleep(20 * (n - 1) * time.Millisecond);
    const what = `${init.method ?? 'GET'} ${service} ${path}`;
    try {
      last = await mesh.request(service, path, init);
    } catch (e) {
      console.log(
        `  orders: ${what}: no answer (${(e as Error).message})`,
      );
      continue;
    }
    if (last.status < 500) return last;
    console.log(`  orders: ${what}: ${last.status}`);
  }
  return last;
}

// placeOrder 先预留库存，再向顾客扣款。
//
// TODO 1：payments 扣款之后回答丢了，call() 就会再发一次扣款，
// payments 于是扣第二次。请给扣款请求加上 Idempotency-Key
// 头部，并且每次重试都用同一个值（charge-<订单 id>）：这样
// payments 会用第一次的回答来回应重试。
//
// TODO 2：某一步失败时，什么都没有撤销：失败的订单一直占着
// 库存，回答丢失的那笔扣款也没有退。请按相反的顺序撤销可能
// 已经发生的步骤：除非 payments 拒付（402），先退款
// （POST /refunds {"order": id}），再释放库存
// （DELETE /reservations/<id>）——预留请求本身没有收到回答时
// 也要释放，因为它可能已经预留了。补偿必须完成：一直发送，
// 直到服务给出回答（补偿是幂等的：做两次等于做一次）。
async function placeOrder(
  mesh: ServiceClient,
  o: Order,
): Promise<MeshResponse> {
  const reserved = await call(
    mesh,
    'inventory',
    `/reservations/${o.id}`,
    { method: 'PUT', json: { sku: o.sku, qty: o.qty } },
  );
  if (reserved?.status === 409) {
    return json(409, { error: 'out of stock' });
  }
  if (reserved === null || !reserved.ok) {
    return json(503, { error: 'inventory unavailable' });
  }

  const charged = await call(mesh, 'payments', '/charges', {
    method: 'POST',
    json: {
      order: o.id,
      customer: o.customer,
      amount: o.amount,
    },
  });
  if (charged?.status === 201) {
    return json(201, { order: o.id, status: 'confirmed' });
  }
  if (charged?.status === 402) {
    return json(402, { error: 'card declined' });
  }
  return json(503, { error: 'payments unavailable' });
}

function ordersService(mesh: ServiceClient): Router {
  const r = new Router();
  r.post('/orders', async (req) =>
    placeOrder(mesh, await req.json<Order>()),
  );
  return r;
}

// ---- 商店：下面的代码都不需要修改。----

// inventory 拥有库存。PUT /reservations/{order} 预留库存
// （201；该订单已经预留过时回 200；库存不足时回 409），
// DELETE /reservations/{order} 释放库存（200，什么都没预留时
// 也一样）。
function inventoryService(): Router {
  const stock = new Map([
    ['mug', 4],
    ['socks', 3],
  ]);
  const r = new Router();
  r.put('/reservations/{order}', async (req) => {
    const order = req.param('order');
    const { sku, qty } = await req.json<{
      sku: string;
      qty: number;
    }>();
    if (reservations.has(order)) {
      return json(200, reservations.get(order));
    }
    const left = stock.get(sku) ?? 0;
    if (left < qty) {
      journal('inventory', `out of stock for ${order}`);
      return json(409, { error: 'out of stock' });
    }
    stock.set(sku, left - qty);
    reservations.set(order, { sku, qty });
    journal(
      'inventory',
      `reserved ${qty} ${sku} for ${order} (${left - qty} left)`,
    );
    return json(201, { sku, qty });
  });
  r.delete('/reservations/{order}', (req) => {
    const order = req.param('order');
    const held = reservations.get(order);
    if (held === undefined) {
      journal('inventory', `released nothing for ${order}`);
      return json(200, { released: 0 });
    }
    reservations.delete(order);
    stock.set(
      held.sku,
      (stock.get(held.sku) ?? 0) + held.qty,
    );
    journal(
      'inventory',
      `released ${held.qty} ${held.sku} for ${order}`,
    );
    return json(200, { released: held.qty });
  });
  return r;
}

// payments 管钱。POST /charges 扣款（201；卡被拒付时回
// 402）；带着 Idempotency-Key 时，对已经见过的键用第一次的
// 回答来回应（Stripe 的做法）。POST /refunds 把一个订单扣过的
// 钱全部退回（200）。
function paymentsService(): Router {
  const seen = new Map<
    string,
    { request: string; status: number; body: unknown }
  >();
  const r = new Router();
  r.post('/charges', async (req) => {
    const text = await req.text();
    const key = req.header('idempotency-key');
    const first =
      key === undefined ? undefined : seen.get(key);
    if (first !== undefined) {
      if (first.request !== text) {
        return json(422, {
          error:
            'Idempotency-Key reused for another request',
        });
      }
      journal(
        'payments',
        `replayed key ${key}: ${first.status}`,
      );
      return json(first.status, first.body, {
        'idempotent-replayed': 'true',
      });
    }
    const c = JSON.parse(text) as {
      order: string;
      customer: string;
      amount: number;
    };
    let status = 402;
    let body: unknown = { error: 'card declined' };
    if (c.customer === 'cy') {
      journal(
        'payments',
        `declined ${c.customer} for ${c.order}`,
      );
    } else {
      const id = `ch-${charges.length + 1}`;
      charges.push({ id, order: c.order, refunded: false });
      journal(
        'payments',
        `charged ${c.customer} ${c.amount} for ${c.order} (${id})`,
      );
      status = 201;
      body = { id, order: c.order, amount: c.amount };
    }
    if (key !== undefined) {
      seen.set(key, { request: text, status, body });
    }
    return json(status, body);
  });
  r.post('/refunds', async (req) => {
    const { order } = await req.json<{ order: string }>();
    const due = charges.filter(
      (c) => c.order === order && !c.refunded,
    );
    for (const c of due) c.refunded = true;
    journal(
      'payments',
      due.length === 0
        ? `refunded nothing for ${order}`
        : `refunded ${due.map((c) => c.id).join(' ')} for ${order}`,
    );
    return json(200, { refunded: due.length });
  });
  return r;
}

// 各服务做过的事，用来打印检查读取的账目。
const reservations = new Map<
  string,
  { sku: string; qty: number }
>();
const charges: {
  id: string;
  order: string;
  refunded: boolean;
}[] = [];
function journal(service: string, what: string) {
  console.log(`  ${service}: ${what}`);
}
// 每个订单的步骤（预留、扣款）中没有收到回答或收到 5xx 的
// 尝试次数：这是它可以被回答 503 的理由。
const failedCalls = new Map<string, number>();
let current = '';
const countFailures: Layer = (next) => async (req) => {
  const step =
    req.method === 'PUT' || req.path === '/charges';
  const failed = () => {
    if (step) {
      failedCalls.set(
        current,
        (failedCalls.get(current) ?? 0) + 1,
      );
    }
  };
  try {
    const res = await next(req);
    if (res.status >= 500) failed();
    return res;
  } catch (e) {
    failed();
    throw e;
  }
};

// orders 与其他服务之间的网络，由本次运行的种子决定：每次尝试
// 100ms 后被切断；5% 的请求在路上被拖到那时（什么都没做）；
// 工作做完之后，15% 的回答丢失，5% 的回答来得太晚。另外，
// 各服务在做任何事之前会用 503 拒绝 10% 的请求。
function network(service: string): Layer[] {
  return [
    countFailures,
    timeout({ timeoutMs: 100, service }),
    faultInjection({
      service,
      delay: { percent: 5, ms: 1000 },
    }),
    faultInjection({
      service,
      phase: 'response',
      delay: { percent: 5, ms: 1000 },
      abort: { percent: 15, status: 503 },
    }),
  ];
}
function refusing(service: string, r: Router) {
  return compose(
    faultInjection({
      service,
      abort: { percent: 10, status: 503 },
    }),
  )(toHandler(r));
}

// 六个订单：cy 的卡总是被拒付，eve 要的袜子比店里有的还多。
const ORDERS: Order[] = (
  [
    ['o-1', 'ada', 'mug', 2, 2400],
    ['o-2', 'cy', 'mug', 1, 1200],
    ['o-3', 'bob', 'socks', 1, 800],
    ['o-4', 'dee', 'mug', 2, 2400],
    ['o-5', 'eve', 'socks', 3, 2400],
    ['o-6', 'ada', 'socks', 2, 1600],
  ] as const
).map(([id, customer, sku, qty, amount]) => ({
  id,
  customer,
  sku,
  qty,
  amount,
}));

main(async () => {
  const servers: ServerHandle[] = [];
  servers.push(
    await serve(
      'inventory',
      refusing('inventory', inventoryService()),
    ),
  );
  servers.push(
    await serve(
      'payments',
      refusing('payments', paymentsService()),
    ),
  );
  const mesh = new ServiceClient({
    endpoints: {
      inventory: [servers[0]!.url],
      payments: [servers[1]!.url],
    },
    layers: network,
    caller: 'orders',
  });
  const orders = await serve('orders', ordersService(mesh));
  servers.push(orders);

  const answers = new Map<string, string>();
  for (const o of ORDERS) {
    current = o.id;
    console.log(
      `${o.id}: ${o.customer} orders ${o.qty} ${o.sku} for ${o.amount}`,
    );
    const res = await request(`${orders.url}/orders`, {
      method: 'POST',
      json: o,
    });
    const body = (await res.text()).trim();
    console.log(`  client <- ${res.status} ${body}`);
    answers.set(o.id, String(res.status));
  }

  for (const o of ORDERS) {
    const mine = charges.filter((c) => c.order === o.id);
    console.log(
      `ledger ${o.id}: answer ${answers.get(o.id) ?? 'none'}, ` +
        `charges ${mine.length}, ` +
        `refunds ${mine.filter((c) => c.refunded).length}, ` +
        `reserved ${reservations.get(o.id)?.qty ?? 0}, ` +
        `failed tries ${failedCalls.get(o.id) ?? 0}`,
    );
  }
  await Promise.all(servers.map((s) => s.close()));
});
