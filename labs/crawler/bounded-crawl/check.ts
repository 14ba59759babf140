/**
 * Check for crawler/bounded-crawl: A Tour of Go's web crawler exercise, with the check the Tour
 * never had (golang/go#14480). main crawls three seeded fake webs to depth 4 with K = 3.
 *
 * Read from the trace, not from the output: the fake fetcher (which the learner must not change)
 * logs `GET <url>` when a fetch starts and `done <url>` when it ends on the `wire` channel, and main
 * logs `returned <home>` when crawl has returned. Replaying those sends in trace order gives how often
 * each URL was fetched, how many fetches were in flight at every moment, and whether a fetch of a web
 * started or ended after its crawl returned. The pages a crawl must fetch are computed here from the
 * same seeded generator (a copy of main.ts's fakeWeb): every page fewer than `depth` links from home.
 *
 * Explored over many schedules (`t.explore`): goroutines that wake in the same instant of virtual
 * time may run in any order in Go, and "no URL fetched twice" must hold in every one of them.
 */
import { defineCheck, verbatim } from 'labcheck';

const seeds = [1, 2, 3];
const depth = 4;
const K = 3;
const LINE =
  /^(GET|done|returned) (https:\/\/web(\d+)\.test\/\S*)$/;

/** main.ts's fakeWeb, links only: what each page links to. */
function fakeLinks(
  seed: number,
): Map<string, readonly string[]> {
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
  const web = new Map<string, readonly string[]>();
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
      if (rand(6) !== 0) rand(5); // the latency: the same draws as main.ts
      web.set(url, links);
    }
  }
  return web;
}

/** Every URL fewer than `depth` links from home (breadth first), with its distance. */
function reachable(seed: number): Map<string, number> {
  const links = fakeLinks(seed);
  const dist = new Map<string, number>([
    [`https://web${seed}.test/`, 0],
  ]);
  let frontier = [`https://web${seed}.test/`];
  for (let d = 1; d < depth; d++) {
    const next: string[] = [];
    for (const url of frontier) {
      for (const u of links.get(url) ?? []) {
        if (!dist.has(u)) {
          dist.set(u, d);
          next.push(u);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

interface Wire {
  readonly kind: string;
  readonly url: string;
  readonly web: number;
  readonly t: number;
}

const webs = seeds.map((seed) => {
  const dist = reachable(seed);
  const home = `https://web${seed}.test/`;
  const links = fakeLinks(seed);
  const missing = [...dist.keys()].filter(
    (u) => !links.has(u),
  ).length;
  return {
    seed,
    home,
    dist,
    line: `${home}: ${dist.size - missing} pages, ${missing} not found`,
  };
});

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const stderr = run.stderr.trim().split('\n')[0] ?? '';
    t.equal(
      {
        en: 'the crawl finishes: the program exits with status 0',
        'zh-cn': '爬取能够结束：程序以退出状态 0 结束',
      },
      run.exitCode,
      0,
      stderr.includes('deadlock')
        ? {
            en: `${stderr} — every goroutine is waiting, most of them for a slot of the semaphore: a visit that keeps its slot while it waits for its children starves them once ${K} visits do it. Give the slot back as soon as fetch returns, before starting the children`,
            'zh-cn': `${stderr}——所有 goroutine 都在等待，大多在等信号量的空位：一次 visit 如果在等待子页面时仍占着空位，等到 ${K} 个 visit 都这样做，子页面就再也拿不到空位。fetch 一返回就归还空位，再启动子页面`,
          }
        : verbatim(stderr),
    );

    const wire: Wire[] = t
      .events(run, 'chan.send')
      .flatMap((e) => {
        const m =
          typeof e.value === 'string'
            ? LINE.exec(e.value)
            : null;
        return m === null
          ? []
          : [
              {
                kind: m[1]!,
                url: m[2]!,
                web: Number(m[3]),
                t: e.t,
              },
            ];
      });
    const gets = wire.filter((w) => w.kind === 'GET');
    const stopped = run.exitCode !== 0;
    const hops = (url: string) =>
      webs
        .flatMap((w) => [...w.dist])
        .find(([u]) => u === url)?.[1] ?? 0;

    // Exactly once: no URL twice, none missed, none deeper than depth allows.
    const counts = new Map<string, number>();
    for (const w of gets)
      counts.set(w.url, (counts.get(w.url) ?? 0) + 1);
    const twice = [...counts].find(([, n]) => n > 1);
    const all = webs.flatMap((w) => [...w.dist.keys()]);
    const missed = all.find((u) => !counts.has(u));
    const deep = gets.find(
      (w) => !webs[w.web - 1]?.dist.has(w.url),
    );
    t.expect(
      {
        en: `every page fewer than ${depth} links from home is fetched exactly once, and nothing deeper`,
        'zh-cn': `离首页不到 ${depth} 个链接的每个页面都恰好抓取一次，更深的一个也不抓`,
      },
      twice === undefined &&
        missed === undefined &&
        deep === undefined,
      twice !== undefined
        ? {
            en: `${twice[0]} was fetched ${twice[1]} times: before fetching a URL, check whether it was seen and mark it seen in one step — under one mu.lock(), with no await in between — so that only one goroutine claims it`,
            'zh-cn': `${twice[0]} 被抓取了 ${twice[1]} 次：抓取之前，要在同一步里检查它是否见过并把它标记为已见——在同一次 mu.lock() 之内，中间没有 await——这样每个 URL 只会被一个 goroutine 认领`,
          }
        : missed !== undefined
          ? stopped
            ? {
                en: `${missed} was never fetched: the program stopped before the crawl was done (see the first item)`,
                'zh-cn': `${missed} 从未被抓取：爬取还没完成，程序就停了（见第一项）`,
              }
            : {
                en: `${missed} was never fetched, although it is ${hops(missed)} link${hops(missed) === 1 ? '' : 's'} from home: follow every link of every fetched page, and wait for those visits before crawl returns`,
                'zh-cn': `${missed} 离首页只有 ${hops(missed)} 个链接，却从未被抓取：请跟进每个已抓取页面的每个链接，并在 crawl 返回之前等这些 visit 结束`,
              }
          : {
              en: `${deep?.url ?? '?'} was fetched, but it is ${depth} or more links from home: visit(url, depth) fetches only while depth > 0, and its links get depth - 1`,
              'zh-cn': `${deep?.url ?? '?'} 离首页有 ${depth} 个或更多链接，却被抓取了：visit(url, depth) 只在 depth > 0 时抓取，它的链接拿到的是 depth - 1`,
            },
    );

    // In flight: GETs minus dones, at every send.
    let inFlight = 0;
    let peak = 0;
    let peakAt: Wire | undefined;
    for (const w of wire) {
      if (w.kind === 'returned') continue;
      inFlight += w.kind === 'GET' ? 1 : -1;
      if (inFlight > peak) {
        peak = inFlight;
        peakAt = w;
      }
    }
    t.expect(
      {
        en: `at most ${K} fetches are in flight at any moment`,
        'zh-cn': `任何时刻同时在途的抓取不超过 ${K} 个`,
      },
      gets.length > 0 && peak <= K,
      gets.length === 0
        ? {
            en: 'nothing was fetched: visit the home page, and follow its links',
            'zh-cn':
              '什么都没有抓取：请访问首页，并跟进它的链接',
          }
        : {
            en: `${peak} fetches were in flight at once when GET ${peakAt?.url ?? '?'} started: take a slot of a buffered channel of ${K} before each fetch (await sem.send()) and give it back when the fetch returns (await sem.recv())`,
            'zh-cn': `开始 GET ${peakAt?.url ?? '?'} 时有 ${peak} 个抓取同时在途：每次抓取之前占用容量为 ${K} 的缓冲通道的一个空位（await sem.send()），抓取返回后归还（await sem.recv()）`,
          },
    );
    const cutShort =
      stopped ||
      gets.length <
        webs.reduce((n, w) => n + w.dist.size, 0);
    t.expect(
      {
        en: `the ${K} slots are used: ${K} fetches run at once while there is work`,
        'zh-cn': `${K} 个空位都用上了：有活可干时同时有 ${K} 个抓取在跑`,
      },
      peak >= K,
      cutShort
        ? {
            en: `at most ${peak} fetch(es) ran at once, in a crawl that was cut short: make it fetch every page first (see the items above and below)`,
            'zh-cn': `最多只有 ${peak} 个抓取同时在跑，而且爬取没有完成：先让它抓到每个页面（见上下几项）`,
          }
        : {
            en: `at most ${peak} fetch(es) ran at once: the crawl is serial — visit each link in its own goroutine (wg.go) instead of awaiting one visit after the other`,
            'zh-cn': `最多只有 ${peak} 个抓取同时在跑：这是串行爬取——每个链接都要在自己的 goroutine 里访问（wg.go），而不是一个接一个地 await`,
          },
    );

    // crawl returns only after the last fetch of its web has ended.
    let late: Wire | undefined;
    let unreturned: string | undefined;
    for (const web of webs) {
      const ret = wire.findIndex(
        (w) => w.kind === 'returned' && w.web === web.seed,
      );
      if (ret === -1) {
        unreturned ??= web.home;
        continue;
      }
      late ??= wire
        .slice(ret + 1)
        .find(
          (w) =>
            w.kind !== 'returned' && w.web === web.seed,
        );
    }
    t.expect(
      {
        en: 'crawl returns only after its last fetch has ended',
        'zh-cn': 'crawl 只在它的最后一次抓取结束之后才返回',
      },
      late === undefined && unreturned === undefined,
      late !== undefined
        ? {
            en: `${late.kind === 'GET' ? 'GET' : 'the fetch of'} ${late.url} ${late.kind === 'GET' ? 'started' : 'ended'} after crawl(${webs[late.web - 1]?.home ?? '?'}) had returned: count every visit in a WaitGroup before it starts — wg.go(...), or wg.add(1) before go(...), never inside the new goroutine — and await wg.wait() before returning`,
            'zh-cn': `crawl(${webs[late.web - 1]?.home ?? '?'}) 返回之后，${late.url} 的抓取才${late.kind === 'GET' ? '开始' : '结束'}：每次 visit 开始之前都要在 WaitGroup 里记上——用 wg.go(...)，或者在 go(...) 之前 wg.add(1)，绝不能在新 goroutine 里面——返回之前 await wg.wait()`,
          }
        : {
            en: `crawl(${unreturned ?? '?'}) never returned${stopped ? ': the program stopped first (see the first item)' : ''}`,
            'zh-cn': `crawl(${unreturned ?? '?'}) 一直没有返回${stopped ? '：程序先停了（见第一项）' : ''}`,
          },
    );

    const expected = webs.map((w) => w.line);
    t.equal(
      {
        en: `the results are complete: it prints ${expected.map((l) => JSON.stringify(l)).join(', ')}`,
        'zh-cn': `结果完整：打印 ${expected.map((l) => JSON.stringify(l)).join('、')}`,
      },
      run.lines,
      expected,
      {
        en: 'crawl must return a result for every page it fetched, so it may return only when every visit has ended',
        'zh-cn':
          'crawl 返回的结果要包含它抓取的每个页面，所以只能在所有 visit 都结束后返回',
      },
    );

    t.noLeaks(run);
  });
});
