import { go, main, select } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  Router,
  ServiceClient,
  json,
  request,
  serve,
  type Handler,
  type HeaderMap,
  type MeshRequest,
  type MeshResponse,
  type ServerHandle,
} from 'gomesh';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import { retry, timeout } from 'gomesh/sidecar';
import { TraceCollector } from 'gomesh/tracing';

// ---- 你来写 (1)：每个服务的每个请求都要有 RED 指标和
// 一个 span。 ----
// gomesh/metrics 的 MeshMetrics 按状态码类别统计请求
// （mesh_response_total），并把耗时以毫秒记进直方图
// （mesh_response_latency_ms）；metrics.layer 记录它包住的
// 每个请求，抛出异常的也记，metrics.render() 输出
// Prometheus 文本格式。gomesh/tracing 的
// tracing({ service, collector }) 为每个请求开一个 span，
// 记进 `collector`。GET /metrics 要在这些中间层之外回答：
// 抓取不算服务的业务流量。现在这个版本直接提供 API：
// 没有指标，没有 span，GET /metrics 也找不到。
//（`_service`：这个版本还没用到服务名。）
function observed(_service: string, api: Router): Handler {
  return api.serve;
}

// ---- 你来写 (2)：处理 `req` 时发出的每个调用都要带上的
// 请求头（gateway → orders → users、catalog、payments）。 ----
// tracing 中间层已把这一跳的 traceparent 放在 req 上
// （gomesh/tracing 的 propagate(req) 把它作为请求头返回）。
// 现在这个版本什么也不带，所以每一跳都各自开了一条新链路。
function carry(_req: MeshRequest): HeaderMap {
  return {};
}

// ---- 你来写 (3)：根据一个服务所有实例的抓取结果
// （Prometheus 文本）算出它的 SLO 数据。 ----
// 请求数和错误数（5xx）在各实例之间求和，
// 可用性 = 1 − 错误数 / 请求数，p99 则像
// histogram_quantile(0.99, ...) 那样从累积桶
// （mesh_response_latency_ms_bucket，le 以毫秒计）估算。
// 现在这个版本只读第一个实例，把所有非 2xx 的回答都
// 算作错误，还把平均延迟（_sum / _count）当作 p99。
function sloOf(
  service: string,
  scrapes: readonly string[],
): ServiceSlo {
  const lines = (scrapes[0] ?? '').split('\n');
  const total = (prefix: string) =>
    lines
      .filter((l) => l.startsWith(prefix))
      .reduce(
        (sum, l) => sum + Number(l.split(' ').pop()),
        0,
      );
  const requests = total('mesh_response_total{');
  const ok = lines
    .filter(
      (l) =>
        l.startsWith('mesh_response_total{') &&
        l.includes('status_class="2xx"'),
    )
    .reduce(
      (sum, l) => sum + Number(l.split(' ').pop()),
      0,
    );
  const sum = total('mesh_response_latency_ms_sum{');
  return {
    service,
    requests,
    errors: requests - ok,
    availability: requests === 0 ? 1 : ok / requests,
    p99Ms: requests === 0 ? NaN : sum / requests,
  };
}

// ---- 给定部分：第 1 到 4 步的商店、围绕你的 sloOf 的
// SLO 报告，以及测试台。检查会测量这里发出的请求，
// 请保持原样。 ----

interface ServiceSlo {
  service: string;
  requests: number;
  errors: number;
  availability: number;
  p99Ms: number;
}

// 结账的 SLO，在 gateway 处测量。
const OBJECTIVE = { availability: 0.99, p99Ms: 250 };

// span 的去处（链路后端的存储）。
const collector = new TraceCollector();

interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
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
const products = new Map<string, Product>(
  (
    [
      ['gopher-plush', 'Gopher plush', 1999],
      ['go-mug', 'Go mug', 1250],
      ['tee', 'Go tee', 2500],
    ] as const
  ).map(([sku, name, priceCents]) => [
    sku,
    { sku, name, priceCents, stock: 1000 },
  ]),
);
const reservations = new Map<
  string,
  { sku: string; qty: number }
>();

// catalog 的一个副本：每个请求 4ms。
function catalogReplica(): Router {
  const r = new Router();
  r.get('/products/{sku}', async (req) => {
    await time.sleep(4 * time.Millisecond);
    const p = products.get(req.param('sku'));
    return p === undefined
      ? json(404, { error: 'product not found' })
      : json(200, p);
  });
  r.post('/reservations', async (req) => {
    await time.sleep(4 * time.Millisecond);
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
    await time.sleep(4 * time.Millisecond);
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

// payments 拥有账本，它的副本共用；调用银行之前先占住
// 幂等键。银行耗时 20ms，卡片要求 3-D Secure 验证时 180ms
// （每 12 笔扣款有 1 笔）；每 40 个订单有 1 个碰上卡组织
// 网络故障。
const byKey = new Map<string, Promise<object>>();
let charges = 0;
function paymentsReplica(): Router {
  const r = new Router();
  r.post('/charges', async (req) => {
    const key = req.header('idempotency-key') ?? '';
    const { order, amountCents } = await req.json<{
      order: string;
      amountCents: number;
    }>();
    if (Number(order.slice(2)) % 40 === 0) {
      await time.sleep(5 * time.Millisecond);
      return json(503, { error: 'card network down' });
    }
    let charge = byKey.get(key);
    if (charge === undefined) {
      const n = ++charges;
      charge = (async () => {
        await time.sleep(
          (n % 12 === 0 ? 180 : 20) * time.Millisecond,
        );
        return { charge: `ch-${n}`, order, amountCents };
      })();
      byKey.set(key, charge);
    }
    return json(200, await charge);
  });
  return r;
}

// orders 拥有订单数据。第 4 步：它的调用有截止时间和
// 重试；POST 带着键（订单号），失败时由 orders 自己重发。
function ordersService(
  catalog: ServiceClient,
  payments: ServiceClient,
  users: ServiceClient,
): Router {
  let n = 0;
  const keyed = async (
    req: MeshRequest,
    client: ServiceClient,
    service: string,
    path: string,
    body: unknown,
    key: string,
  ): Promise<MeshResponse> => {
    let res!: MeshResponse;
    for (let i = 0; i < 3; i++) {
      res = await client.request(service, path, {
        method: 'POST',
        headers: { ...carry(req), 'idempotency-key': key },
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
    const u = await users.get('users', `/users/${user}`, {
      headers: carry(req),
    });
    if (u.status === 404) {
      return json(404, { error: 'unknown user' });
    }
    const p = await catalog.get(
      'catalog',
      `/products/${sku}`,
      {
        headers: carry(req),
      },
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
    const held = await keyed(
      req,
      catalog,
      'catalog',
      '/reservations',
      { order, sku, qty },
      `reserve-${order}`,
    );
    if (held.status === 409) {
      return json(409, { error: 'out of stock' });
    }
    const totalCents = priceCents * qty;
    const paid =
      held.status === 200
        ? await keyed(
            req,
            payments,
            'payments',
            '/charges',
            { order, amountCents: totalCents },
            `charge-${order}`,
          )
        : held;
    if (paid.status !== 200) {
      await catalog.request(
        'catalog',
        `/reservations/${order}`,
        { method: 'DELETE', headers: carry(req) },
      );
      return json(502, { error: 'payment failed' });
    }
    return json(201, { order, user, sku, qty, totalCents });
  });
  return r;
}

// gateway：前门。外部流量从这里进来。
function gatewayService(orders: ServiceClient): Router {
  const r = new Router();
  r.post('/api/orders', async (req) => {
    const res = await orders.request('orders', '/orders', {
      method: 'POST',
      headers: carry(req),
      json: await req.json(),
    });
    return json(res.status, await res.json());
  });
  return r;
}

// 第 2 步：实例以 3s 的 TTL 注册，每秒发一次心跳，直到
// quiet() 让心跳停下。
const TTL = 3 * time.Second;
async function register(
  registry: RegistryClient,
  server: ServerHandle,
): Promise<() => void> {
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
  return () => {
    alive = false;
  };
}

// SLO 报告：像 Prometheus 那样抓取每个服务的每个实例，
// 再对每个服务调用你的 sloOf。
const SERVICES = [
  'gateway',
  'orders',
  'users',
  'catalog',
  'payments',
] as const;
async function sloReport(
  instances: ReadonlyMap<string, string[]>,
) {
  const services: ServiceSlo[] = [];
  for (const name of SERVICES) {
    const scrapes: string[] = [];
    for (const url of instances.get(name) ?? []) {
      const res = await request(`${url}/metrics`);
      scrapes.push(
        res.status === 200 ? await res.text() : '',
      );
    }
    services.push(sloOf(name, scrapes));
  }
  const checkout = services[0]!;
  // 错误预算：目标在这些请求上允许的失败数，以及还剩
  // 多少。
  const allowed =
    (1 - OBJECTIVE.availability) * checkout.requests;
  return {
    objective: OBJECTIVE,
    services,
    checkout: {
      met:
        checkout.availability >= OBJECTIVE.availability &&
        checkout.p99Ms <= OBJECTIVE.p99Ms,
      budgetLeft:
        allowed === 0 ? 1 : 1 - checkout.errors / allowed,
    },
  };
}

function printReport(
  r: Awaited<ReturnType<typeof sloReport>>,
) {
  console.log('service   requests  errors  avail     p99');
  for (const s of r.services) {
    console.log(
      `${s.service.padEnd(9)} ${String(s.requests).padStart(8)}` +
        ` ${String(s.errors).padStart(7)}` +
        ` ${(100 * s.availability).toFixed(2).padStart(6)}%` +
        ` ${(Number.isNaN(s.p99Ms) ? 'NaN' : s.p99Ms.toFixed(1) + 'ms').padStart(8)}`,
    );
  }
  console.log(
    `checkout SLO (${100 * r.objective.availability}%, p99 ` +
      `${r.objective.p99Ms}ms): ${r.checkout.met ? 'met' : 'missed'}, ` +
      `error budget left ${(100 * r.checkout.budgetLeft).toFixed(0)}%`,
  );
}

const ORDERS = 300;
const SKUS = ['gopher-plush', 'go-mug', 'tee'];

main(async () => {
  const reg = await startRegistry();
  const registry = new RegistryClient(reg.url);
  const instances = new Map<string, string[]>();
  const quiet: (() => void)[] = [];
  const start = async (name: string, api: Router) => {
    const server = await serve(name, observed(name, api));
    instances.set(name, [
      ...(instances.get(name) ?? []),
      server.url,
    ]);
    quiet.push(await register(registry, server));
    return server;
  };
  const layers = (perTryTimeoutMs?: number) => () => [
    timeout({ timeoutMs: 1000 }),
    retry({
      maxRetries: 2,
      ...(perTryTimeoutMs ? { perTryTimeoutMs } : {}),
    }),
  ];
  const client = (caller: string, perTryMs?: number) =>
    new ServiceClient({
      registry: reg.url,
      caller,
      layers: layers(perTryMs),
    });
  const clients = [
    client('orders', 100),
    client('orders'),
    client('orders'),
    client('gateway'),
  ] as const;
  const [toCatalog, toPayments, toUsers, toOrders] =
    clients;
  await start('users', usersService());
  await start('catalog', catalogReplica());
  await start('catalog', catalogReplica());
  await start('payments', paymentsReplica());
  await start('payments', paymentsReplica());
  await start(
    'orders',
    ordersService(toCatalog, toPayments, toUsers),
  );
  const gateway = await start(
    'gateway',
    gatewayService(toOrders),
  );
  // 链路后端（相当于 Jaeger）：以 JSON 给出 span。
  const traces = new Router();
  traces.get('/api/traces/{id}', (req) =>
    json(200, { spans: collector.spans(req.param('id')) }),
  );
  await serve('traces', traces);
  // SLO 报告，给仪表盘（和检查）用。
  const slo = new Router();
  slo.get('/slo', async () =>
    json(200, await sloReport(instances)),
  );
  await serve('slo', slo);

  // 测试台：300 个订单，每 50ms 一个；每第 25 个订单的
  // 用户谁也不认识。
  const shoppers = new ServiceClient({
    endpoints: { gateway: [gateway.url] },
    caller: 'shoppers',
  });
  const wg = new WaitGroup();
  for (let i = 0; i < ORDERS; i++) {
    await time.sleep(50 * time.Millisecond);
    wg.go(async () => {
      const res = await shoppers.request(
        'gateway',
        '/api/orders',
        {
          method: 'POST',
          json: {
            user: i % 25 === 24 ? 'u4' : `u${1 + (i % 3)}`,
            sku: SKUS[i % 3],
            qty: 1,
          },
        },
      );
      await res.text();
    });
  }
  await wg.wait();
  console.log(`${ORDERS} orders sent`);
  printReport(await sloReport(instances));

  // 不再有需要计时的东西（没有监视，也没有心跳）；
  // 一直提供服务直到被停止：检查会发一个带链路的订单，
  // 并读取 GET /slo。
  for (const c of [...clients, shoppers]) c.close();
  for (const q of quiet) q();
  console.log('ready: GET /slo on the slo service');
  await select({});
});
