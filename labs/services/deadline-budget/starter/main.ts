import { main } from 'gort';
import * as time from 'gort/time';
import { get } from 'gomesh';
import { DEADLINE_HEADER } from 'gomesh/sidecar';
import { startShop } from './shop.ts';

// ---- The test bench: your code is in shop.ts. ----

let tag = '';
let start = time.now();
// The lines of the current order, printed when it is over in the
// order of time; lines of one instant in the order of the call:
// client ->, the services' arrivals and work, orders giving up,
// client <-.
let lines: { at: number; what: string }[] = [];
const log = (what: string) =>
  lines.push({ at: time.since(start), what });
const rank = (what: string) =>
  what.startsWith('client ->')
    ? 0
    : what.startsWith('client <-')
      ? 3
      : what.startsWith('orders:')
        ? 2
        : 1;
function flush() {
  lines.sort(
    (a, b) => a.at - b.at || rank(a.what) - rank(b.what),
  );
  for (const l of lines)
    console.log(
      `[${tag}]`.padEnd(7),
      time.formatDuration(l.at).padEnd(6),
      l.what,
    );
  lines = [];
}

// order is a client calling GET /orders/<item> with a deadline
// `ms` milliseconds away, sent in x-mesh-deadline-ms. It waits
// for the answer however long it takes, so you see when orders
// answered, then gives the services a second to show what they
// still do for it.
async function order(
  name: string,
  url: string,
  item: string,
  ms: number,
) {
  tag = name;
  start = time.now();
  log(
    `client -> GET /orders/${item} (${DEADLINE_HEADER}: ${ms})`,
  );
  const res = await get(`${url}/orders/${item}`, {
    headers: { [DEADLINE_HEADER]: String(ms) },
  });
  log(`client <- ${res.status} ${await res.text()}`);
  await time.sleep(time.Second);
  flush();
}

main(async () => {
  const shop = await startShop(log);
  // The catalog is fast for item 1: 160ms in all.
  await order('fast', shop.orders, '1', 200);
  // It is slow for item 2: five steps of 120ms.
  await order('slow', shop.orders, '2', 200);
  // 30ms is too little even for users (40ms).
  await order('tight', shop.orders, '1', 30);
  await shop.close();
});
