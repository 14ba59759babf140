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

// ---- Yours (1): how orders' calls to payments are protected.
// The layers each call to payments goes through, outermost
// first (gomesh/sidecar):
//   timeout({ timeoutMs, service })  a deadline for the call,
//       sent on to payments (x-mesh-deadline-ms); at the
//       deadline the call throws
//   outlierEjection({ consecutive5xx, baseEjectionMs,
//       maxEjectionPercent, service })  takes a replica that
//       failed that many times in a row out of the rotation
//       for baseEjectionMs (30s by default); never more than
//       maxEjectionPercent% of the replicas at once (default
//       50: one of three)
// A healthy replica answers in 3ms. This gives each call a
// whole second, and nothing else.
function paymentsLayers(service: string): Layer[] {
  return [timeout({ timeoutMs: 1000, service })];
}

// ---- Yours (2): charge an order whose stock is reserved,
// and answer the order. ----
// The mesh never retries a POST for you (it may have had its
// effect): a charge that failed is tried again only if you
// do it here, and only an Idempotency-Key header that is the
// same on every try makes that safe (payments answers a key
// it has seen with the charge it already made). RetryBudget
// (gomesh/sidecar: deposit() per charge, tryWithdraw() per
// retry) keeps retries to a share of the charges. payments
// answers 402 Payment Required when it declines the card:
// that answer is final (a retry only gets the same 402), so
// answer the order 402 and try no more. Whenever the charge
// fails, release(mesh, o.order) gives the stock back.
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

// ---- Given: the shop of steps 1 to 3 and the bench. The
// check measures what this sends, so leave it as it is. ----

interface Clients {
  users: ServiceClient;
  catalog: ServiceClient;
  payments: ServiceClient;
}

// An order whose stock is reserved, to be paid.
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

// release gives an order's stock back. DELETE is idempotent,
// so it is sent until catalog answers.
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
      // Try again.
    }
    await time.sleep(10 * time.Millisecond);
  }
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

// One replica of catalog: 4ms of work per request.
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

// The payments ledger, which its replicas share, and the
// cards its bank declines: Linus's (u3). A key it has seen
// gets the answer it already gave (the charge it made, or
// the decline), never a second charge.
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

// One replica of payments. pay-1 is healthy (3ms). pay-2 waits
// for a database connection that never comes and answers 503
// only 1ms after its caller's deadline (x-mesh-deadline-ms),
// charging nothing. pay-3 makes the charge, and then one time
// in five its connection resets before it answers: 503.
// Every replica that answers declines Linus's card: 402
// Payment Required, which no retry changes.
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

// orders owns the orders: it checks the user, prices and
// reserves the stock at catalog, then leaves the charge to
// your `charge`.
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

// What the services' own state says: payments' ledger and
// catalog's reservations, order by order.
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

// The bench: 1040 orders at the gateway, 5 to 15ms apart
// (about 100 a second). Ada and Grace take turns; every 26th
// order is Linus's (40 of them), whose card is declined.
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
    // Step 3: peak EWMA for catalog.
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
