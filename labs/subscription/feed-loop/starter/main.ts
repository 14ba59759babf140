import { chan, go, main, type Chan } from 'gort';
import * as time from 'gort/time';

// An item of a feed; its GUID says which post it is.
interface Item {
  guid: string;
  title: string;
}

// What one fetch returns: new items, when to fetch next,
// and what went wrong.
interface Fetched {
  items: Item[];
  next: time.Time;
  err: Error | null;
}

interface Fetcher {
  fetch(): Promise<Fetched>;
}

// A Subscription delivers a feed's items on updates(), each
// once, in order, until close() stops it. close() returns
// the last error the fetcher gave.
interface Subscription {
  updates(): Chan<Item>;
  close(): Promise<Error | null>;
}

// The fake feed: each fetch takes 10ms and returns the next
// batch, repeating the last item of the batch before (feeds
// do that; the GUID tells). Then the server fails. It keeps
// a log, printed at the end. Do not change the fetcher.
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

// How long to wait after a fetch that failed.
const retryDelay = 60 * time.Millisecond;

// subscribe starts the subscription's loop. This is the
// naive loop of the talk, with its bugs. Make it one
// for-select loop that owns its state: the pending items,
// the next fetch time, the last error, the GUIDs seen, and
// a fetchDone channel while a fetch runs (in a goroutine).
// Turn a case off with a nil channel (null): no fetch while
// one runs or maxPending (4) items wait; no send while nothing
// is pending. close() sends a reply channel on a closing
// channel and waits for the loop's answer: the last error.
function subscribe(fetcher: Fetcher): Subscription {
  const updates = chan<Item>();
  const s = { closed: false, err: null as Error | null };
  go(loop, fetcher, updates, s);
  return {
    updates: () => updates,
    // close sets a flag the loop reads: a data race in Go,
    // and nobody waits for the loop to see it.
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
      // Sleeps through a close.
      await time.sleep(retryDelay);
      continue;
    }
    // Blocks for ever if nobody receives any more; sends
    // an item again when the feed repeats it; no bound.
    for (const item of items) await out.send(item);
    const now = time.now();
    if (next.after(now)) await time.sleep(next.sub(now));
  }
}

main(async () => {
  const s = subscribe(fakeFetcher);
  // A slow reader: one item every 25ms.
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
  // The program goes on with its work.
  await time.sleep(time.Second);
});
