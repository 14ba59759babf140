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
  price: number; // 单位：分
}

interface Order {
  id: number;
  userId: number;
  productId: number;
  quantity: number;
  total: number; // 单位：分
}

// parseId 相当于对路径里的 id 调用 strconv.Atoi：可选的符号加十进制数字，
// 别的都不行；不是数字时返回 -1。
function parseId(raw: string): number {
  return /^[+-]?\d+$/.test(raw) ? Number(raw) : -1;
}

// ---- users：拥有用户数据。----
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

// 单体留下的共享数据：它归 catalog 所有，但 orders 也在直接读。
// TODO：把它搬进 catalogService。
const products = new Map<number, Product>([
  [1, { id: 1, name: 'Gopher mug', price: 1200 }],
  [2, { id: 2, name: 'Channel socks', price: 800 }],
]);

// ---- catalog：拥有商品数据。----
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

// ---- orders：拥有订单数据。----
function ordersService(mesh: ServiceClient): Router {
  void mesh; // 暂时没用上：orders 还在直接读 map
  const orders: Order[] = [];
  const r = new Router();
  r.post('/orders', async (req) => {
    const { userId, productId, quantity } = await req.json<{
      userId: number;
      productId: number;
      quantity: number;
    }>();
    // TODO：不要读 catalog 的 map，改用 mesh.get('catalog', ...)
    // 通过 HTTP 询问 catalog，并处理它的错误。
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
  // 三个服务，各自监听一个端口（任意空闲端口）。
  await serve('users', usersService());
  const catalog = await serve('catalog', catalogService());
  // orders 只通过网格客户端访问 catalog，并说明调用者是谁
  // （流量视图里会显示这条边）。
  const mesh = new ServiceClient({
    endpoints: { catalog: [catalog.url] },
    caller: 'orders',
  });
  await listenAndServe(':0', ordersService(mesh), {
    name: 'orders',
  });
});
