import { main } from 'gort';
import * as time from 'gort/time';
import { get } from 'gomesh';
import { DEADLINE_HEADER } from 'gomesh/sidecar';
import { startShop } from './shop.ts';

// ---- 测试台：你的代码在 shop.ts 里。 ----

let tag = '';
let start = time.now();
// 当前这笔订单的日志行，订单结束时按时间顺序打印；同一时刻
// 的行按调用的顺序排：client ->、各服务的到达和工作、orders
// 放弃、client <-。
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

// order 是一个客户端：调用 GET /orders/<item>，截止时间在 ms
// 毫秒之后，放在 x-mesh-deadline-ms 里发出。不管回答要多久它
// 都等着，这样你能看到 orders 是什么时候回答的；然后再给各服
// 务一秒钟，看它们还在为这笔订单做什么。
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
  // 商品 1 的 catalog 很快：总共 160ms。
  await order('fast', shop.orders, '1', 200);
  // 商品 2 很慢：五步，每步 120ms。
  await order('slow', shop.orders, '2', 200);
  // 30ms 连 users（40ms）都不够。
  await order('tight', shop.orders, '1', 30);
  await shop.close();
});
