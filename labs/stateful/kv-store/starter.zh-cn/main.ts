import {
  chan,
  go,
  main,
  recv,
  select,
  send,
  type Chan,
} from 'gort';
import * as context from 'gort/context';
import { WaitGroup } from 'gort/sync';

// 所有者处理的请求。每个请求都带着自己的回复通道 resp，
// 里面正好放得下一个回答，所以所有者从不等调用方。
interface GetOp {
  key: string;
  resp: Chan<number, number>;
}
interface SetOp {
  key: string;
  value: number;
  resp: Chan<number, number>;
}

// 存储的请求通道，以及 stopped：所有者返回时应该关闭它。
interface Store {
  gets: Chan<GetOp | null, null>;
  sets: Chan<SetOp | null, null>;
  stopped: Chan<void>;
}

// owner 是唯一碰 counts 的 goroutine：一次处理一个请求。
// 谁也没法让它停下。
async function owner(s: Store) {
  const counts = new Map<string, number>();
  for (;;) {
    const r = await select({
      get: recv(s.gets),
      set: recv(s.sets),
    });
    if (r.case === 'get' && r.value !== null) {
      await r.value.resp.send(counts.get(r.value.key) ?? 0);
    }
    if (r.case === 'set' && r.value !== null) {
      counts.set(r.value.key, r.value.value);
      await r.value.resp.send(r.value.value);
    }
  }
}

// call 把 op 发给所有者（除非 ctx 先结束了），
// 然后等它的回复。
async function call<
  Op extends { resp: Chan<number, number> },
>(
  ctx: context.Context,
  requests: Chan<Op | null, null>,
  op: Op,
): Promise<[number, Error | null]> {
  const sent = await select({
    sent: send(requests, op),
    done: recv(ctx.done()),
  });
  if (sent.case === 'done') return [0, ctx.err()];
  return [await op.resp.recv(), null];
}

// get 返回 key 的计数。
function get(ctx: context.Context, s: Store, key: string) {
  return call(ctx, s.gets, { key, resp: chan(1, 0) });
}

// set 把 key 的计数设为 value。
function set(
  ctx: context.Context,
  s: Store,
  key: string,
  value: number,
) {
  return call(ctx, s.sets, {
    key,
    value,
    resp: chan(1, 0),
  });
}

// increment 给 key 的计数加一：先 get 计数，再 set 成大一的值。
// 每个请求都是单独处理的——可这两步合起来呢？
async function increment(
  ctx: context.Context,
  s: Store,
  key: string,
): Promise<Error | null> {
  const [n, err] = await get(ctx, s, key);
  if (err !== null) return err;
  const [, err2] = await set(ctx, s, key, n + 1);
  return err2;
}

// shutdown 关闭存储：取消 ctx。可所有者从没拿到过 ctx，
// 也没有谁等它停下。
function shutdown(cancel: () => void) {
  cancel();
}

main(async () => {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const s: Store = {
    gets: chan(0, null),
    sets: chan(0, null),
    stopped: chan(),
  };
  go(owner, s);

  // 三个 worker 各记 10 次 hit。
  const wg = new WaitGroup();
  for (let w = 0; w < 3; w++) {
    wg.go(async () => {
      for (let i = 0; i < 10; i++) {
        await increment(ctx, s, 'hits');
      }
    });
  }
  await wg.wait();
  const [hits] = await get(ctx, s, 'hits');
  console.log('hits:', hits);

  shutdown(cancel);
  // shutdown 之后才来的调用方，不能永远等一个
  // 已经不在的所有者。
  const err = await increment(ctx, s, 'hits');
  console.log(
    'increment after shutdown:',
    err?.message ?? '<nil>',
  );
});
