import { chan, go, main, recv, select } from 'gort';
import * as context from 'gort/context';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// 这个头部携带调用方预算里还剩下的毫秒数（gomesh 用
// x-mesh-deadline-ms；gRPC 用 grpc-timeout，Envoy 用
// x-envoy-expected-rq-timeout-ms）。
const DEADLINE_HEADER = 'x-mesh-deadline-ms';

// orders 处理 GET /orders/<item>：先查用户，再查商品，然后把
// 两者拼在一起。ctx 带着这个请求的截止时间。
//
// TODO：两次调用都没用 ctx。orders 会一直等 catalog，不管等多久；
// catalog 根本不知道截止时间，客户端放弃之后它还在干活。
// 把 ctx 传给 call（orders 到截止时间就不再等），再带上头部
// { [DEADLINE_HEADER]: <还剩下的毫秒数> }，用 ctx.deadline()
// 和 time.until 算出来（这样被调用方也会停下）。
async function orders(
  ctx: context.Context,
  item: string,
): Promise<Res> {
  // 已经过了截止时间的请求，不值得再开始。
  if (ctx.err() !== null)
    return { status: 504, body: 'Gateway Timeout' };
  const user = await call(
    context.background(),
    'users',
    '/users/7',
    {},
  );
  if (user.status !== 200)
    return { status: 502, body: 'users' };
  const it = await call(
    context.background(),
    'catalog',
    `/items/${item}`,
    {},
  );
  if (it.status !== 200)
    return { status: 502, body: 'catalog' };
  return {
    status: 200,
    body: JSON.stringify({
      user: user.body,
      item: it.body,
    }),
  };
}

// ---- The test bench: no need to change anything below. ----

type Headers = Record<string, string>;
interface Res {
  status: number;
  body: string;
}
type Handler = (
  ctx: context.Context,
  path: string,
) => Promise<Res>;

let start = time.now();
let tag = '';
// The lines of the current request, printed when it is over in
// the order of time; lines of the same instant in the order of
// the call: client ->, the callees' work, orders, client <-.
let lines: { at: number; what: string }[] = [];
const log = (what: string) =>
  lines.push({ at: time.since(start), what });
const rank = (what: string) =>
  what.startsWith('client ->')
    ? 0
    : what.startsWith('orders')
      ? 2
      : what.startsWith('client')
        ? 3
        : 1;
function flush() {
  lines.sort(
    (a, b) => a.at - b.at || rank(a.what) - rank(b.what),
  );
  for (const l of lines)
    console.log(
      `[${tag}]`,
      time.formatDuration(l.at).padEnd(6),
      l.what,
    );
  lines = [];
}

// Every handler the bench starts, so main waits for the work a
// caller left behind and the log shows it.
const running = new WaitGroup();

// serverContext is what a server does with an incoming request:
// its context ends at the deadline the header announces, or
// never if there is none.
function serverContext(
  headers: Headers,
): [context.Context, context.CancelFunc] {
  const ms = headers[DEADLINE_HEADER];
  if (ms === undefined)
    return context.withCancel(context.background());
  return context.withTimeout(
    context.background(),
    Number(ms),
  );
}

// users looks a user up in 40ms.
async function users(ctx: context.Context): Promise<Res> {
  const r = await select({
    done: recv(time.after(40 * time.Millisecond)),
    cancelled: recv(ctx.done()),
  });
  if (r.case === 'cancelled') {
    log(`users: cancelled (${String(ctx.err()?.message)})`);
    return { status: 504, body: '' };
  }
  log('users: found ada');
  return { status: 200, body: 'ada' };
}

// catalog reads an item in steps of 120ms: item 1 takes one
// step (cached), item 2 five (a slow disk). It checks ctx
// between and during steps, and logs every step it finishes.
async function catalog(
  ctx: context.Context,
  path: string,
): Promise<Res> {
  const steps = path.endsWith('/2') ? 5 : 1;
  for (let i = 1; i <= steps; i++) {
    const r = await select({
      done: recv(time.after(120 * time.Millisecond)),
      cancelled: recv(ctx.done()),
    });
    if (r.case === 'cancelled') {
      log(
        `catalog: cancelled (${String(ctx.err()?.message)})`,
      );
      return { status: 504, body: '' };
    }
    log(`catalog: ${path} step ${i}/${steps}`);
  }
  return {
    status: 200,
    body: path.endsWith('/2') ? 'desk' : 'lamp',
  };
}

const services: Record<string, Handler> = {
  users: (ctx) => users(ctx),
  catalog,
};

// call sends a request: the callee runs in its own goroutine
// with a context made from the headers (it cannot see ours).
// The caller waits for the answer or for its own ctx to end;
// then it gets an error, not a response.
async function call(
  ctx: context.Context,
  service: string,
  path: string,
  headers: Headers,
): Promise<Res> {
  const handler = services[service];
  if (handler === undefined)
    throw new Error(`no service ${service}`);
  const sent = headers[DEADLINE_HEADER];
  log(
    `orders -> ${service} ${path}${sent === undefined ? '' : ` (${DEADLINE_HEADER}: ${sent})`}`,
  );
  const answer = chan<Res>(1);
  running.add(1);
  go(async () => {
    const [sctx, cancel] = serverContext(headers);
    try {
      await answer.send(await handler(sctx, path));
    } finally {
      cancel();
      running.done();
    }
  });
  const r = await select({
    res: recv(answer),
    gaveUp: recv(ctx.done()),
  });
  // An answer that arrives at the deadline is too late: the
  // caller has given up at that instant, whichever came first.
  const [deadline, ok] = ctx.deadline();
  const late = ok && time.until(deadline) <= 0;
  if (r.case === 'gaveUp' || late) {
    log(`orders: ${service}: context deadline exceeded`);
    throw ctx.err() ?? context.DeadlineExceeded;
  }
  return r.value as Res;
}

// frontDoor is the caller's side of GET /orders/<item> with a
// 200ms deadline: like the mesh's timeout layer, it answers 504
// at the deadline whatever orders is still doing.
async function frontDoor(name: string, item: string) {
  start = time.now();
  tag = name;
  const headers = { [DEADLINE_HEADER]: '200' };
  log(
    `client -> GET /orders/${item} (${DEADLINE_HEADER}: 200)`,
  );
  const answer = chan<Res>(1);
  running.add(1);
  go(async () => {
    const [ctx, cancel] = serverContext(headers);
    try {
      await answer.send(await orders(ctx, item));
    } catch {
      await answer.send({
        status: 504,
        body: 'Gateway Timeout',
      });
    } finally {
      cancel();
      running.done();
    }
  });
  const r = await select({
    res: recv(answer),
    late: recv(time.after(200 * time.Millisecond)),
  });
  if (r.case === 'late')
    log('client <- 504 Gateway Timeout');
  else {
    const res = r.value as Res;
    log(`client <- ${res.status} ${res.body}`);
  }
  await running.wait();
  flush();
}

main(async () => {
  await frontDoor('fast', '1');
  await frontDoor('slow', '2');
});
