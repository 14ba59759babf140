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

// ---- Yours: how orders balances its calls to catalog. ----
// ServiceClient's `balancer` (gomesh/balancer):
//   'round-robin'    each replica in turn
//   'random'         any replica, uniformly
//   'least-request'  two replicas at random; the one with
//                    fewer requests in flight
//   'peak-ewma'      two replicas at random; the one with the
//                    lower cost: its latency (a moving average
//                    that jumps up to every slower answer)
//                    times (its requests in flight + 1)
// or () => a Balancer of your own: new PeakEwma({ ... })
// takes options (decayMs, defaultRttMs), and pickTwo helps
// to write your own.
// Round robin sends catalog-3 its third of the calls even
// after it turns slow. Try each one and read what the bench
// prints: the p99 of orders and each replica's share.
const catalogBalancer: ServiceClientOptions['balancer'] =
  'round-robin';

// ---- Given: the shop of steps 1 and 2 and the bench. The
// check measures what this sends, so leave it as it is. ----

interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

// users owns the users.
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

// The catalog's database, which its replicas share: the
// products and the stock each order holds.
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

// One replica of catalog: 4ms of work per request, plus
// `extraMs()`, how much slower than usual it is right now.
// `calls` counts the requests it served.
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

// payments owns the ledger. A key it has seen gets the same
// charge again, never a second one.
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

// orders owns the orders. It finds the others through the
// registry: `catalog` with your balancer, `others` (users,
// payments) with round robin.
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

// gateway: the front door. Outside traffic enters here.
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

// Park and Miller's minimal standard, in [0, 1).
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// The bench: 1200 orders at the gateway, 5 to 15ms apart
// (about 100 a second). After the 400th, catalog-3's disk
// starts failing and each of its answers takes 300ms more.
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
  // Step 2: every instance registers with a 3s TTL and
  // heartbeats; closing it deregisters it.
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
