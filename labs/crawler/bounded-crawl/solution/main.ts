import { chan, main } from 'gort';
import { Mutex, WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// ---- The fake web and its fetcher: do not change. ----

// The fetcher's log: every fetch as it starts and ends.
// It has room for every line, so logging never waits.
const wire = chan<string>(10_000);

interface Page {
  readonly body: string;
  readonly links: readonly string[];
  readonly ms: number; // how long fetching it takes
}

// fakeWeb builds web number `seed`: a home page, then
// levels 1 to 5 of pages /1a, /1b, ... Every page links
// back home (a cycle) and to one or two pages of the next
// level (two pages often link to the same one), sometimes
// to itself or to a page that does not exist. Some pages
// are slow.
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

// FakeFetcher serves a fake web, taking each page's time on
// the virtual clock, and logs every fetch on the wire.
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

// ---- Your crawler. ----

export const K = 3; // at most K fetches in flight

// crawl fetches every page reachable from url in fewer than
// depth links, each exactly once, at most K at a time, and
// returns each page's body (or error) once all are done.
async function crawl(
  url: string,
  depth: number,
  fetcher: Fetcher,
): Promise<Map<string, string>> {
  const mu = new Mutex();
  // seen and results are guarded by mu.
  const seen = new Set<string>();
  const results = new Map<string, string>();
  const sem = chan<void>(K); // a slot for each fetch
  const wg = new WaitGroup();

  const visit = async (url: string, depth: number) => {
    if (depth <= 0) return;
    // Check and mark in one critical section, before
    // fetching: one goroutine claims each URL.
    await mu.lock();
    const claimed = !seen.has(url);
    seen.add(url);
    mu.unlock();
    if (!claimed) return;

    await sem.send(); // take a slot (wait for one)
    const [body, urls, err] = await fetcher.fetch(url);
    await sem.recv(); // give it back, before the children

    await mu.lock();
    results.set(url, err === null ? body : err.message);
    mu.unlock();
    for (const u of urls) {
      wg.go(() => visit(u, depth - 1));
    }
  };

  wg.go(() => visit(url, depth));
  await wg.wait(); // all visits and the ones they started
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
