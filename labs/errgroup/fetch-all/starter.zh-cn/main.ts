import { chan, main, recv, select } from 'gort';
import { background, type Context } from 'gort/context';
import { WaitGroup } from 'gort/sync';
import { after, Millisecond } from 'gort/time';

// 服务器的访问日志：每个请求，以及它是怎么结束的。
// 它能装下每一行，所以记日志从不等待。
const wire = chan<string>(100);

// 服务器应答每一项（1 到 12）要花多长时间。
const latency = [
  0, 40, 70, 50, 30, 60, 45, 35, 55, 25, 65, 20, 50,
];

// fetch 向服务器请求一项，第 7 项会失败。和 Go 的 http.Client
// 一样：上下文已取消就什么都不发；ctx 一取消，它就立刻放弃。
// 不要修改 fetch。
async function fetch(
  ctx: Context,
  id: number,
): Promise<Error | null> {
  if (ctx.err() !== null) return ctx.err();
  await wire.send(`GET /items/${id}`);
  const r = await select({
    done: recv(ctx.done()),
    answer: recv(after(latency[id]! * Millisecond)),
  });
  if (r.case === 'done') {
    await wire.send(`canceled /items/${id}`);
    return ctx.err();
  }
  if (id === 7) {
    await wire.send(`500 /items/${id}`);
    return new Error(
      `GET /items/${id}: 500 Internal Server Error`,
    );
  }
  await wire.send(`200 /items/${id}`);
  return null;
}

main(async () => {
  const fetched: boolean[] = [];
  const errs: Error[] = []; // errs[0] 是第一个错误
  const ctx = background();
  const wg = new WaitGroup();
  // 十二个一次全部启动；一个失败了，也没有什么能让其余的停下。
  for (let id = 1; id <= 12; id++) {
    wg.go(async () => {
      const err = await fetch(ctx, id);
      if (err === null) fetched[id] = true;
      else errs.push(err);
    });
  }
  await wg.wait();
  console.log(
    'items fetched:',
    fetched.filter(Boolean).length,
  );
  console.log('first error:', errs[0]?.message ?? 'none');
});
