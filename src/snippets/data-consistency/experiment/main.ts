// experiment places the lab's six orders under
// 100 fault schedules, three ways: retries
// alone, retries with an Idempotency-Key, and
// the saga (keys and compensation).
import { main } from 'gort';
import {
  Router,
  ServiceClient,
  json,
  serve,
  type CallOptions,
  type MeshResponse,
} from 'gomesh';
import { faultInjection } from 'gomesh/sidecar';

// Park and Miller's minimal standard: the same
// seed draws the same faults in Go and in
// TypeScript.
function source(
  seed: number,
): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

interface Order {
  id: string;
  customer: string;
  sku: string;
  qty: number;
}

const orders: Order[] = (
  [
    ['o-1', 'ada', 'mug', 2],
    ['o-2', 'cy', 'mug', 1],
    ['o-3', 'bob', 'socks', 1],
    ['o-4', 'dee', 'mug', 2],
    ['o-5', 'eve', 'socks', 3],
    ['o-6', 'ada', 'socks', 2],
  ] as const
).map(([id, customer, sku, qty]) => ({
  id,
  customer,
  sku,
  qty,
}));

// The shop's state, new for every schedule.
let stock = new Map<string, number>();
const held = new Map<
  string,
  { sku: string; qty: number }
>();
let charges: {
  order: string;
  refunded: boolean;
}[] = [];
const seen = new Map<string, number>();

function inventory(): Router {
  const r = new Router();
  r.put(
    '/reservations/{order}',
    async (req) => {
      const order = req.param('order');
      const { sku, qty } = await req.json<{
        sku: string;
        qty: number;
      }>();
      if (held.has(order))
        return json(200, {});
      const left = stock.get(sku) ?? 0;
      if (left < qty) return json(409, {});
      stock.set(sku, left - qty);
      held.set(order, { sku, qty });
      return json(201, {});
    },
  );
  r.delete(
    '/reservations/{order}',
    (req) => {
      const h = held.get(
        req.param('order'),
      );
      if (h !== undefined) {
        held.delete(req.param('order'));
        stock.set(
          h.sku,
          (stock.get(h.sku) ?? 0) + h.qty,
        );
      }
      return json(200, {});
    },
  );
  return r;
}

function payments(): Router {
  const r = new Router();
  r.post('/charges', async (req) => {
    const key = req.header(
      'idempotency-key',
    );
    const first = seen.get(key ?? '');
    if (first !== undefined)
      return json(first, {});
    const c = await req.json<{
      order: string;
      customer: string;
    }>();
    let status = 402;
    if (c.customer !== 'cy') {
      charges.push({
        order: c.order,
        refunded: false,
      });
      status = 201;
    }
    if (key !== undefined)
      seen.set(key, status);
    return json(status, {});
  });
  r.post('/refunds', async (req) => {
    const { order } = await req.json<{
      order: string;
    }>();
    for (const c of charges) {
      if (c.order === order)
        c.refunded = true;
    }
    return json(200, {});
  });
  return r;
}

// call tries up to 3 times while there is no
// answer or a 5xx; null when none came back.
async function call(
  mesh: ServiceClient,
  service: string,
  path: string,
  init: CallOptions,
): Promise<MeshResponse | null> {
  let last: MeshResponse | null = null;
  for (let n = 1; n <= 3; n++) {
    try {
      last = await mesh.request(
        service,
        path,
        init,
      );
      if (last.status < 500) return last;
    } catch {
      // no answer: maybe done, maybe not
    }
  }
  return last;
}

// undo sends a compensation until it is answered.
async function undo(
  mesh: ServiceClient,
  service: string,
  path: string,
  init: CallOptions,
) {
  for (;;) {
    const res = await call(
      mesh,
      service,
      path,
      init,
    );
    if (res !== null && res.status < 500)
      return;
  }
}

type Strategy = 'retries' | 'keys' | 'saga';

async function place(
  mesh: ServiceClient,
  s: Strategy,
  o: Order,
): Promise<number> {
  const release = () =>
    undo(
      mesh,
      'inventory',
      `/reservations/${o.id}`,
      {
        method: 'DELETE',
      },
    );
  const r = await call(
    mesh,
    'inventory',
    `/reservations/${o.id}`,
    {
      method: 'PUT',
      json: { sku: o.sku, qty: o.qty },
    },
  );
  if (r?.status === 409) return 409;
  if (r === null || !r.ok) {
    if (s === 'saga') await release();
    return 503;
  }
  const c = await call(
    mesh,
    'payments',
    '/charges',
    {
      method: 'POST',
      headers:
        s === 'retries'
          ? {}
          : {
              'Idempotency-Key': `charge-${o.id}`,
            },
      json: {
        order: o.id,
        customer: o.customer,
      },
    },
  );
  if (c?.status === 201) return 201;
  if (s === 'saga') {
    if (c?.status !== 402) {
      await undo(
        mesh,
        'payments',
        '/refunds',
        {
          method: 'POST',
          json: { order: o.id },
        },
      );
    }
    await release();
  }
  return c?.status === 402 ? 402 : 503;
}

main(async () => {
  const inv = await serve(
    'inventory',
    inventory(),
  );
  const pay = await serve(
    'payments',
    payments(),
  );
  console.log(
    'strategy  confirmed  charged-twice  stock-held  money-kept',
  );
  for (const s of [
    'retries',
    'keys',
    'saga',
  ] as const) {
    const n = [0, 0, 0, 0];
    for (
      let seed = 1;
      seed <= 100;
      seed++
    ) {
      stock = new Map([
        ['mug', 4],
        ['socks', 3],
      ]);
      held.clear();
      charges = [];
      seen.clear();
      // 10% of requests are refused before they
      // arrive; 20% of answers are lost after the
      // work was done.
      const random = source(seed);
      const mesh = new ServiceClient({
        endpoints: {
          inventory: [inv.url],
          payments: [pay.url],
        },
        layers: () => [
          faultInjection({
            abort: {
              percent: 10,
              status: 503,
            },
            random,
          }),
          faultInjection({
            phase: 'response',
            abort: {
              percent: 20,
              status: 503,
            },
            random,
          }),
        ],
      });
      for (const o of orders) {
        const status = await place(
          mesh,
          s,
          o,
        );
        const mine = charges.filter(
          (c) => c.order === o.id,
        );
        const kept = mine.filter(
          (c) => !c.refunded,
        );
        if (status === 201) n[0]!++;
        if (mine.length > 1) n[1]!++;
        if (
          status !== 201 &&
          held.has(o.id)
        )
          n[2]!++;
        if (
          status !== 201 &&
          kept.length > 0
        )
          n[3]!++;
      }
    }
    const widths = [11, 15, 12, 12];
    console.log(
      s.padEnd(8) +
        n
          .map((v, i) =>
            String(v).padStart(widths[i]!),
          )
          .join(''),
    );
  }
  await inv.close();
  await pay.close();
});
