// retry charges order 7 through a network that
// loses the first answer after payments has
// charged, and tries again: without a key and
// with an Idempotency-Key.
import { main } from 'gort';
import {
  Router,
  ServiceClient,
  json,
  serve,
  type Layer,
} from 'gomesh';

interface Charge {
  id: string;
  order: number;
  amount: number;
}

// payments charges, and answers a key it has
// seen with that key's first answer.
function payments(
  charges: Charge[],
): Router {
  const seen = new Map<string, Charge>();
  const r = new Router();
  r.post('/charges', async (req) => {
    const key = req.header(
      'idempotency-key',
    );
    const first =
      key === undefined
        ? undefined
        : seen.get(key);
    if (first !== undefined) {
      console.log(
        `payments: key ${key} seen: ` +
          `first answer again`,
      );
      return json(201, first, {
        'idempotent-replayed': 'true',
      });
    }
    const { order, amount } =
      await req.json<{
        order: number;
        amount: number;
      }>();
    const c: Charge = {
      id: `ch_${charges.length + 1}`,
      order,
      amount,
    };
    charges.push(c);
    console.log(
      `payments: charged ${amount} ` +
        `for order ${order} (${c.id})`,
    );
    if (key !== undefined) seen.set(key, c);
    return json(201, c);
  });
  return r;
}

// The network loses the first answer, after
// payments has done the work.
function loseFirstAnswer(): Layer {
  let lost = false;
  return (next) => async (req) => {
    const res = await next(req);
    if (!lost) {
      lost = true;
      throw new Error('connection reset');
    }
    return res;
  };
}

async function charge(
  mesh: ServiceClient,
  key: string,
) {
  const headers: Record<string, string> =
    {};
  if (key !== '') {
    headers['Idempotency-Key'] = key;
  }
  for (let n = 1; n <= 3; n++) {
    try {
      const res = await mesh.request(
        'payments',
        '/charges',
        {
          method: 'POST',
          headers,
          json: { order: 7, amount: 1200 },
        },
      );
      const replayed =
        res.header(
          'idempotent-replayed',
        ) === 'true'
          ? ' (replayed)'
          : '';
      console.log(
        `orders: try ${n}: ${res.status} ` +
          `${await res.text()}${replayed}`,
      );
      return;
    } catch (e) {
      console.log(
        `orders: try ${n}: no answer ` +
          `(${(e as Error).message})`,
      );
    }
  }
}

main(async () => {
  for (const key of ['', 'order-7']) {
    console.log(
      key === ''
        ? '-- no key'
        : `-- Idempotency-Key: ${key}`,
    );
    const charges: Charge[] = [];
    const p = await serve(
      'payments',
      payments(charges),
    );
    const mesh = new ServiceClient({
      endpoints: { payments: [p.url] },
      layers: () => [loseFirstAnswer()],
    });
    await charge(mesh, key);
    const taken = charges.reduce(
      (sum, c) => sum + c.amount,
      0,
    );
    console.log(
      `payments: ${charges.length} ` +
        `charge${charges.length === 1 ? '' : 's'}, ` +
        `${taken} taken for a 1200 order`,
    );
    await p.close();
  }
});
