import {
  chan,
  go,
  main,
  recv,
  select,
  type Chan,
} from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

// search 要询问的后端，以及每个后端回答要多久。
const backends = [
  { name: 'web', latency: 30 * time.Millisecond },
  { name: 'images', latency: 60 * time.Millisecond },
  { name: 'video', latency: 250 * time.Millisecond },
];

// ask 等一个后端的回答，然后把它发送到 out 上。
// 它根本不知道调用方的截止时间：把 ctx 传给它。
async function ask(
  backend: (typeof backends)[number],
  out: Chan<string, string>,
) {
  await time.sleep(backend.latency);
  await out.send(backend.name);
}

// search 同时询问所有后端，
// 返回 ctx 结束之前回答了的结果；
// 如果 ctx 已经结束，同时返回一个错误。
async function search(
  ctx: context.Context,
): Promise<[string[], Error | null]> {
  const out = chan<string>(0, '');
  for (const backend of backends) {
    go(() => ask(backend, out));
  }
  const found: string[] = [];
  while (found.length < backends.length) {
    const r = await select({
      hit: recv(out),
      done: recv(ctx.done()),
    });
    if (r.case === 'done') {
      return [found, new Error('search timed out')];
    }
    found.push(r.value);
  }
  return [found, null];
}

main(async () => {
  const start = time.now();
  const [ctx, cancel] = context.withTimeout(
    context.background(),
    100 * time.Millisecond,
  );
  const [found, err] = await search(ctx);
  cancel();
  console.log('found:', found.join(', '));
  console.log('error:', err?.message);
  console.log(
    'deadline exceeded:',
    err === context.DeadlineExceeded,
  );
  console.log(
    'search returned at',
    time.formatDuration(time.since(start)),
  );
  // 调用方继续做自己的事
  // （比如服务器接着处理下一个请求）。
  await time.sleep(time.Second);
});
