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

// ---- Yours: one configuration for the whole shop. ----
// frontDoor  the gateway's token bucket: ratePerSec, burst,
//            and how many requests may wait for a token
//            (queue); a request that would wait longer is
//            shed at once: 429 with Retry-After.
// catalog, payments  how orders calls them:
//   balancer   'round-robin' | 'random' | 'least-request'
//              | 'peak-ewma'
//   timeoutMs  one deadline per call, its retries included
//   retry      { maxRetries, perTryTimeoutMs } (the retry
//              layer keeps a budget of 20% + 10/s)
//   outlier    { consecutive5xx, baseEjectionMs }
// orders can hold 4 orders at once (its database pool):
// about 125 orders a second. The front door admits 100/s,
// twice the normal load, with a queue of at most 100ms, so
// a burst is shed instead of piling up in orders. Catalog
// answers in 4ms: a try still waiting after 50ms is on the
// slow replica (or a crashed one), so it is cut off,
// retried elsewhere, and two such tries in a row eject it.
// Payments answers in 20ms: a failed charge is tried again
// (with its idempotency key), on the next replica in turn.
const config: Config = {
  frontDoor: { ratePerSec: 40, burst: 5, queue: 4 },
  catalog: {
    balancer: 'peak-ewma',
    timeoutMs: 500,
    retry: { maxRetries: 2, perTryTimeoutMs: 50 },
    outlier: { consecutive5xx: 2, baseEjectionMs: 10_000 },
  },
  payments: {
    balancer: 'round-robin',
    timeoutMs: 500,
    retry: { maxRetries: 3, perTryTimeoutMs: 100 },
    outlier: { consecutive5xx: 3, baseEjectionMs: 10_000 },
  },
};

// ---- Given: the shop of steps 1 to 5 and the chaos
// schedule. The check measures what this sends and reads
// the ledger and the stock, so leave it as it is. ----

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

// The layers of orders' calls to `service`, from config.
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

// The front door (the rate-limiting lesson's lab): a token
// bucket whose waiting line holds at most `queue` requests.
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
// Orders whose reservation was released: a late try of
// their reservation must not take the stock again.
const released = new Set<string>();

// One replica of catalog: 4ms a request, plus `extraMs()`.
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

// payments owns the ledger, which its replicas share. A key
// is claimed before the bank is called, so a second try
// with the same key waits for the first one's charge and
// never charges again. `fails()` says whether this replica
// fails the call now (before it charges).
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
        await time.sleep(20 * time.Millisecond); // the bank
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
  // The ledger, for the check's audit.
  r.get('/ledger', () => json(200, ledger));
  return r;
}

// orders owns the orders. An order holds one of its 4
// database connections from start to end.
const POOL = 4;
function ordersService(
  catalog: ServiceClient,
  payments: ServiceClient,
  users: ServiceClient,
): Router {
  const pool = chan<number>(POOL, 0);
  let n = 0;
  // A POST is never retried by the retry layer (it may have
  // had its effect). These two carry a key (the order), so
  // orders sends them again itself, as often as the retry
  // layer would, each try with the layers' deadlines.
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

// gateway: the front door. Outside traffic enters here.
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

// Step 2: an instance registers with a 3s TTL and beats
// every second. A crash ends the beats without leaving:
// the registry drops the instance when its TTL runs out.
const TTL = 3 * time.Second;
interface Instance {
  server: ServerHandle;
  // A crash: the beats end and the server is gone.
  crash(): Promise<void>;
  // The beats end; the server goes on answering.
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
      alive = false; // the next beat never comes
      await server.close();
    },
    quiet: () => {
      alive = false;
    },
  };
}

// The chaos schedule: 20 orders a second, open loop (an
// order every 50ms whether or not the last one was
// answered), and one fault per phase.
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
  let at = 0; // ms since t0
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

  // Stop the clients' watches and the heartbeats (nothing
  // is left to time), then serve until stopped: the check
  // reads payments' ledger and catalog's stock.
  for (const c of clients) c.close();
  for (const i of instances) i.quiet();
  console.log(
    'ready: the audit may read the ledger and stock',
  );
  await select({});
});
