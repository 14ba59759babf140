import { main } from 'gort';
import {
  Router,
  ServiceClient,
  json,
  listenAndServe,
  serve,
} from 'gomesh';

interface User {
  id: number;
  name: string;
}

interface Product {
  id: number;
  name: string;
  price: number; // in cents
}

interface Order {
  id: number;
  userId: number;
  productId: number;
  quantity: number;
  total: number; // in cents
}

// parseId is strconv.Atoi for an id in a path: an optional sign
// and decimal digits, nothing else; -1 when it is not a number.
function parseId(raw: string): number {
  return /^[+-]?\d+$/.test(raw) ? Number(raw) : -1;
}

// ---- users: owns the users. ----
function usersService(): Router {
  const users: User[] = [
    { id: 1, name: 'Ada' },
    { id: 2, name: 'Grace' },
  ];
  const r = new Router();
  r.get('/users/{id}', (req) => {
    const id = parseId(req.param('id'));
    const user = users.find((u) => u.id === id);
    if (user === undefined) {
      return json(404, { error: 'user not found' });
    }
    return json(200, user);
  });
  return r;
}

// The monolith's data, shared by everyone: catalog owns it, but
// orders reads it too. TODO: move it into catalogService.
const products = new Map<number, Product>([
  [1, { id: 1, name: 'Gopher mug', price: 1200 }],
  [2, { id: 2, name: 'Channel socks', price: 800 }],
]);

// ---- catalog: owns the products. ----
function catalogService(): Router {
  const r = new Router();
  r.get('/products/{id}', (req) => {
    const product = products.get(parseId(req.param('id')));
    if (product === undefined) {
      return json(404, { error: 'product not found' });
    }
    return json(200, product);
  });
  r.put('/products/{id}/price', async (req) => {
    const product = products.get(parseId(req.param('id')));
    if (product === undefined) {
      return json(404, { error: 'product not found' });
    }
    const { price } = await req.json<{ price: number }>();
    product.price = price;
    return json(200, product);
  });
  return r;
}

// ---- orders: owns the orders. ----
function ordersService(mesh: ServiceClient): Router {
  void mesh; // not used yet: orders still reads the map
  const orders: Order[] = [];
  const r = new Router();
  r.post('/orders', async (req) => {
    const { userId, productId, quantity } = await req.json<{
      userId: number;
      productId: number;
      quantity: number;
    }>();
    // TODO: ask the catalog over HTTP with mesh.get('catalog', ...)
    // instead of reading its map, and handle its errors.
    const product = products.get(productId);
    if (product === undefined) {
      return json(422, { error: 'unknown product' });
    }
    const order: Order = {
      id: orders.length + 1,
      userId,
      productId,
      quantity,
      total: product.price * quantity,
    };
    orders.push(order);
    return json(201, order);
  });
  r.get('/orders/{id}', (req) => {
    const id = parseId(req.param('id'));
    const order = orders.find((o) => o.id === id);
    if (order === undefined) {
      return json(404, { error: 'order not found' });
    }
    return json(200, order);
  });
  return r;
}

main(async () => {
  // Three services, each on its own port (any free one).
  await serve('users', usersService());
  const catalog = await serve('catalog', catalogService());
  // orders reaches the catalog only through the mesh's client,
  // and says who is calling (the traffic view shows the edge).
  const mesh = new ServiceClient({
    endpoints: { catalog: [catalog.url] },
    caller: 'orders',
  });
  await listenAndServe(':0', ordersService(mesh), {
    name: 'orders',
  });
});
