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
import {
  TraceCollector,
  propagate,
  tracing,
} from 'gomesh/tracing';

// ---- Metrics: RED for every service. ----

// Bucket bounds in seconds: dense where most checkouts are
// (under 0.1), one at the SLO (0.2), and above the slowest
// checkout (0.4), so le="+Inf" adds nothing unexpected.
const BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1,
];

class Metrics {
  // A counter per status code: it only ever goes up.
  readonly #requests = new Map<number, number>();
  // Cumulative: #buckets[i] counts every request that
  // took at most BUCKETS[i]; le="+Inf" is #count.
  readonly #buckets = BUCKETS.map(() => 0);
  #sum = 0;
  #count = 0;

  observe(code: number, seconds: number): void {
    this.#requests.set(
      code,
      (this.#requests.get(code) ?? 0) + 1,
    );
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.#buckets[i]!++;
    });
    this.#sum += seconds;
    this.#count++;
  }

  // The Prometheus text format, families in name order.
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
      `${h}_bucket{le="+Inf"} ${this.#count}`,
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

// instrument records every request: its status code and how
// long it took, also when the handler throws (the server
// answers 500 then, and those are the errors RED is about).
function instrument(metrics: Metrics): Layer {
  return (next) => async (req) => {
    const start = now();
    let code = 500;
    try {
      const res = await next(req);
      code = res.status;
      return res;
    } finally {
      metrics.observe(code, since(start) / Second);
    }
  };
}

// ---- The shop (no need to change anything below, except
// ---- the two calls that must carry the trace on). ----

const collector = new TraceCollector();

// Each service: GET /metrics for the scraper; everything
// else traced (gomesh's tracing layer) and counted.
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

// payments charges a card: 10-89ms, 193ms when the card
// needs a fraud check, 393ms when the bank asks for 3-D
// Secure; every 8th cart finds the card network down.
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

// orders records the order, then asks payments to charge.
function ordersService(mesh: ServiceClient): Router {
  const r = new Router();
  r.post('/orders', async (req) => {
    const { cart } = await req.json<{ cart: number }>();
    await sleep(5 * Millisecond);
    const res = await mesh.request('payments', '/charges', {
      method: 'POST',
      json: { cart },
      headers: propagate(req), // the trace goes on
    });
    if (res.status !== 201) {
      return json(502, { error: 'payment failed' });
    }
    return json(201, { order: cart, paid: true });
  });
  return r;
}

// shop is the front door: POST /checkout/{cart} with a JSON
// body { card }. A body that is not JSON makes it throw.
function shopService(mesh: ServiceClient): Router {
  const r = new Router();
  r.post('/checkout/{cart}', async (req) => {
    const { card } = await req.json<{ card: string }>();
    const cart = Number(req.param('cart'));
    await sleep(2 * Millisecond);
    const res = await mesh.request('orders', '/orders', {
      method: 'POST',
      json: { cart, card },
      headers: propagate(req), // the trace goes on
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
  // The trace backend (Jaeger's role): spans as JSON and
  // as a tree.
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

  // A smoke test: three checkouts, the first one traced
  // from here (the W3C spec's example traceparent).
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
  // One trace per checkout when every hop carries it on.
  const n = collector.traceIds().length;
  console.log(`${n} traces for 3 checkouts`);
  console.log(collector.tree(traceId));
  const scrape = await request(`${shop.url}/metrics`);
  console.log(`shop's /metrics:\n${await scrape.text()}`);
  console.log(
    'ready: shop, orders, payments and traces listen',
  );
  await select({}); // serve until the program is stopped
});
