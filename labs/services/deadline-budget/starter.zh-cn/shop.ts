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

// orders 处理 GET /orders/{item}：先问 users 顾客是谁，再问
// catalog 商品是什么，都用网格的客户端走 HTTP。ctx 在调用方
// 发来的截止时间结束。
//
// TODO：两次调用都不知道 ctx。orders 不管被调用方要多久都一直
// 等着；catalog 从没听说过截止时间，调用方早放弃了，它还在干。
// 给每次调用传入 { signal: ctx.signal, headers: budget(ctx) }：
// signal 让调用随 ctx 一起结束（orders 不再等待，哪怕是等不理会
// 头部的 users），头部 x-mesh-deadline-ms 告诉被调用方截止时间
// 还「剩下」多少毫秒，让它的 ctx 在同一时刻结束。
// 用 ctx.deadline() 和 time.until 写出 budget(ctx)；没有截止
// 时间，就不带这个头部。
function orders(mesh: ServiceClient): Handler {
  return async (ctx, req) => {
    void ctx; // 还没有传给这两次调用
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

// ---- 商店的其余部分：不需要改。 ----

// 服务告诉测试台它做了什么；时间由测试台加上。
export type Log = (what: string) => void;

export interface Shop {
  // orders 监听的地址，例如 http://127.0.0.1:40002。
  readonly orders: string;
  close(): Promise<void>;
}

// 商店的处理函数拿到的是它这个请求的 ctx。
type Handler = (
  ctx: context.Context,
  req: MeshRequest,
) => Promise<MeshResponse>;

// withDeadline 是商店每个服务处理请求的方式：请求一到就记一
// 行日志，然后用一个 ctx 运行处理函数；这个 ctx 在调用方通过
// x-mesh-deadline-ms 发来的截止时间（剩下的毫秒数）结束，没发
// 就永不结束。ctx 一结束，不管处理函数做到哪儿，服务都停下来
// 回 504：调用方那时已经放弃了。不读这个头部的服务（ignores）
// 不管调用方的截止时间，照样干下去。
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
        // 没有回答的调用，如果不是因为截止时间，就是网络的故障：
        // 回 500。
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

// work 要花 d 的时间，除非 ctx 先结束：那样它立刻停下，抛出
// ctx 的错误。
async function work(ctx: context.Context, d: number) {
  const r = await select({
    done: recv(time.after(d)),
    cancelled: recv(ctx.done()),
  });
  if (r.case === 'cancelled')
    throw ctx.err() ?? context.Canceled;
}

// users 查找用户要 40ms。它是个老服务，不读
// x-mesh-deadline-ms：总是要花满 40ms，只有调用方自己能不再
// 等它。
function users(log: Log): Handler {
  return async (ctx, req) => {
    await work(ctx, 40 * time.Millisecond);
    if (req.param('id') !== '7')
      return json(404, { error: 'no such user' });
    log('users: found Ada');
    return json(200, { id: 7, name: 'Ada' });
  };
}

// catalog 按 120ms 一步读取商品：商品 1 有缓存（一步），商品 2
// 在慢磁盘上（五步）。每一步都检查 ctx，每做完一步记一行。
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

// startShop 启动 users、catalog 和 orders，各是一个 HTTP 服务
// 器；orders 以调用方 "orders" 的身份，通过网格的客户端访问另
// 外两个（流量标签页会画出它的调用）。
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
