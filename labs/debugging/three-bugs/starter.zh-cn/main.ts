import { chan, go, main, recv, select } from 'gort';
import { Mutex, WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// ---- 已给出：这部分保持原样。 ----

// 指标通道：计数的每次变化都在这里上报。缓冲区放得下
// 所有上报，所以发送从不等待；但它仍是一个 await，
// 而在每个 await 处，Go 都可能切去运行别的 goroutine。
const metrics = chan<string>(100, '');

class Stats {
  hits = 0;
  readonly mu = new Mutex(); // 保护 hits
}

class Account {
  readonly mu = new Mutex(); // 保护 credits
  constructor(
    readonly id: number,
    public credits: number,
  ) {}
}

// lookup 查询用户服务；每四个用户里有一个很慢（80ms），
// 赶不上 handler 的 50ms 期限。
async function lookup(user: number): Promise<string> {
  const slow = user % 4 === 3;
  await time.sleep((slow ? 80 : 10) * time.Millisecond);
  return `user ${user}`;
}

// ---- 你的部分：下面埋了三个 bug。 ----

// count 把计数加一。（丢失更新：在读和写之间的 await 处，
// 别的 handler 可能插进来。）
async function count(stats: Stats): Promise<void> {
  const n = stats.hits;
  await metrics.send(`hits: ${n} -> ${n + 1}`);
  stats.hits = n + 1;
}

// fetchUser 最多等查询 50ms。（泄漏：过了期限就没人再从
// reply 接收，迟到的查询会永远卡在发送上。）
async function fetchUser(user: number): Promise<string> {
  const reply = chan<string>(0, '');
  go(async () => {
    await reply.send(await lookup(user));
  });
  const r = await select({
    reply: recv(reply),
    timeout: recv(time.after(50 * time.Millisecond)),
  });
  return r.case === 'reply' ? r.value : 'timeout';
}

// transfer 转移 n 个积分。（死锁：a->b 的转账先锁 a 再锁 b，
// b->a 的转账先锁 b 再锁 a；两者可能各持一把锁、互相等待。）
async function transfer(
  from: Account,
  to: Account,
  n: number,
): Promise<void> {
  const [first, second] = [from, to];
  await first.mu.lock();
  try {
    await second.mu.lock();
    try {
      from.credits -= n;
      to.credits += n;
    } finally {
      second.mu.unlock();
    }
  } finally {
    first.mu.unlock();
  }
}

// handle 处理第 i 个请求：计数、查询用户，再在 a 和 b
// 之间转一个积分——偶数请求往一个方向，奇数请求往另一个方向。
async function handle(
  i: number,
  stats: Stats,
  a: Account,
  b: Account,
): Promise<boolean> {
  await count(stats);
  const user = await fetchUser(i);
  if (i % 2 === 0) await transfer(a, b, 1);
  else await transfer(b, a, 1);
  return user !== 'timeout';
}

main(async () => {
  const requests = 8;
  const stats = new Stats();
  const a = new Account(1, 10);
  const b = new Account(2, 10);
  const wg = new WaitGroup();
  let answered = 0;
  for (let i = 0; i < requests; i++) {
    wg.go(async () => {
      if (await handle(i, stats, a, b)) answered++;
    });
  }
  await wg.wait();
  console.log(
    `served ${requests} requests, ${answered} answered in time`,
  );
  console.log(`hits: ${stats.hits}`);
  console.log(`credits: a ${a.credits}, b ${b.credits}`);
  // 服务器处理完请求后还会继续运行：这里再等一秒，
  // 迟到的查询有足够的时间回来。
  await time.sleep(time.Second);
});
