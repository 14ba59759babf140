import { go, main, select } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  Router,
  ServiceClient,
  compose,
  json,
  request,
  serve,
  text,
  type Handler,
  type HeaderMap,
  type MeshRequest,
  type MeshResponse,
  type ServerHandle,
} from 'gomesh';
import { MeshMetrics } from 'gomesh/metrics';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import { retry, timeout } from 'gomesh/sidecar';
import {
  TraceCollector,
  propagate,
  tracing,
} from 'gomesh/tracing';

// ---- Yours (1): RED metrics and a span for every
// request of every service. ----
// gomesh/metrics' MeshMetrics counts requests by status
// class (mesh_response_total) and times them in a
// histogram in milliseconds (mesh_response_latency_ms);
// metrics.layer records every request it wraps, also one
// that throws, and metrics.render() is the Prometheus text.
// GET /metrics is answered outside the layers: a scrape is
// not the service's traffic.
function observed(service: string, api: Router): Handler {
  const metrics = new MeshMetrics({ service });
  const handler = compose(
    metrics.layer,
    tracing({ service, collector }),
  )(api.serve);
  return (req) =>
    req.method === 'GET' && req.path === '/metrics'
      ? text(200, metrics.render(), {
          'content-type':
            'text/plain; version=0.0.4; charset=utf-8',
        })
      : handler(req);
}

// ---- Yours (2): the headers every call made while
// serving `req` carries on (gateway → orders → users,
// catalog, payments). ----
// The tracing layer put this hop's traceparent on req; the
// next hop continues the same trace with it as parent.
function carry(req: MeshRequest): HeaderMap {
  return propagate(req);
}

// ---- Yours (3): one service's SLO figures from the
// scrapes of all its instances (Prometheus text). ----
// Sum over the instances, as Prometheus' sum by (service)
// does. availability: the requests not answered with a
// 5xx (a 404 is the caller's mistake, not an outage). p99:
// histogram_quantile(0.99, ...): the rank 0.99 × count
// falls in the first bucket whose cumulative count reaches
// it; interpolate linearly between that bucket's lower
// bound (the previous le, 0 for the first) and its le.
function sloOf(
  service: string,
  scrapes: readonly string[],
): ServiceSlo {
  let requests = 0;
  let errors = 0;
  const buckets = new Map<number, number>();
  for (const body of scrapes) {
    for (const line of body.split('\n')) {
      const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
      if (m === null) continue;
      const [, name, labels, value] = m;
      const label = (key: string) =>
        new RegExp(`${key}="([^"]*)"`).exec(labels!)?.[1];
      const v = Number(value);
      if (name === 'mesh_response_total') {
        requests += v;
        if (label('status_class') === '5xx') errors += v;
      } else if (
        name === 'mesh_response_latency_ms_bucket'
      ) {
        const le = label('le');
        const bound = le === '+Inf' ? Infinity : Number(le);
        buckets.set(bound, (buckets.get(bound) ?? 0) + v);
      }
    }
  }
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const rank = 0.99 * (buckets.get(Infinity) ?? 0);
  let p99Ms = NaN;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = buckets.get(le)!;
    if (rank > 0 && count >= rank) {
      p99Ms =
        le === Infinity
          ? lower
          : lower +
            ((le - lower) * (rank - below)) /
              (count - below);
      break;
    }
    lower = le;
    below = count;
  }
  return {
    service,
    requests,
    errors,
    availability:
      requests === 0 ? 1 : 1 - errors / requests,
    p99Ms,
  };
}

// ---- Given: the shop of steps 1 to 4, the SLO report
// around your sloOf, and the bench. The check measures
// what this sends, so leave it as it is. ----

interface ServiceSlo {
  service: string;
  requests: number;
  errors: number;
  availability: number;
  p99Ms: number;
}

// The checkout's SLO, measured at the gateway.
const OBJECTIVE = { availability: 0.99, p99Ms: 250 };

// Where spans go (the trace backend's store).
const collector = new TraceCollector();

interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

// users owns the users (3ms a lookup).
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

// The catalog's database, which its replicas share.
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

// One replica of catalog: 4ms a request.
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

// payments owns the ledger, which its replicas share; a
// key is claimed before the bank is called. The bank takes
// 20ms, 180ms when the card asks for 3-D Secure (1 charge
// in 12); the card network is down for 1 order in 40.
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

// orders owns the orders. Step 4: its calls have deadlines
// and retries; a POST carries a key (the order), so orders
// sends it again itself when it fails.
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

// gateway: the front door. Outside traffic enters here.
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

// Step 2: an instance registers with a 3s TTL and beats
// every second, until quiet() ends the beats.
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

// The SLO report: scrape every instance of every service
// (as Prometheus does), then your sloOf for each service.
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
  // The error budget: the failures the objective allows
  // over these requests, and how much of it is left.
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
  // The trace backend (Jaeger's role): spans as JSON.
  const traces = new Router();
  traces.get('/api/traces/{id}', (req) =>
    json(200, { spans: collector.spans(req.param('id')) }),
  );
  await serve('traces', traces);
  // The SLO report, for a dashboard (and the check).
  const slo = new Router();
  slo.get('/slo', async () =>
    json(200, await sloReport(instances)),
  );
  await serve('slo', slo);

  // The bench: 300 orders, one every 50ms; every 25th is
  // for a user nobody knows.
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

  // Nothing is left to time (no watches, no heartbeats);
  // serve until stopped: the check sends a traced order and
  // reads GET /slo.
  for (const c of [...clients, shoppers]) c.close();
  for (const q of quiet) q();
  console.log('ready: GET /slo on the slo service');
  await select({});
});
