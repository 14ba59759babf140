import { chan, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// ---- 假网站和它的抓取器。不要修改。----

// 抓取器的日志：记下每次抓取的开始和结束。
// 缓冲区放得下每一行，所以记日志从不等待。
const wire = chan<string>(10_000);

interface Page {
  readonly body: string;
  readonly links: readonly string[];
  readonly ms: number; // 抓取它要花多久
}

// fakeWeb 生成第 seed 号网站：一个首页，下面是第 1 到
// 第 5 层页面 /1a、/1b……每个页面都链回首页（成环），
// 链向下一层的一两个页面（常有两个页面链向同一个），
// 有时链向自己或一个不存在的页面。有些页面很慢。
function fakeWeb(seed: number): Map<string, Page> {
  let s = seed;
  const rand = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 16) % n;
  };
  const home = `https://web${seed}.test/`;
  const levels: string[][] = [[home]];
  for (let l = 1; l <= 5; l++) {
    const n = 2 + rand(3);
    levels.push(
      Array.from(
        { length: n },
        (_, i) => `${home}${l}${'abcd'[i]}`,
      ),
    );
  }
  const web = new Map<string, Page>();
  for (const [l, urls] of levels.entries()) {
    const next = levels[l + 1] ?? [];
    for (const [i, url] of urls.entries()) {
      const links = [home];
      for (const [j, child] of next.entries()) {
        if (j % urls.length === i) links.push(child);
      }
      if (next.length > 0)
        links.push(next[rand(next.length)]!);
      if (rand(3) === 0) links.push(url);
      if (rand(4) === 0) links.push(`${home}${l + 1}x`);
      const ms = rand(6) === 0 ? 250 : 10 * (1 + rand(5));
      web.set(url, { body: `page ${url}`, links, ms });
    }
  }
  return web;
}

type Fetched = [
  body: string,
  urls: readonly string[],
  err: Error | null,
];

interface Fetcher {
  fetch(url: string): Promise<Fetched>;
}

// FakeFetcher 提供假网站的页面，在虚拟时钟上花掉每个
// 页面的时间，并把每次抓取记到 wire 上。
class FakeFetcher implements Fetcher {
  constructor(private readonly web: Map<string, Page>) {}

  async fetch(url: string): Promise<Fetched> {
    await wire.send(`GET ${url}`);
    const page = this.web.get(url);
    await time.sleep((page?.ms ?? 10) * time.Millisecond);
    await wire.send(`done ${url}`);
    if (page === undefined) {
      return ['', [], new Error(`not found: ${url}`)];
    }
    return [page.body, page.links, null];
  }
}

// ---- 你的爬虫。----

export const K = 3; // 同时在途的抓取最多 K 个

// crawl 应当抓取从 url 出发、不到 depth 个链接就能到达
// 的每个页面，每个恰好一次，同时最多 K 个；全部完成后
// 返回每个页面的内容（或错误）。
//
// 这是《A Tour of Go》里的 Crawl，每个链接开一个
// goroutine。它能结束，但会一遍又一遍地抓同一个页面
// （链接绕成了环），也不限制同时运行的抓取数。两处都要修。
async function crawl(
  url: string,
  depth: number,
  fetcher: Fetcher,
): Promise<Map<string, string>> {
  const results = new Map<string, string>();
  const wg = new WaitGroup();

  const visit = async (url: string, depth: number) => {
    if (depth <= 0) return;
    // TODO: 跳过已经抓过的 URL——以及别的 goroutine
    // 正在抓的 URL。
    // TODO: 同时最多 K 个抓取。
    const [body, urls, err] = await fetcher.fetch(url);
    results.set(url, err === null ? body : err.message);
    for (const u of urls) {
      wg.go(() => visit(u, depth - 1));
    }
  };

  wg.go(() => visit(url, depth));
  await wg.wait(); // 所有 visit，以及它们启动的 visit
  return results;
}

main(async () => {
  for (const seed of [1, 2, 3]) {
    const home = `https://web${seed}.test/`;
    const fetcher = new FakeFetcher(fakeWeb(seed));
    const results = await crawl(home, 4, fetcher);
    await wire.send(`returned ${home}`);
    const missing = [...results.values()].filter((b) =>
      b.startsWith('not found'),
    ).length;
    const found = results.size - missing;
    console.log(
      `${home}: ${found} pages, ${missing} not found`,
    );
  }
});
