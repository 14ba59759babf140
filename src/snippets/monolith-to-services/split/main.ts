// split runs the catalog and orders as two HTTP services and
// calls them as a client would: orders asks the catalog over HTTP,
// and answers 503 when the catalog is down.
import { main } from 'gort';
import {
  Router,
  ServiceClient,
  json,
  request,
  serve,
} from 'gomesh';

interface Product {
  id: number;
  name: string;
  price: number;
}

interface Order {
  id: number;
  productId: number;
  quantity: number;
  total: number;
}

// catalog owns the products: only its handlers can see the map.
function catalog(): Router {
  const products = new Map<number, Product>(
    [
      [
        1,
        {
          id: 1,
          name: 'Gopher mug',
          price: 1200,
        },
      ],
    ],
  );
  const r = new Router();
  r.get('/products/{id}', (req) => {
    const p = products.get(
      Number(req.param('id')),
    );
    if (p === undefined) {
      return json(404, {
        error: 'product not found',
      });
    }
    return json(200, p);
  });
  return r;
}

// orders owns the orders and asks the catalog through mesh.
function orders(
  mesh: ServiceClient,
): Router {
  const list: Order[] = [];
  const r = new Router();
  r.post('/orders', async (req) => {
    const body = await req.json<Order>();
    let res;
    try {
      res = await mesh.get(
        'catalog',
        `/products/${body.productId}`,
      );
    } catch {
      return json(503, {
        error: 'catalog unavailable',
      });
    }
    if (res.status === 404) {
      return json(422, {
        error: 'unknown product',
      });
    }
    if (res.status !== 200) {
      return json(503, {
        error: 'catalog unavailable',
      });
    }
    const p = await res.json<Product>();
    const o: Order = {
      id: list.length + 1,
      productId: body.productId,
      quantity: body.quantity,
      total: p.price * body.quantity,
    };
    list.push(o);
    return json(201, o);
  });
  return r;
}

async function post(
  url: string,
  body: string,
) {
  const res = await request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
    },
    body,
  });
  const text = await res.text();
  console.log(
    `POST /orders ${body} -> ${res.status} ${text.trim()}`,
  );
}

main(async () => {
  const cat = await serve(
    'catalog',
    catalog(),
  );
  const mesh = new ServiceClient({
    endpoints: { catalog: [cat.url] },
    caller: 'orders',
  });
  const ord = await serve(
    'orders',
    orders(mesh),
  );

  await post(
    `${ord.url}/orders`,
    '{"productId":1,"quantity":2}',
  );
  await post(
    `${ord.url}/orders`,
    '{"productId":99,"quantity":1}',
  );
  await cat.close(); // the catalog goes down; orders stays up
  await post(
    `${ord.url}/orders`,
    '{"productId":1,"quantity":1}',
  );
  await ord.close();
});
