import * as time from 'gort/time';
import {
  Router,
  json,
  serve,
  type MeshResponse,
  type ServiceClient,
} from 'gomesh';

// ---- Given: the shop as step 1 left it, with catalog run
// as several replicas over one database. Your code is in
// discovery.ts; the check relies on this file, so leave it
// as it is. ----

// The registry takes a catalog replica out of discovery when
// it has not heard from it for this long.
export const TTL = 2 * time.Second;

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

// What the shop starts with: a fresh copy at every call.
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
      stock: 1000,
    },
    {
      sku: 'go-mug',
      name: 'Go mug',
      priceCents: 1250,
      stock: 1000,
    },
    {
      sku: 'tee',
      name: 'Gopher tee',
      priceCents: 2500,
      stock: 1000,
    },
  ];
}

// users owns the users.
export function usersService(): Router {
  const users = new Map(seedUsers().map((u) => [u.id, u]));
  const r = new Router();
  r.get('/users/{id}', (req) => {
    const user = users.get(req.param('id'));
    if (user === undefined) {
      return json(404, { error: 'unknown user' });
    }
    return json(200, user);
  });
  return r;
}

// catalog's database: every replica of catalog reads and
// writes this one, so stock is the same whichever replica
// answers.
export class CatalogDb {
  readonly products = new Map(
    seedProducts().map((p) => [p.sku, p]),
  );
  readonly reservations = new Map<string, Reservation>();
}

// One replica of catalog, over the database.
export function catalogService(db: CatalogDb): Router {
  const { products, reservations } = db;
  const r = new Router();
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
  r.post('/reservations', async (req) => {
    const want = await req.json<Reservation>();
    const held = reservations.get(want.order);
    if (held !== undefined) return json(200, held);
    const product = products.get(want.sku);
    if (product === undefined) {
      return json(404, { error: 'unknown sku' });
    }
    if (product.stock < want.qty) {
      return json(409, { error: 'out of stock' });
    }
    product.stock -= want.qty;
    const reservation: Reservation = {
      order: want.order,
      sku: want.sku,
      qty: want.qty,
    };
    reservations.set(want.order, reservation);
    return json(200, reservation);
  });
  r.delete('/reservations/{order}', (req) => {
    const order = req.param('order');
    const held = reservations.get(order);
    if (held !== undefined) {
      reservations.delete(order);
      const product = products.get(held.sku);
      if (product !== undefined) product.stock += held.qty;
    }
    return json(200, { order, released: held?.qty ?? 0 });
  });
  return r;
}

// orders owns the orders. It reads nothing of the others'
// data: it asks users, catalog and payments over the mesh.
export function ordersService(mesh: ServiceClient): Router {
  const orders = new Map<string, Order>();
  let placed = 0;
  const r = new Router();
  r.post('/orders', async (req) => {
    const { user, sku, qty } = await req.json<{
      user: string;
      sku: string;
      qty: number;
    }>();
    // Numbered when it arrives: orders placed at the same
    // time get different numbers.
    const id = `o-${++placed}`;
    // A network call can fail: look at the error and at the
    // status.
    const ask = async (
      service: string,
      path: string,
      init: Parameters<ServiceClient['request']>[2] = {},
    ): Promise<MeshResponse | null> => {
      try {
        return await mesh.request(service, path, init);
      } catch {
        return null;
      }
    };

    const who = await ask('users', `/users/${user}`);
    if (who?.status === 404) {
      return json(404, { error: 'unknown user' });
    }
    if (who?.status !== 200) {
      return json(502, { error: 'users unavailable' });
    }
    const item = await ask('catalog', `/products/${sku}`);
    if (item?.status === 404) {
      return json(404, { error: 'unknown sku' });
    }
    if (item?.status !== 200) {
      return json(502, { error: 'catalog unavailable' });
    }
    const { priceCents } = await item.json<Product>();

    const held = await ask('catalog', '/reservations', {
      method: 'POST',
      json: { order: id, sku, qty },
    });
    if (held?.status === 409) {
      return json(409, { error: 'out of stock' });
    }
    if (held?.status !== 200) {
      return json(502, { error: 'catalog unavailable' });
    }

    const totalCents = priceCents * qty;
    const paid = await ask('payments', '/charges', {
      method: 'POST',
      headers: { 'idempotency-key': id },
      json: { order: id, amountCents: totalCents },
    });
    if (paid?.status !== 200) {
      // Nothing was sold: give the stock back.
      await ask('catalog', `/reservations/${id}`, {
        method: 'DELETE',
      });
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

// A card pays at most this much per charge.
export const CARD_LIMIT_CENTS = 10_000;

export interface Payments {
  readonly url: string;
  // The ledger: every charge payments made, in order.
  readonly charges: readonly Charge[];
}

// payments owns the ledger: one charge per idempotency key,
// and 402 for a charge over the card limit.
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
