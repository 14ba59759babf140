/**
 * Check for services/extract-catalog: start the shop (users, catalog, orders), call every
 * endpoint the way a client would and compare with what the monolith answered, then verify the
 * split itself: orders asks the catalog over HTTP through the mesh's client (the mesh's traffic
 * records show an orders→catalog request), and with the catalog down orders answers 503 with an
 * error instead of an order made from data it should not have.
 */
import {
  defineCheck,
  verbatim,
  type CheckResponse,
} from 'labcheck';
import {
  listeners,
  onTraffic,
  type TrafficRequest,
} from 'gomesh';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

async function read(res: CheckResponse): Promise<Answer> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text: text.trim() };
}

const said = (a: Answer) =>
  verbatim(`HTTP ${a.status} ${a.text}`);

export default defineCheck(async (t) => {
  const calls: TrafficRequest[] = [];
  const stop = onTraffic((e) => {
    if (e.kind === 'request') calls.push(e);
  });
  try {
    await t.start({ service: 'orders' });
    const url = (name: string) =>
      listeners().find((l) => l.name === name)?.url ??
      `http://${name}.invalid`;
    const at = (name: string, path: string) =>
      new URL(path, url(name)).href;

    const ada = await read(
      await t.fetch(at('users', '/users/1')),
    );
    t.equal(
      {
        en: 'users: GET /users/1 is Ada',
        'zh-cn': 'users：GET /users/1 返回 Ada',
      },
      ada.body,
      { id: 1, name: 'Ada' },
      said(ada),
    );

    const mug = await read(
      await t.fetch(at('catalog', '/products/1')),
    );
    t.equal(
      {
        en: 'catalog: GET /products/1 is the mug at 1200',
        'zh-cn':
          'catalog：GET /products/1 返回价格 1200 的杯子',
      },
      mug.body,
      { id: 1, name: 'Gopher mug', price: 1200 },
      said(mug),
    );

    const before = calls.length;
    const created = await read(
      await t.fetch('/orders', {
        method: 'POST',
        body: { userId: 1, productId: 1, quantity: 2 },
      }),
    );
    const order = {
      id: 1,
      userId: 1,
      productId: 1,
      quantity: 2,
      total: 2400,
    };
    t.equal(
      {
        en: 'orders: POST /orders (2 mugs) answers 201 with total 2400',
        'zh-cn':
          'orders：POST /orders（2 个杯子）返回 201，total 为 2400',
      },
      { status: created.status, body: created.body },
      { status: 201, body: order },
      said(created),
    );
    const asked = calls
      .slice(before)
      .some(
        (c) => c.from === 'orders' && c.to === 'catalog',
      );
    t.expect(
      {
        en: 'orders asked the catalog over HTTP, through the mesh client (traffic orders → catalog)',
        'zh-cn':
          'orders 通过网格客户端、经 HTTP 询问了 catalog（流量记录中有 orders → catalog）',
      },
      asked,
      {
        en: "orders must not read the catalog's map: call mesh.get('catalog', `/products/${productId}`) on a ServiceClient created with caller: 'orders'",
        'zh-cn':
          "orders 不能直接读 catalog 的 map：请用 caller: 'orders' 创建的 ServiceClient 调用 mesh.get('catalog', `/products/${productId}`)",
      },
    );

    const got = await read(await t.fetch('/orders/1'));
    t.equal(
      {
        en: 'orders: GET /orders/1 is the same order',
        'zh-cn': 'orders：GET /orders/1 返回同一个订单',
      },
      got.body,
      order,
      said(got),
    );

    await t.fetch(at('catalog', '/products/2/price'), {
      method: 'PUT',
      body: { price: 900 },
    });
    const socks = await read(
      await t.fetch('/orders', {
        method: 'POST',
        body: { userId: 2, productId: 2, quantity: 3 },
      }),
    );
    t.equal(
      {
        en: "a price changed through the catalog's API (socks 800 → 900) is the price orders uses: total 2700",
        'zh-cn':
          '通过 catalog 的 API 改过的价格（袜子 800 → 900）就是 orders 使用的价格：total 为 2700',
      },
      socks.body,
      {
        id: 2,
        userId: 2,
        productId: 2,
        quantity: 3,
        total: 2700,
      },
      said(socks),
    );

    const unknown = await read(
      await t.fetch('/orders', {
        method: 'POST',
        body: { userId: 1, productId: 99, quantity: 1 },
      }),
    );
    t.equal(
      {
        en: 'an order for a product the catalog does not know answers 422 {"error":"unknown product"}',
        'zh-cn':
          '订购 catalog 中不存在的商品返回 422 {"error":"unknown product"}',
      },
      { status: unknown.status, body: unknown.body },
      { status: 422, body: { error: 'unknown product' } },
      said(unknown),
    );

    // Partial failure: the catalog goes down, orders stays up.
    await listeners()
      .find((l) => l.name === 'catalog')
      ?.close();
    const down = await read(
      await t.fetch('/orders', {
        method: 'POST',
        body: { userId: 1, productId: 1, quantity: 1 },
      }),
    );
    t.equal(
      {
        en: 'with the catalog down, POST /orders answers 503 {"error":"catalog unavailable"}',
        'zh-cn':
          'catalog 宕机时，POST /orders 返回 503 {"error":"catalog unavailable"}',
      },
      { status: down.status, body: down.body },
      {
        status: 503,
        body: { error: 'catalog unavailable' },
      },
      said(down),
    );
    const still = await read(await t.fetch('/orders/1'));
    t.equal(
      {
        en: 'with the catalog down, orders still answers GET /orders/1',
        'zh-cn':
          'catalog 宕机时，orders 仍然能回答 GET /orders/1',
      },
      still.body,
      order,
      said(still),
    );
  } finally {
    stop();
  }
});
