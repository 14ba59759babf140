import { main, select } from 'gort';
import {
  Millisecond,
  Second,
  now,
  since,
  sleep,
} from 'gort/time';
import {
  Router,
  ServiceClient,
  compose,
  json,
  request,
  serve,
  text,
  type Handler,
  type Layer,
} from 'gomesh';
import { TraceCollector, tracing } from 'gomesh/tracing';

// ---- 指标：每个服务的 RED。 ----

// 桶的上界，单位是秒。
const BUCKETS = [0.005, 0.01, 0.025, 0.05];

class Metrics {
  // 每个状态码一个计数器：它只会增加。
  readonly #requests = new Map<number, number>();
  // 每个桶里落了多少个请求。
  readonly #buckets = BUCKETS.map(() => 0);
  #sum = 0;
  #count = 0;

  observe(code: number, seconds: number): void {
    this.#requests.set(
      code,
      (this.#requests.get(code) ?? 0) + 1,
    );
    // 这个请求落进的那一个桶。
    const i = BUCKETS.findIndex((le) => seconds <= le);
    if (i >= 0) this.#buckets[i]!++;
    this.#sum += seconds;
    this.#count++;
  }

  // Prometheus 文本格式，指标族按名字排序。
  render(): string {
    const h = 'http_request_duration_seconds';
    const lines = [
      `# HELP ${h} How long requests took, in seconds.`,
      `# TYPE ${h} histogram`,
    ];
    BUCKETS.forEach((le, i) => {
      lines.push(
        `${h}_bucket{le="${le}"} ${this.#buckets[i]}`,
      );
    });
    lines.push(
      `${h}_sum ${this.#sum}`,
      `${h}_count ${this.#count}`,
      '# HELP http_requests_total Requests answered, by status code.',
      '# TYPE http_requests_total counter',
    );
    const codes = [...this.#requests.keys()].sort(
      (a, b) => a - b,
    );
    for (const code of codes) {
      lines.push(
        `http_requests_total{code="${code}"} ${this.#requests.get(code)}`,
      );
    }
    return lines.join('\n') + '\n';
  }
}

// instrument 记录每一个请求：它的状态码和耗时。
function instrument(metrics: Metrics): Layer {
  return (next) => async (req) => {
    const start = now();
    const res = await next(req);
    metrics.observe(res.status, since(start) / Second);
    return res;
  };
}

// ---- 商店。下面的代码无需修改，只有两处调用别的服务的地方
// ---- 除外：shop -> orders 和 orders -> payments。 ----

const collector = new TraceCollector();

// 每个服务：GET /metrics 留给抓取者；其余请求都经过链路追踪
// （gomesh 的 tracing 中间层）并被统计。
function observed(service: string, api: Router): Handler {
  const metrics = new Metrics();
  const handler = compose(
    tracing({ service, collector }),
    instrument(metrics),
  )(api.serve);
  return (req) =>
    req.path === '/metrics'
      ? text(200, metrics.render(), {
          'content-type':
            'text/plain; version=0.0.4; charset=utf-8',
        })
      : handler(req);
}

// payments 负责扣款：一般 10-89ms，需要风控检查时 193ms，
// 银行要求 3-D Secure 验证时 393ms；每第 8 个购物车会碰上
// 卡组织网络故障。
function paymentsService(): Router {
  const r = new Router();
  r.post('/charges', async (req) => {
    const { cart } = await req.json<{ cart: number }>();
    if (cart % 8 === 0) {
      await sleep(5 * Millisecond);
      return json(503, { error: 'card network down' });
    }
    let work = 10 + ((cart * 37) % 80);
    if (cart % 10 === 0) work = 193;
    if (cart % 12 === 5) work = 393;
    await sleep(work * Millisecond);
    return json(201, { charge: `ch-${cart}` });
  });
  return r;
}

// orders 记下订单，然后请 payments 扣款。
function ordersService(mesh: ServiceClient): Router {
  const r = new Router();
  r.post('/orders', async (req) => {
    const { cart } = await req.json<{ cart: number }>();
    await sleep(5 * Millisecond);
    const res = await mesh.request('payments', '/charges', {
      method: 'POST',
      json: { cart },
    });
    if (res.status !== 201) {
      return json(502, { error: 'payment failed' });
    }
    return json(201, { order: cart, paid: true });
  });
  return r;
}

// shop 是入口：POST /checkout/{cart}，请求体是 JSON { card }。
// 请求体不是 JSON 时它会抛出异常。
function shopService(mesh: ServiceClient): Router {
  const r = new Router();
  r.post('/checkout/{cart}', async (req) => {
    const { card } = await req.json<{ card: string }>();
    const cart = Number(req.param('cart'));
    await sleep(2 * Millisecond);
    const res = await mesh.request('orders', '/orders', {
      method: 'POST',
      json: { cart, card },
    });
    return json(res.status, await res.json());
  });
  return r;
}

main(async () => {
  const payments = await serve(
    'payments',
    observed('payments', paymentsService()),
  );
  const orders = await serve(
    'orders',
    observed(
      'orders',
      ordersService(
        new ServiceClient({
          endpoints: { payments: [payments.url] },
          caller: 'orders',
        }),
      ),
    ),
  );
  // 链路后端（相当于 Jaeger）：以 JSON 和树的形式给出 span。
  const traces = new Router();
  traces.get('/api/traces/{id}', (req) =>
    json(200, { spans: collector.spans(req.param('id')) }),
  );
  traces.get('/traces/{id}', (req) =>
    text(200, collector.tree(req.param('id')) + '\n'),
  );
  await serve('traces', traces);
  const shop = await serve(
    'shop',
    observed(
      'shop',
      shopService(
        new ServiceClient({
          endpoints: { orders: [orders.url] },
          caller: 'shop',
        }),
      ),
    ),
  );

  // 冒烟测试：三次结账，第一次从这里开始追踪（用 W3C 规范里
  // 示例的 traceparent）。
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  for (const cart of [1, 2, 3]) {
    const res = await request(
      `${shop.url}/checkout/${cart}`,
      {
        method: 'POST',
        json: { card: 'visa' },
        headers:
          cart === 1
            ? {
                traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
              }
            : {},
      },
    );
    console.log(`checkout ${cart}: ${res.status}`);
  }
  // 每一跳都把链路传下去时，每次结账正好一条链路。
  const n = collector.traceIds().length;
  console.log(`${n} traces for 3 checkouts`);
  console.log(collector.tree(traceId));
  const scrape = await request(`${shop.url}/metrics`);
  console.log(`shop's /metrics:\n${await scrape.text()}`);
  console.log(
    'ready: shop, orders, payments and traces listen',
  );
  await select({}); // 一直服务，直到程序被停止
});
