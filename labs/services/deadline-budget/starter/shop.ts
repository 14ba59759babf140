import { recv, select } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';
import {
  Router,
  ServiceClient,
  json,
  serve,
  type MeshRequest,
  type MeshResponse,
} from 'gomesh';
import { DEADLINE_HEADER } from 'gomesh/sidecar';

// orders answers GET /orders/{item}: it asks users who the
// customer is, then catalog what the item is, over HTTP with the
// mesh's client. ctx ends at the deadline its caller sent.
//
// TODO: neither call knows of ctx. orders waits for its callees
// however long they take, and the catalog, never told of the
// deadline, works on for a caller that has given up. Give each
// call { signal: ctx.signal, headers: budget(ctx) }: the signal
// ends the call when ctx ends (orders stops waiting, even for
// users, which ignores the header), and the header
// x-mesh-deadline-ms tells the callee how many ms of the
// deadline REMAIN, so that its ctx ends at the same instant.
// Write budget(ctx) with ctx.deadline() and time.until; no
// deadline, no header.
function orders(mesh: ServiceClient): Handler {
  return async (ctx, req) => {
    void ctx; // not passed to the calls yet
    const user = await mesh.get('users', '/users/7');
    if (user.status !== 200)
      return json(502, { error: `users: ${user.status}` });
    const item = await mesh.get(
      'catalog',
      `/items/${req.param('item')}`,
    );
    if (item.status !== 200)
      return json(502, {
        error: `catalog: ${item.status}`,
      });
    return json(200, {
      user: await user.json(),
      item: await item.json(),
    });
  };
}

// ---- The rest of the shop: no need to change it. ----

// What a service tells the bench it did; the bench adds the time.
export type Log = (what: string) => void;

export interface Shop {
  // Where orders listens, e.g. http://127.0.0.1:40002.
  readonly orders: string;
  close(): Promise<void>;
}

// A handler of the shop gets its request's ctx.
type Handler = (
  ctx: context.Context,
  req: MeshRequest,
) => Promise<MeshResponse>;

// withDeadline is what every service of the shop does with a
// request: it logs it as it arrives and runs the handler with a
// ctx that ends at the deadline the caller sent in
// x-mesh-deadline-ms (the milliseconds that remain), or never if
// it sent none. When ctx has ended, whatever the handler did,
// the service stops and answers 504: its caller gave up then.
// A service that does not read the header (`ignores`) works on
// whatever deadline its caller has.
function withDeadline(
  name: string,
  log: Log,
  h: Handler,
  ignores = false,
) {
  return async (
    req: MeshRequest,
  ): Promise<MeshResponse> => {
    const sent = req.header(DEADLINE_HEADER);
    const said =
      sent === undefined
        ? 'no deadline'
        : `${DEADLINE_HEADER}: ${sent}${ignores ? ', ignored' : ''}`;
    log(`${name} <- ${req.method} ${req.path} (${said})`);
    const ms = Number(sent);
    const [ctx, cancel] =
      ignores || sent === undefined || !Number.isInteger(ms)
        ? context.withCancel(context.background())
        : context.withTimeout(
            context.background(),
            ms * time.Millisecond,
          );
    try {
      let res: MeshResponse | undefined;
      try {
        res = await h(ctx, req);
      } catch (e) {
        // A call with no answer, if not for the deadline, is a
        // failure of the network: a 500.
        if (ctx.err() === null) throw e;
      }
      const err = ctx.err();
      if (err === null && res !== undefined) return res;
      log(`${name}: stopped (${String(err?.message)})`);
      return json(504, { error: err?.message });
    } finally {
      cancel();
    }
  };
}

// work takes d, unless ctx ends first: then it stops at once and
// throws ctx's error.
async function work(ctx: context.Context, d: number) {
  const r = await select({
    done: recv(time.after(d)),
    cancelled: recv(ctx.done()),
  });
  if (r.case === 'cancelled')
    throw ctx.err() ?? context.Canceled;
}

// users looks the user up in 40ms. It is an older service that
// does not read x-mesh-deadline-ms: it always takes its 40ms,
// and only its caller can stop waiting for it.
function users(log: Log): Handler {
  return async (ctx, req) => {
    await work(ctx, 40 * time.Millisecond);
    if (req.param('id') !== '7')
      return json(404, { error: 'no such user' });
    log('users: found Ada');
    return json(200, { id: 7, name: 'Ada' });
  };
}

// catalog reads an item in steps of 120ms: item 1 is cached (one
// step), item 2 is on a slow disk (five). It checks ctx during
// every step and logs each step it finishes.
const items: Record<
  string,
  { name: string; steps: number }
> = {
  '1': { name: 'lamp', steps: 1 },
  '2': { name: 'desk', steps: 5 },
};

function catalog(log: Log): Handler {
  return async (ctx, req) => {
    const id = req.param('id');
    const item = items[id];
    if (item === undefined)
      return json(404, { error: 'no such item' });
    for (let i = 1; i <= item.steps; i++) {
      await work(ctx, 120 * time.Millisecond);
      log(`catalog: /items/${id} step ${i}/${item.steps}`);
    }
    return json(200, { id: Number(id), name: item.name });
  };
}

// startShop starts users, catalog and orders, each its own HTTP
// server; orders reaches the other two through the mesh's
// client, as caller "orders" (the Traffic tab draws its calls).
export async function startShop(log: Log): Promise<Shop> {
  const u = await serve(
    'users',
    new Router().get(
      '/users/{id}',
      withDeadline('users', log, users(log), true),
    ),
  );
  const c = await serve(
    'catalog',
    new Router().get(
      '/items/{id}',
      withDeadline('catalog', log, catalog(log)),
    ),
  );
  const mesh = new ServiceClient({
    endpoints: { users: [u.url], catalog: [c.url] },
    caller: 'orders',
  });
  const o = await serve(
    'orders',
    new Router().get(
      '/orders/{item}',
      withDeadline('orders', log, orders(mesh)),
    ),
  );
  return {
    orders: o.url,
    async close() {
      await o.close();
      await c.close();
      await u.close();
    },
  };
}
