import {
  chan,
  go,
  main,
  recv,
  select,
  send,
  type Chan,
} from 'gort';
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

// At most this many items wait in the loop for the reader.
const maxPending = 4;
// How long to wait after a fetch that failed.
const retryDelay = 60 * time.Millisecond;
// Go's zero Item: what a disabled send case would send.
const noItem: Item = { guid: '', title: '' };

function subscribe(fetcher: Fetcher): Subscription {
  const updates = chan<Item>();
  const closing = chan<Chan<Error | null, null>>();
  go(loop, fetcher, updates, closing);
  return {
    updates: () => updates,
    // close asks the loop to stop and waits for its answer:
    // the last error. The loop owns err; nobody else reads it.
    async close() {
      const errc = chan<Error | null, null>(0, null);
      await closing.send(errc);
      return errc.recv();
    },
  };
}

// loop owns the subscription's state: only it reads or
// writes pending, next, err, seen and fetchDone.
async function loop(
  fetcher: Fetcher,
  out: Chan<Item>,
  closing: Chan<Chan<Error | null, null>>,
) {
  let pending: Item[] = [];
  let next = time.now();
  let err: Error | null = null;
  const seen = new Set<string>();
  // Non-null while a fetch runs. Buffered, so that a fetch
  // still running when the loop returns can finish and exit.
  let fetchDone: Chan<Fetched> | null = null;
  for (;;) {
    // Fetch when it is time, unless one is running or
    // pending is full: a nil channel turns the case off.
    let startFetch: Chan<time.Time, time.Time> | null =
      null;
    if (fetchDone === null && pending.length < maxPending) {
      const delay = Math.max(0, time.until(next));
      startFetch = time.after(delay) as Chan<
        time.Time,
        time.Time
      >;
    }
    // Send only when there is something to send.
    let first = noItem;
    let updates: Chan<Item> | null = null;
    if (pending.length > 0) {
      first = pending[0]!;
      updates = out;
    }
    const r = await select({
      closing: recv(closing),
      start: recv(startFetch),
      fetched: recv(fetchDone),
      sent: send(updates, first),
    });
    switch (r.case) {
      case 'closing': {
        await r.value!.send(err);
        out.close();
        return;
      }
      case 'start': {
        const done = chan<Fetched>(1);
        fetchDone = done;
        go(async () => done.send(await fetcher.fetch()));
        break;
      }
      case 'fetched': {
        fetchDone = null;
        const result = r.value!;
        err = result.err;
        if (err !== null) {
          next = time.now().add(retryDelay);
          break;
        }
        next = result.next;
        for (const item of result.items) {
          if (seen.has(item.guid)) continue;
          seen.add(item.guid);
          pending.push(item);
        }
        break;
      }
      case 'sent':
        pending = pending.slice(1);
        break;
    }
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
