import { Router, ServiceClient, json, serve } from 'gomesh';

// ---- Yours: the shop, split into services. ----
//
// Today the shop is a monolith: one service, one router, and
// maps every route reads and writes. Split it into three
// services, each owning its data:
//   users    GET /users/{id}            -> 200 user | 404
//   catalog  GET /products/{sku}        -> 200 product | 404
//            PUT /products/{sku}/price  {priceCents} -> 200
//            POST /reservations {order, sku, qty}
//                               -> 200 | 409 out of stock | 404
//            DELETE /reservations/{order} -> 200 (gives the
//                               stock back; twice is once)
//   orders   POST /orders {user, sku, qty} -> 201 order
//            | 404 unknown user or sku | 409 out of stock
//            | 502 payment failed (release the reservation)
// orders asks users and catalog over the mesh, with a
// ServiceClient created with caller: 'orders', as the shop
// already asks payments.

// shopService is the monolith: users, products and orders
// in maps of one process, read and written directly.
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

// startShop starts the shop next to payments and answers
// with the URL where POST /orders is served.
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

// ---- Given: the data and payments. The check relies on
// this part, so leave it as it is. ----

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

// What the shop starts with: a fresh copy at every call, so
// a service that changes its own copy changes nobody else's.
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

// A card pays at most this much per charge.
export const CARD_LIMIT_CENTS = 10_000;

export interface Payments {
  readonly url: string;
  // The ledger: every charge payments made, in order.
  readonly charges: readonly Charge[];
}

// payments owns the ledger. POST /charges {order, amountCents}
// with an idempotency-key header charges once per key (the
// same key again answers the same charge), and declines with
// 402 a charge over the card limit.
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
