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

// ---- orders: the saga. This is your part. ----

interface Order {
  id: string;
  customer: string;
  sku: string;
  qty: number;
  amount: number; // in cents
}

const TRIES = 3;

// call sends a request to a service and sends it again, up to
// TRIES times, while no answer comes back (lost, too late) or
// the answer is a 5xx. It returns the last answer, or null when
// none came back: then the request may or may not have been
// done.
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

// undo runs a compensation: it must happen, so it is sent until
// the service answers it. That is safe because a compensation is
// idempotent: releasing or refunding twice does it once.
async function undo(
  mesh: ServiceClient,
  service: string,
  path: string,
  init: CallOptions,
): Promise<void> {
  for (;;) {
    const res = await call(mesh, service, path, init);
    if (res !== null && res.status < 500) return;
    await time.sleep(100 * time.Millisecond);
  }
}

// placeOrder is the saga: reserve the stock, then charge. Each
// step that may have happened is undone when a later one fails,
// in reverse order: refund, then release.
async function placeOrder(
  mesh: ServiceClient,
  o: Order,
): Promise<MeshResponse> {
  const release = () =>
    undo(mesh, 'inventory', `/reservations/${o.id}`, {
      method: 'DELETE',
    });

  // PUT is idempotent: reserving o.id twice reserves it once.
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
    await release(); // it may have been reserved
    return json(503, {
      error: 'inventory unavailable: nothing reserved',
    });
  }

  // POST is not: the key tells payments that every try is the
  // same charge, so a retry after a lost answer gets the first
  // answer instead of a second charge.
  const charged = await call(mesh, 'payments', '/charges', {
    method: 'POST',
    headers: { 'Idempotency-Key': `charge-${o.id}` },
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
    await release(); // payments said no: nothing to refund
    return json(402, { error: 'card declined' });
  }
  // No answer, or a 5xx after an answer may have been lost: the
  // charge may have happened. Undo in reverse order.
  await undo(mesh, 'payments', '/refunds', {
    method: 'POST',
    json: { order: o.id },
  });
  await release();
  return json(503, {
    error: 'payments unavailable: nothing charged',
  });
}

function ordersService(mesh: ServiceClient): Router {
  const r = new Router();
  r.post('/orders', async (req) =>
    placeOrder(mesh, await req.json<Order>()),
  );
  return r;
}

// ---- The shop: no need to change anything below. ----

// inventory owns the stock. PUT /reservations/{order} reserves
// (201; 200 when that order already holds it; 409 when there is
// not enough), DELETE /reservations/{order} releases (200, also
// when nothing was reserved).
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

// payments owns the money. POST /charges charges (201; 402 when
// the card is declined) and, with an Idempotency-Key, answers a
// key it has seen with the first answer (Stripe's behaviour).
// POST /refunds refunds whatever an order was charged (200).
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

// What the services did, for the ledger the check reads.
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
// The tries of each order's steps (reserve, charge) that got no
// answer or a 5xx: the reasons it may be answered 503.
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

// The network between orders and the others, decided by the
// run's seed: each try is cut off after 100ms; 5% of requests
// are held up on the way there until then (nothing done); after
// the work is done, 15% of answers are lost and 5% come too late.
// And the services refuse 10% of requests with a 503 before
// doing anything.
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

// Six orders: cy's card is always declined, and eve asks for
// more socks than the shop has.
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
