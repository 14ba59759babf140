import { chan, go, main, type Chan } from 'gort';
import * as time from 'gort/time';

// 订阅源（feed）里的一条；GUID 说明它是哪篇文章。
interface Item {
  guid: string;
  title: string;
}

// 一次抓取的结果：新条目、下次何时抓取、出了什么错。
interface Fetched {
  items: Item[];
  next: time.Time;
  err: Error | null;
}

interface Fetcher {
  fetch(): Promise<Fetched>;
}

// Subscription 在 updates() 上按顺序投递订阅源的条目，每条
// 只投递一次，直到 close() 让它停下。close() 返回抓取器
// 最后一次给出的错误。
interface Subscription {
  updates(): Chan<Item>;
  close(): Promise<Error | null>;
}

// 假的订阅源：每次抓取耗时 10ms，返回下一批条目，并重复上一批
// 的最后一条（真实的 feed 也会这样；靠 GUID 分辨）。批次用完后
// 服务器就出错。它记录每次抓取，最后打印出来。不要修改抓取器。
const start = time.now();
const at = () => time.formatDuration(time.since(start));
const batches = [
  ['loopvar', 'rangefunc', 'iter'],
  ['iter', 'unique', 'synctest'],
  ['synctest', 'swiss', 'weak'],
  ['weak', 'toolchain', 'greenteagc'],
];
const fetchLog: string[] = [];
const fakeFetcher: Fetcher = {
  async fetch() {
    const n = fetchLog.length;
    fetchLog.push(`fetch ${n + 1} at ${at()}`);
    await time.sleep(10 * time.Millisecond);
    const next = time.now().add(15 * time.Millisecond);
    const batch = batches[n];
    if (batch === undefined) {
      const err = new Error(
        'GET /feed: 503 Service Unavailable',
      );
      return { items: [], next, err };
    }
    const items = batch.map((title) => ({
      guid: `go.dev/blog/${title}`,
      title,
    }));
    return { items, next, err: null };
  },
};

// 抓取失败后要等多久再试。
const retryDelay = 60 * time.Millisecond;

// subscribe 启动订阅的循环。这是演讲里那个幼稚的版本，带着它的
// bug。把它改成一个拥有自己状态的 for-select 循环：待发送的条目
// （pending）、下次抓取的时间、最后一次错误、见过的 GUID，以及
// 抓取进行时（在一个 goroutine 里）的 fetchDone 通道。
// 用 nil 通道（null）关掉一个 case：有抓取在进行、或已有
// maxPending（4）条在等时不抓取；没有待发送的条目时不发送。
// close() 在 closing 通道上发一个回复通道，等循环的回答：
// 最后一次的错误。
function subscribe(fetcher: Fetcher): Subscription {
  const updates = chan<Item>();
  const s = { closed: false, err: null as Error | null };
  go(loop, fetcher, updates, s);
  return {
    updates: () => updates,
    // close 设置一个循环会读的标志：在 Go 里这是数据竞争，
    // 而且没人等循环看到它。
    close() {
      s.closed = true;
      return Promise.resolve(s.err);
    },
  };
}

async function loop(
  fetcher: Fetcher,
  out: Chan<Item>,
  s: { closed: boolean; err: Error | null },
) {
  for (;;) {
    if (s.closed) {
      out.close();
      return;
    }
    const { items, next, err } = await fetcher.fetch();
    if (err !== null) {
      s.err = err;
      // 睡觉时错过了 close。
      await time.sleep(retryDelay);
      continue;
    }
    // 没人再接收就永远阻塞；源重复的条目会再发一次；
    // 也没有上限。
    for (const item of items) await out.send(item);
    const now = time.now();
    if (next.after(now)) await time.sleep(next.sub(now));
  }
}

main(async () => {
  const s = subscribe(fakeFetcher);
  // 一个慢读者：每 25ms 读一条。
  for (let i = 0; i < 8; i++) {
    const item = await s.updates().recv();
    console.log(`got ${item?.title} at ${at()}`);
    await time.sleep(25 * time.Millisecond);
  }
  console.log(`close at ${at()}`);
  const err = await s.close();
  console.log(
    `closed at ${at()}: ${err?.message ?? 'nil'}`,
  );
  for (const line of fetchLog) console.log(line);
  // 程序接着做别的事。
  await time.sleep(time.Second);
});
