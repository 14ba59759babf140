/**
 * Check for operations/capstone-1-split. The check runs its own bench around the learner's
 * `startShop` (shop.ts, loaded at run time), on the virtual clock, over gomesh: it starts the given
 * payments, then the learner's shop, and sends orders to the URL `startShop` answered with, as a
 * customer would. It measures the split from the mesh's own records (onTraffic: which service
 * called which), from catalog's own API (GET /products/{sku} at the service named `catalog`: its
 * stock and the price change through PUT /products/{sku}/price) and from payments' ledger, not from
 * what the program prints.
 *
 * The bench, in order: three orders (2 plush, 1 mug, 1 tee) with the stock read at catalog before
 * and after; the mug's price raised through catalog's API, then 2 mugs ordered; an unknown user and
 * an unknown sku; 9 mugs at the new price, over the card limit, so payments declines (stock read
 * before and after); then three customers at once each ordering 2 of the last 4 tees. Explored
 * over a few schedules, so the three at once reach catalog in different orders.
 */
import { go } from 'gort';
import { WaitGroup } from 'gort/sync';
import {
  closeAll,
  listeners,
  onTraffic,
  request,
  type TrafficRequest,
} from 'gomesh';
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

/** What the learner's shop.ts exports (checked when it is loaded). */
interface Learner {
  startShop(paymentsUrl: string): Promise<string>;
  startPayments(): Promise<{
    url: string;
    charges: readonly {
      order: string;
      amountCents: number;
    }[];
  }>;
}

/** Where the learner's file is in the mounted tree, next to this check (loaded at run time). */
const LEARNER_FILE = './shop.js';

/** The services the split must run, each on its own (payments is given). */
const SERVICES = ['users', 'catalog', 'orders'] as const;
/** The first orders, with the totals the seed prices give (1999, 1250, 2500 cents). */
const FIRST = [
  { user: 'u1', sku: 'gopher-plush', qty: 2, total: 3998 },
  { user: 'u2', sku: 'go-mug', qty: 1, total: 1250 },
  { user: 'u3', sku: 'tee', qty: 1, total: 2500 },
] as const;
/** The mug's new price, set through catalog's API: 2 mugs then cost 3000. */
const NEW_PRICE = 1500;
const REPRICED = { user: 'u1', sku: 'go-mug', qty: 2 };
/** 9 mugs at 1500 = 13500 cents, over the given card limit of 10000: payments answers 402. */
const DECLINED = { user: 'u2', sku: 'go-mug', qty: 9 };
/** The tees left after the first orders (5 in stock, 1 sold), and three customers at once wanting 2 each. */
const TEES_LEFT = 4;
const RACE = ['u1', 'u2', 'u3'].map((user) => ({
  user,
  sku: 'tee',
  qty: 2,
}));
/** Schedules explored: the three racing orders reach catalog in several orders. */
const SCHEDULES = 5;

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** What one run of the bench observed. */
interface Observed {
  /** Why the bench could not run the shop, if it could not. */
  broken?: string;
  names: string[];
  front: string;
  ordersUrl: string | undefined;
  first: Answer[];
  /** Calls between services while the first orders were placed. */
  firstCalls: TrafficRequest[];
  stockBefore: Map<string, number | undefined>;
  stockAfter: Map<string, number | undefined>;
  priceSet: Answer | undefined;
  repriced: Answer | undefined;
  unknownUser: Answer | undefined;
  unknownSku: Answer | undefined;
  chargesBeforeUnknown: number;
  chargesAfterUnknown: number;
  mugsBefore: number | undefined;
  declined: Answer | undefined;
  mugsAfter: number | undefined;
  race: Answer[];
  teesAfter: number | undefined;
  charges: { order: string; amountCents: number }[];
}

const fresh = (): Observed => ({
  names: [],
  front: '',
  ordersUrl: undefined,
  first: [],
  firstCalls: [],
  stockBefore: new Map(),
  stockAfter: new Map(),
  priceSet: undefined,
  repriced: undefined,
  unknownUser: undefined,
  unknownSku: undefined,
  chargesBeforeUnknown: 0,
  chargesAfterUnknown: 0,
  mugsBefore: undefined,
  declined: undefined,
  mugsAfter: undefined,
  race: [],
  teesAfter: undefined,
  charges: [],
});

async function call(
  url: string,
  method: string,
  body?: unknown,
): Promise<Answer> {
  try {
    const res = await request(url, {
      method,
      ...(body === undefined ? {} : { json: body }),
    });
    const text = (await res.text()).trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    return { status: 0, body: undefined, text };
  }
}

/** The program's own words (an answer's body), the same in both languages. */
const same = (text: string): CheckText => ({
  en: text,
  'zh-cn': text,
});

const said = (a: Answer | undefined) =>
  a === undefined ? 'no answer' : `${a.status} ${a.text}`;

const isRecord = (
  x: unknown,
): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null;

/** The bench around the learner's startShop; fills `obs` as it runs. */
function bench(
  learner: Learner,
  obs: { current: Observed },
  calls: TrafficRequest[],
) {
  return async () => {
    const o = fresh();
    obs.current = o;
    calls.length = 0;
    const payments = await learner.startPayments();
    try {
      o.front = await learner.startShop(payments.url);
    } catch (e) {
      o.broken = e instanceof Error ? e.message : String(e);
      await closeAll();
      return;
    }
    o.names = listeners().map((l) => l.name);
    o.ordersUrl = listeners().find(
      (l) => l.name === 'orders',
    )?.url;
    const catalogUrl = listeners().find(
      (l) => l.name === 'catalog',
    )?.url;
    const order = (body: unknown) =>
      call(`${o.front}/orders`, 'POST', body);
    const stock = async (sku: string) => {
      if (catalogUrl === undefined) return undefined;
      const a = await call(
        `${catalogUrl}/products/${sku}`,
        'GET',
      );
      return isRecord(a.body) &&
        typeof a.body['stock'] === 'number'
        ? a.body['stock']
        : undefined;
    };
    const skus = FIRST.map((f) => f.sku);

    for (const sku of skus)
      o.stockBefore.set(sku, await stock(sku));
    const from = calls.length;
    for (const f of FIRST) {
      o.first.push(
        await order({
          user: f.user,
          sku: f.sku,
          qty: f.qty,
        }),
      );
    }
    o.firstCalls = calls
      .slice(from)
      .filter((c) => c.from !== null);
    for (const sku of skus)
      o.stockAfter.set(sku, await stock(sku));

    if (catalogUrl !== undefined) {
      o.priceSet = await call(
        `${catalogUrl}/products/go-mug/price`,
        'PUT',
        { priceCents: NEW_PRICE },
      );
    }
    o.repriced = await order(REPRICED);

    o.chargesBeforeUnknown = payments.charges.length;
    o.unknownUser = await order({
      user: 'u9',
      sku: 'go-mug',
      qty: 1,
    });
    o.unknownSku = await order({
      user: 'u1',
      sku: 'hat',
      qty: 1,
    });
    o.chargesAfterUnknown = payments.charges.length;

    o.mugsBefore = await stock('go-mug');
    o.declined = await order(DECLINED);
    o.mugsAfter = await stock('go-mug');

    const race: Answer[] = [];
    const wg = new WaitGroup();
    for (const r of RACE) {
      wg.add(1);
      go(async () => {
        race.push(await order(r));
        wg.done();
      });
    }
    await wg.wait();
    o.race = race;
    o.teesAfter = await stock('tee');
    o.charges = payments.charges.map((c) => ({
      order: c.order,
      amountCents: c.amountCents,
    }));
    await closeAll();
  };
}

/** `a` then `b`, in each language. */
const join = (
  a: CheckText,
  sep: CheckText,
  b: CheckText,
): CheckText => ({
  en: `${a.en}${sep.en}${b.en}`,
  'zh-cn': `${a['zh-cn']}${sep['zh-cn']}${b['zh-cn']}`,
});
const hinted = (seen: CheckText, hint: CheckText) =>
  join(seen, { en: ' — ', 'zh-cn': '——' }, hint);

const noCatalog: CheckText = {
  en: 'no service named catalog listens: serve the products from a service of their own, serve("catalog", …), with GET /products/{sku}, PUT /products/{sku}/price, POST /reservations and DELETE /reservations/{order}',
  'zh-cn':
    '没有名为 catalog 的服务在监听：把商品放进一个独立的服务 serve("catalog", …)，提供 GET /products/{sku}、PUT /products/{sku}/price、POST /reservations 和 DELETE /reservations/{order}',
};

export default defineCheck(async (t) => {
  let learner: Learner | undefined;
  let loadError: CheckText = {
    en: 'shop.ts does not export startShop and startPayments',
    'zh-cn': 'shop.ts 没有导出 startShop 和 startPayments',
  };
  try {
    const mod = (await import(
      LEARNER_FILE
    )) as Partial<Learner>;
    if (
      typeof mod.startShop === 'function' &&
      typeof mod.startPayments === 'function'
    )
      learner = mod as Learner;
  } catch (e) {
    const message =
      e instanceof Error ? e.message : String(e);
    loadError = { en: message, 'zh-cn': message };
  }
  if (
    !t.expect(
      {
        en: 'shop.ts exports startShop(paymentsUrl), and the given startPayments',
        'zh-cn':
          'shop.ts 导出了 startShop(paymentsUrl) 以及给定的 startPayments',
      },
      learner !== undefined,
      learner === undefined ? loadError : undefined,
    ) ||
    learner === undefined
  )
    return;

  const calls: TrafficRequest[] = [];
  const stop = onTraffic((e) => {
    if (e.kind === 'request') calls.push(e);
  });
  const obs = { current: fresh() };
  try {
    await t.explore(
      (r) => {
        const o = obs.current;
        if (
          !t.expect(
            {
              en: 'startShop starts the shop and answers with the URL of its POST /orders',
              'zh-cn':
                'startShop 启动商店，并返回提供 POST /orders 的 URL',
            },
            o.broken === undefined,
            o.broken === undefined
              ? undefined
              : verbatim(o.broken),
          )
        ) {
          t.exitsCleanly(r);
          return;
        }

        // 1. The split: three services, and orders is the front door.
        const missing = SERVICES.filter(
          (s) => !o.names.includes(s),
        );
        const listening = {
          en: `listening: ${o.names.join(', ')}`,
          'zh-cn': `正在监听：${o.names.join('、')}`,
        };
        t.expect(
          {
            en: 'users, catalog and orders each run as a service of their own, and startShop answers with orders’ URL',
            'zh-cn':
              'users、catalog 和 orders 各自作为独立的服务运行，startShop 返回 orders 的 URL',
          },
          missing.length === 0 && o.front === o.ordersUrl,
          missing.length > 0
            ? hinted(listening, {
                en: `no service named ${missing.join(', ')}: serve each part of the monolith as its own service (serve('users', …), serve('catalog', …), serve('orders', …)), each with its own maps`,
                'zh-cn': `没有名为 ${missing.join('、')} 的服务：把单体的每一部分各自作为独立的服务启动（serve('users', …)、serve('catalog', …)、serve('orders', …)），每个服务持有自己的 map`,
              })
            : o.front === o.ordersUrl
              ? listening
              : hinted(listening, {
                  en: `startShop answered ${o.front}, not orders’ URL ${o.ordersUrl ?? ''}: customers place orders at orders`,
                  'zh-cn': `startShop 返回的是 ${o.front}，而不是 orders 的 URL ${o.ordersUrl ?? ''}：顾客在 orders 下单`,
                }),
        );

        // 2. The first orders, with the right totals.
        const answered = FIRST.map((f, i) => {
          const a = o.first[i];
          const b = a?.body;
          return (
            a?.status === 201 &&
            isRecord(b) &&
            typeof b['order'] === 'string' &&
            b['user'] === f.user &&
            b['sku'] === f.sku &&
            b['qty'] === f.qty &&
            b['totalCents'] === f.total
          );
        });
        const firstText = FIRST.map(
          (f, i) =>
            `${f.user} ${f.qty} ${f.sku} → ${said(o.first[i])}`,
        ).join('; ');
        t.expect(
          {
            en: 'POST /orders places 2 plush, 1 mug and 1 tee: 201 with totals 3998, 1250 and 2500 cents',
            'zh-cn':
              'POST /orders 下单 2 个毛绒玩具、1 个杯子、1 件 T 恤：返回 201，totalCents 分别为 3998、1250、2500',
          },
          answered.every(Boolean),
          verbatim(firstText),
        );

        // 3. Over the mesh: orders asks users, catalog and payments for each order.
        const count = (from: string, to: string) =>
          o.firstCalls.filter(
            (c) => c.from === from && c.to === to,
          ).length;
        const n = FIRST.length;
        const toUsers = count('orders', 'users');
        const toCatalog = count('orders', 'catalog');
        const toPayments = count('orders', 'payments');
        const edges = [
          ...new Set(
            o.firstCalls.map((c) => `${c.from} → ${c.to}`),
          ),
        ].map(
          (e) =>
            `${e} ${o.firstCalls.filter((c) => `${c.from} → ${c.to}` === e).length}`,
        );
        const seenCalls: CheckText = {
          en: `for ${n} orders the mesh saw ${edges.length === 0 ? 'no call between services' : edges.join(', ')}`,
          'zh-cn': `${n} 个订单期间，网格看到的服务间调用：${edges.length === 0 ? '没有' : edges.join('，')}`,
        };
        const overMesh =
          toUsers >= n &&
          toCatalog >= 2 * n &&
          toPayments >= n;
        t.expect(
          {
            en: `for ${n} orders, orders called users ${toUsers}, catalog ${toCatalog} and payments ${toPayments} times over the mesh (needs at least ${n}, ${2 * n} and ${n}: the user, the product then a reservation, the charge)`,
            'zh-cn': `${n} 个订单期间，orders 通过网格调用 users ${toUsers} 次、catalog ${toCatalog} 次、payments ${toPayments} 次（要求至少 ${n}、${2 * n}、${n} 次：查用户，查商品再预留库存，扣款）`,
          },
          overMesh,
          overMesh
            ? seenCalls
            : hinted(seenCalls, {
                en: "orders must not read another service's map: call GET /users/{id}, GET /products/{sku} and POST /reservations with a ServiceClient created with caller: 'orders' (the traffic records name the caller)",
                'zh-cn':
                  "orders 不能读别的服务的 map：用以 caller: 'orders' 创建的 ServiceClient 调用 GET /users/{id}、GET /products/{sku} 和 POST /reservations（流量记录里会写明调用方）",
              }),
        );

        // 4. The stock at catalog falls by what was sold.
        const catalogUp = o.names.includes('catalog');
        const stockText = FIRST.map(
          (f) =>
            `${f.sku} ${o.stockBefore.get(f.sku) ?? '?'} → ${o.stockAfter.get(f.sku) ?? '?'}`,
        ).join(', ');
        const sold = FIRST.every((f) => {
          const before = o.stockBefore.get(f.sku);
          const after = o.stockAfter.get(f.sku);
          return (
            before !== undefined &&
            after !== undefined &&
            before - after === f.qty
          );
        });
        t.expect(
          {
            en: `catalog's own stock (GET /products/{sku} at catalog) ${catalogUp ? `went ${stockText}` : 'could not be read'} (needs to fall by exactly what the orders reserved: 2 plush, 1 mug, 1 tee)`,
            'zh-cn': `catalog 自己的库存（在 catalog 上 GET /products/{sku}）：${catalogUp ? stockText : '无法读取'}（要求恰好减少订单预留的数量：2 个毛绒玩具、1 个杯子、1 件 T 恤）`,
          },
          catalogUp && sold,
          !catalogUp
            ? noCatalog
            : sold
              ? verbatim(stockText)
              : hinted(same(stockText), {
                  en: 'the stock must leave catalog through a reservation: orders sends POST /reservations {order, sku, qty} and catalog takes it from its own products',
                  'zh-cn':
                    '库存只能通过预留离开 catalog：orders 发送 POST /reservations {order, sku, qty}，由 catalog 从自己的商品里扣减',
                }),
        );

        // 5. A price changed through catalog's API is the one orders charges.
        const rb = o.repriced?.body;
        const repriced =
          o.repriced?.status === 201 &&
          isRecord(rb) &&
          rb['totalCents'] === NEW_PRICE * REPRICED.qty;
        t.expect(
          {
            en: `a price changed through catalog’s API (PUT /products/go-mug/price, 1250 → ${NEW_PRICE}) is the price the next order pays: 2 mugs for ${NEW_PRICE * REPRICED.qty}`,
            'zh-cn': `通过 catalog 的 API 改过的价格（PUT /products/go-mug/price，1250 → ${NEW_PRICE}）就是下一个订单支付的价格：2 个杯子共 ${NEW_PRICE * REPRICED.qty}`,
          },
          catalogUp &&
            o.priceSet?.status === 200 &&
            repriced,
          !catalogUp
            ? noCatalog
            : o.priceSet?.status !== 200
              ? {
                  en: `PUT /products/go-mug/price {"priceCents":${NEW_PRICE}} at catalog answered ${said(o.priceSet)}: catalog sets the price of its own product and answers 200`,
                  'zh-cn': `在 catalog 上 PUT /products/go-mug/price {"priceCents":${NEW_PRICE}} 得到 ${said(o.priceSet)}：catalog 应修改自己商品的价格并返回 200`,
                }
              : repriced
                ? verbatim(said(o.repriced))
                : hinted(same(said(o.repriced)), {
                    en: 'orders priced the order from a copy of the products: ask catalog for the product (GET /products/{sku}) at every order',
                    'zh-cn':
                      'orders 用的是商品数据的副本：每个订单都向 catalog 询问商品（GET /products/{sku}）',
                  }),
        );

        // 6. Unknown user and sku: 404 with a JSON error, and nothing charged.
        const isError = (a: Answer | undefined) =>
          a?.status === 404 &&
          isRecord(a.body) &&
          typeof a.body['error'] === 'string';
        const noCharge =
          o.chargesAfterUnknown === o.chargesBeforeUnknown;
        t.expect(
          {
            en: 'an unknown user (u9) and an unknown sku (hat) each answer 404 with a JSON {"error": …}, and nothing is charged',
            'zh-cn':
              '未知用户（u9）和未知商品（hat）都返回 404 和 JSON {"error": …}，并且不扣任何钱',
          },
          isError(o.unknownUser) &&
            isError(o.unknownSku) &&
            noCharge,
          verbatim(
            `u9 → ${said(o.unknownUser)}; hat → ${said(o.unknownSku)}; charges ${o.chargesBeforeUnknown} → ${o.chargesAfterUnknown}`,
          ),
        );

        // 7. A declined payment: 502, and the reserved stock comes back.
        const back =
          o.mugsBefore !== undefined &&
          o.mugsAfter === o.mugsBefore;
        const declinedText = same(
          `9 mugs → ${said(o.declined)}; go-mug stock ${o.mugsBefore ?? '?'} → ${o.mugsAfter ?? '?'}`,
        );
        t.expect(
          {
            en: `an order payments declines (9 mugs, ${9 * NEW_PRICE} cents, over the card limit) answers 502, and catalog gets its stock back`,
            'zh-cn': `被 payments 拒绝的订单（9 个杯子，${9 * NEW_PRICE} 分，超过卡的限额）返回 502，catalog 收回库存`,
          },
          catalogUp && o.declined?.status === 502 && back,
          !catalogUp
            ? noCatalog
            : o.declined?.status === 502 && back
              ? declinedText
              : hinted(declinedText, {
                  en: 'when the charge does not answer 200, release the reservation (DELETE /reservations/{order} at catalog) and answer 502 {"error":"payment failed"}',
                  'zh-cn':
                    '扣款没有返回 200 时，释放预留（在 catalog 上 DELETE /reservations/{order}），并返回 502 {"error":"payment failed"}',
                }),
        );

        // 8. Three at once for the last tees: catalog never sells what it does not have.
        const statuses = o.race
          .map((a) => a.status)
          .sort((a, b) => a - b);
        const raceOk =
          statuses.join(',') === '201,201,409' &&
          (!catalogUp || o.teesAfter === 0);
        t.expect(
          {
            en: `three customers at once each order 2 of the last ${TEES_LEFT} tees and get ${statuses.join(', ')} (needs 201, 201, 409 out of stock: no tee sold twice)`,
            'zh-cn': `三位顾客同时各订 2 件 T 恤，而只剩最后 ${TEES_LEFT} 件，他们收到 ${statuses.join('、')}（要求 201、201、409 缺货：没有一件被卖两次）`,
          },
          raceOk,
          raceOk
            ? verbatim(
                o.race.map((a) => said(a)).join('; '),
              )
            : hinted(
                same(
                  `${o.race.map((a) => said(a)).join('; ')}; tee stock at catalog ${o.teesAfter ?? '?'}`,
                ),
                {
                  en: 'catalog checks the stock and takes it in one step, with no await between, and answers 409 when there is not enough; orders answers that 409 to the customer',
                  'zh-cn':
                    'catalog 检查库存和扣减库存要在同一步完成，中间不能有 await，库存不足时返回 409；orders 把这个 409 回给顾客',
                },
              ),
        );

        // 9. payments' ledger: one charge per placed order, for its total.
        const placed = [
          ...o.first,
          ...(o.repriced ? [o.repriced] : []),
          ...o.race,
        ].filter((a) => a.status === 201);
        const ledgerOk =
          placed.length === o.charges.length &&
          placed.every((a) => {
            const b = a.body;
            return (
              isRecord(b) &&
              o.charges.filter(
                (c) =>
                  c.order === b['order'] &&
                  c.amountCents === b['totalCents'],
              ).length === 1
            );
          });
        t.expect(
          {
            en: `payments' ledger holds ${o.charges.length} charges for ${placed.length} placed orders (needs one per order, for its total)`,
            'zh-cn': `payments 的账本里有 ${o.charges.length} 笔扣款，成功的订单有 ${placed.length} 个（要求每个订单恰好一笔，金额等于订单总额）`,
          },
          ledgerOk,
          {
            en: `${placed.length} orders placed, ${o.charges.length} charges`,
            'zh-cn': `成功下单 ${placed.length} 个，扣款 ${o.charges.length} 笔`,
          },
        );

        t.exitsCleanly(r);
      },
      {
        schedules: SCHEDULES,
        main: bench(learner, obs, calls),
      },
    );
  } finally {
    stop();
  }
});
