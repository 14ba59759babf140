import { chan, go, main, recv, select } from 'gort';
import * as time from 'gort/time';

type Result = string;
type Search = (query: string) => Promise<Result>;

// ---- 给定部分：检查会算出同样的延迟，
// 这部分请保持原样。----

// 带种子的随机源（Park 和 Miller 的“最小标准”
// 生成器）。Pike 用的是 rand.Intn(100)。
class Source {
  constructor(private state: number) {}
  intn(n: number): number {
    this.state = (this.state * 48271) % 2147483647;
    return this.state % n;
  }
}

function fakeSearch(kind: string, latency: number): Search {
  return async (query) => {
    await time.sleep(latency);
    return `${kind} result for "${query}"`;
  };
}

// 每种服务器各有两个副本。
interface Servers {
  web: Search[];
  image: Search[];
  video: Search[];
}

// servers 按一个种子造出六台服务器，依次抽取
// 它们的延迟（0-99ms）：web1、image1、video1、
// web2、image2、video2。
function servers(seed: number): Servers {
  const r = new Source(seed);
  const ms = () => r.intn(100) * time.Millisecond;
  const [web1, image1, video1] = [ms(), ms(), ms()];
  const [web2, image2, video2] = [ms(), ms(), ms()];
  return {
    web: [
      fakeSearch('web1', web1),
      fakeSearch('web2', web2),
    ],
    image: [
      fakeSearch('image1', image1),
      fakeSearch('image2', image2),
    ],
    video: [
      fakeSearch('video1', video1),
      fakeSearch('video2', video2),
    ],
  };
}

// ---- 你的部分。----
// Pike 原版的 Google 2.1：每种服务器只问一次，
// 问的是副本 1，用的是无缓冲通道。把它改成 3.0：
// 写出 First(query, ...replicas)，同时询问所有副本、
// 返回第一个答案，并对每种服务器都用它。注意那些
// 输掉的 goroutine，以及超时之后才回答的：
// 已经没有人接收它们的结果了。
async function Google(
  query: string,
  s: Servers,
): Promise<Result[]> {
  const results: Result[] = [];
  const c = chan<Result>(0, '');
  go(async () => c.send(await s.web[0]!(query)));
  go(async () => c.send(await s.image[0]!(query)));
  go(async () => c.send(await s.video[0]!(query)));

  const timeout = time.after(80 * time.Millisecond);
  for (let i = 0; i < 3; i++) {
    const r = await select({
      result: recv(c),
      timeout: recv(timeout),
    });
    if (r.case === 'timeout') return results;
    results.push(r.value);
  }
  return results;
}

main(async () => {
  for (let seed = 1; seed <= 12; seed++) {
    const start = time.now();
    const results = await Google('golang', servers(seed));
    const elapsed = time.since(start);
    const names = results.map((r) => r.split(' ')[0]);
    console.log(
      `seed ${seed}: [${names.join(' ')}] in ${time.formatDuration(elapsed)}`,
    );
  }
  // 调用方接着做自己的事（服务器处理下一个请求）：
  // 输掉的副本有时间回答。
  await time.sleep(time.Second);
});
