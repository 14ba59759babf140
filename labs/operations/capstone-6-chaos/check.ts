/**
 * Check for operations/capstone-6-chaos: the whole shop (gateway → orders → users, catalog ×3,
 * payments ×3, found through the registry) runs the given chaos schedule on the virtual clock with
 * the learner's one configuration: steady load, catalog-2 slow, payments-3 failing, a burst of ten
 * times the rate, recovery, catalog-3 crashed. The check measures it from the mesh's own records
 * (gomesh's onTraffic), not from the table the program prints: every order the bench sent to the
 * gateway (from outside the mesh: its status and duration), and every call orders made to catalog
 * and payments (instance, status, duration, attempt), for the hints. Each order belongs to the
 * phase it was sent in (its start after the first order's). Per phase it judges the SLOs on the
 * admitted orders (all but the 429s): availability (201s among them) and the nearest-rank p99.
 * Shedding is allowed only during the burst and while the queue it filled drains. When the program
 * prints "ready" it keeps serving, and the check audits the shop's data over HTTP: payments'
 * ledger (GET /ledger) against the orders placed (201s at the gateway), and catalog's stock
 * (GET /products/{sku}) against the items those orders reserved.
 */
import { defineCheck, type CheckText } from 'labcheck';
import {
  listeners,
  onTraffic,
  type TrafficRequest,
} from 'gomesh';
import { percentile } from 'gomesh/metrics';

/** The given schedule (main.ts SCHEDULE): name, length in seconds, orders a second. */
const PHASES = [
  { en: 'steady', zh: '平稳', seconds: 10, rate: 20 },
  {
    en: 'slow catalog',
    zh: 'catalog 变慢',
    seconds: 10,
    rate: 20,
  },
  {
    en: 'failing payments',
    zh: 'payments 出错',
    seconds: 10,
    rate: 20,
  },
  {
    en: 'burst x10',
    zh: '十倍突发',
    seconds: 3,
    rate: 200,
  },
  { en: 'recovery', zh: '恢复', seconds: 7, rate: 20 },
  {
    en: 'crashed catalog',
    zh: 'catalog 崩溃',
    seconds: 10,
    rate: 20,
  },
] as const;
const SLOW = 1;
const FAILING = 2;
const BURST = 3;
const CRASHED = 5;
/** The SLOs, stated in the instructions: of the admitted orders of each phase. */
const AVAILABILITY = 0.999;
const P99_MS = 250;
/**
 * Shedding is allowed from the burst's start until 1 s after its end: a bounded queue fills during
 * the burst and drains within queue / rate (at most 250 ms for a p99 under the SLO), so the first
 * orders after the burst may still find it full.
 */
const DRAIN_MS = 1000;
/** main.ts: each product starts with this stock; every order is for one item. */
const STOCK = 2000;
const SKUS = ['gopher-plush', 'go-mug', 'tee'];
/** Orders can hold this many orders at once (main.ts POOL), about 4 / 31 ms ≈ 125 a second. */
const ORDERS_PER_SEC = 125;
/** Real time to wait for "ready": the whole schedule is about 1,500 orders. */
const READY_WITHIN_MS = 55_000;

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const ms = (x: number) => `${Math.round(x)}ms`;

const hinted = (
  parts: CheckText,
  hint: CheckText | undefined,
): CheckText =>
  hint === undefined
    ? parts
    : {
        en: `${parts.en} — ${hint.en}`,
        'zh-cn': `${parts['zh-cn']}——${hint['zh-cn']}`,
      };

interface Charge {
  charge: string;
  order: string;
  amountCents: number;
}

export default defineCheck(async (t) => {
  const orders: TrafficRequest[] = [];
  const calls: TrafficRequest[] = [];
  const stop = onTraffic((e) => {
    if (e.kind !== 'request') return;
    if (e.to === 'gateway' && e.from === null)
      orders.push(e);
    else if (e.from === 'orders') calls.push(e);
  });
  try {
    const started = await t.start({ service: 'gateway' });
    const printed = () => started.program.snapshot().stdout;
    const deadline = Date.now() + READY_WITHIN_MS;
    while (
      !/^ready/m.test(printed()) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }

    // Phases by when each order was sent.
    const t0 = Math.min(...orders.map((o) => o.start));
    const ends: number[] = [];
    let end = 0;
    for (const p of PHASES)
      ends.push((end += p.seconds * 1000));
    const phaseOf = (at: number) =>
      ends.findIndex((e) => at - t0 < e - 1e-6);
    const byPhase = PHASES.map(
      () => [] as TrafficRequest[],
    );
    for (const o of orders)
      byPhase[phaseOf(o.start)]?.push(o);
    const callsIn = (i: number) =>
      calls.filter((c) => phaseOf(c.start) === i);

    const expected = PHASES.map((p) => p.seconds * p.rate);
    const ran =
      /^ready/m.test(printed()) &&
      byPhase.every((os, i) => os.length === expected[i]);
    if (
      !t.expect(
        {
          en: `the chaos schedule ran: ${expected.reduce((a, b) => a + b, 0)} orders at the gateway in six phases, then "ready"`,
          'zh-cn': `混沌时间表照常运行：六个阶段共向 gateway 发送 ${expected.reduce((a, b) => a + b, 0)} 个订单，然后打印 "ready"`,
        },
        ran,
        {
          en: `the mesh saw ${byPhase.map((os) => os.length).join(', ')} orders per phase (expected ${expected.join(', ')})${/^ready/m.test(printed()) ? '' : ', and no line starting with "ready"'}: keep the given part of main.ts (the services, the schedule and the end of main) as it is`,
          'zh-cn': `网格看到各阶段的订单数为 ${byPhase.map((os) => os.length).join('、')}（应为 ${expected.join('、')}）${/^ready/m.test(printed()) ? '' : '，也没有以 "ready" 开头的行'}：请保持 main.ts 中给定的部分（各个服务、时间表和 main 的结尾）不变`,
        },
      )
    ) {
      return;
    }

    // ---- Per phase: the SLOs on the admitted orders. ----
    PHASES.forEach((p, i) => {
      const mine = byPhase[i]!;
      const admitted = mine.filter((o) => o.status !== 429);
      const ok = admitted.filter((o) => o.status === 201);
      const shed = mine.length - admitted.length;
      const share =
        admitted.length === 0
          ? 1
          : ok.length / admitted.length;
      const p99 =
        admitted.length === 0
          ? 0
          : percentile(
              admitted.map((o) => o.durationMs),
              99,
            );
      const from = (ends[i]! - p.seconds * 1000) / 1000;
      const to = ends[i]! / 1000;
      const availOk = share >= AVAILABILITY;
      const p99Ok = p99 <= P99_MS;
      const measured: CheckText = {
        en: `${mine.length} sent, ${shed} shed, ${ok.length} of ${admitted.length} admitted succeeded (${pct(share)}), p99 ${ms(p99)}`,
        'zh-cn': `发出 ${mine.length} 个，削掉 ${shed} 个，放行的 ${admitted.length} 个中 ${ok.length} 个成功（${pct(share)}），p99 ${ms(p99)}`,
      };
      let hint: CheckText | undefined;
      const c = callsIn(i);
      const failedTo = (service: string) =>
        c.filter(
          (x) => x.to === service && x.status >= 500,
        );
      const retried = (service: string) =>
        c.filter((x) => x.to === service && x.attempt > 0)
          .length;
      if (!availOk && i === FAILING) {
        hint = {
          en: `payments failed ${failedTo('payments').length} charges: a failed charge must be tried again on another replica (payments.retry.maxRetries; the charge's idempotency key makes that safe), and a replica that keeps failing taken out (payments.outlier)`,
          'zh-cn': `payments 有 ${failedTo('payments').length} 次扣款失败：失败的扣款要换一个副本再试（payments.retry.maxRetries；扣款带着幂等键，重试是安全的），一再失败的副本要摘掉（payments.outlier）`,
        };
      } else if (!availOk && i === CRASHED) {
        hint = {
          en: `${failedTo('catalog').length} calls to catalog failed (${retried('catalog')} retries): catalog-3 refuses connections, and the registry lists it until its 3s TTL runs out: retry catalog calls on another replica (catalog.retry) and eject the dead one (catalog.outlier)`,
          'zh-cn': `调用 catalog 失败 ${failedTo('catalog').length} 次（重试 ${retried('catalog')} 次）：catalog-3 拒绝连接，而注册中心要等它 3s 的 TTL 过期才把它去掉：让 catalog 的调用换一个副本重试（catalog.retry），并把死掉的副本摘掉（catalog.outlier）`,
        };
      } else if (!availOk && i !== SLOW && i < BURST) {
        hint = {
          en: `${failedTo('catalog').length} calls to catalog and ${failedTo('payments').length} to payments failed: a try cut off by a per-try timeout needs a retry (retry.maxRetries), and each try enough time for a healthy replica`,
          'zh-cn': `调用 catalog 失败 ${failedTo('catalog').length} 次，调用 payments 失败 ${failedTo('payments').length} 次：被单次尝试超时掐断的尝试需要重试（retry.maxRetries），每次尝试也要给健康副本留够时间`,
        };
      } else if (i === SLOW) {
        const slowest = Math.max(
          ...c
            .filter((x) => x.to === 'catalog')
            .map((x) => x.durationMs),
        );
        hint = {
          en: `calls to catalog took up to ${ms(slowest)}: catalog-2 answers 300ms late, and orders holds a database connection while it waits; choose a balancer that sees latency (catalog.balancer: 'peak-ewma'), or cut slow tries off and retry them elsewhere (catalog.retry.perTryTimeoutMs; a healthy replica answers in 4ms)`,
          'zh-cn': `调用 catalog 最长用了 ${ms(slowest)}：catalog-2 要晚 300ms 才回答，而 orders 等待时一直占着一个数据库连接；选一个能看到延迟的负载均衡器（catalog.balancer: 'peak-ewma'），或者掐断慢的尝试、换副本重试（catalog.retry.perTryTimeoutMs；健康副本 4ms 就能回答）`,
        };
      } else if (
        !p99Ok &&
        (i === BURST || i === BURST + 1)
      ) {
        const burst = byPhase[BURST]!;
        const let_in =
          burst.filter((o) => o.status !== 429).length /
          PHASES[BURST].seconds;
        hint = {
          en: `the front door let in ${let_in.toFixed(0)} orders a second during the burst, and orders can hold only 4 at once (about ${ORDERS_PER_SEC} a second): the rest waited in line; admit less than orders can serve (frontDoor.ratePerSec) and keep the line short (the longest wait is queue / ratePerSec seconds), so the rest is shed with 429`,
          'zh-cn': `突发期间前门每秒放进了 ${let_in.toFixed(0)} 个订单，而 orders 同时只能处理 4 个（每秒约 ${ORDERS_PER_SEC} 个）：其余的都在排队；放行的速率要低于 orders 的处理能力（frontDoor.ratePerSec），队列也要短（最长等待 queue / ratePerSec 秒），多出来的用 429 削掉`,
        };
      } else {
        hint = {
          en: `${failedTo('catalog').length} calls to catalog and ${failedTo('payments').length} to payments failed: look at this phase's calls in the Traffic view; a slow try should be cut off by a per-try timeout and retried elsewhere`,
          'zh-cn': `调用 catalog 失败 ${failedTo('catalog').length} 次，调用 payments 失败 ${failedTo('payments').length} 次：在流量视图里看看这个阶段的调用；慢的尝试应当被单次尝试超时掐断，换个副本重试`,
        };
      }
      t.expect(
        {
          en: `${p.en} (${from}–${to}s): at least 99.9% of the admitted orders succeed and their p99 is at most ${P99_MS}ms`,
          'zh-cn': `${p.zh}（${from}–${to}s）：放行的订单至少 99.9% 成功，p99 不超过 ${P99_MS}ms`,
        },
        availOk && p99Ok,
        availOk && p99Ok
          ? measured
          : hinted(measured, hint),
      );
    });

    // ---- Shedding: only in the burst, 429 with Retry-After. ----
    const burstFrom = ends[BURST - 1]!;
    const burstTo = ends[BURST]!;
    const shed = orders.filter((o) => o.status === 429);
    const outside = shed.filter(
      (o) =>
        o.start - t0 < burstFrom ||
        o.start - t0 >= burstTo + DRAIN_MS,
    );
    const notFrontDoor = shed.filter(
      (o) => o.code !== 'RATE_LIMITED',
    );
    const shedOk =
      outside.length === 0 && notFrontDoor.length === 0;
    const shedText: CheckText = {
      en: `${shed.length - outside.length} orders shed in the burst (${burstFrom / 1000}–${burstTo / 1000}s, and the second after it while the queue drains), ${outside.length} at other times${notFrontDoor.length > 0 ? `, ${notFrontDoor.length} 429s not from the front door` : ''}`,
      'zh-cn': `突发期间（${burstFrom / 1000}–${burstTo / 1000}s，以及之后队列排空的一秒）削掉 ${shed.length - outside.length} 个订单，其他时间削掉 ${outside.length} 个${notFrontDoor.length > 0 ? `，另有 ${notFrontDoor.length} 个 429 不是前门给的` : ''}`,
    };
    t.expect(
      {
        en: 'orders are shed only during the burst, each answered 429 with Retry-After by the front door',
        'zh-cn':
          '只有突发期间才削峰，每个被削掉的订单都由前门以 429 和 Retry-After 回答',
      },
      shedOk,
      shedOk
        ? shedText
        : hinted(shedText, {
            en: `the front door turned orders away at the normal load (${PHASES[0].rate} a second, one every ${1000 / PHASES[0].rate}ms): give it a rate above the normal load (frontDoor.ratePerSec), a burst and a queue for the jitter`,
            'zh-cn': `前门在正常负载下（每秒 ${PHASES[0].rate} 个，每 ${1000 / PHASES[0].rate}ms 一个）也拒绝了订单：给它高于正常负载的速率（frontDoor.ratePerSec），再留出应对抖动的突发量和队列`,
          }),
    );

    // ---- The audit: the ledger and the stock. ----
    const placed = orders.filter(
      (o) => o.status === 201,
    ).length;
    const base = (name: string) =>
      listeners().find((l) => l.name === name)?.url;
    let ledger: Charge[] = [];
    let stockLeft: number | undefined;
    try {
      const p = base('payments');
      if (p !== undefined) {
        ledger = (await (
          await t.fetch(`${p}/ledger`)
        ).json()) as Charge[];
      }
      const c = base('catalog');
      if (c !== undefined) {
        let left = 0;
        for (const sku of SKUS) {
          const res = await t.fetch(`${c}/products/${sku}`);
          left += ((await res.json()) as { stock: number })
            .stock;
        }
        stockLeft = left;
      }
    } catch {
      // Reported below as what could not be read.
    }
    const perOrder = new Map<string, number>();
    for (const ch of ledger) {
      perOrder.set(
        ch.order,
        (perOrder.get(ch.order) ?? 0) + 1,
      );
    }
    const twice = [...perOrder.values()].filter(
      (n) => n > 1,
    ).length;
    const ledgerOk =
      Array.isArray(ledger) &&
      twice === 0 &&
      perOrder.size === placed;
    t.expect(
      {
        en: "payments' ledger: no order is charged twice, and every placed order is charged once",
        'zh-cn':
          'payments 的账本：没有哪个订单被扣两次款，每个下成功的订单都正好扣款一次',
      },
      ledgerOk,
      {
        en: `${ledger.length} charges for ${perOrder.size} orders, ${twice} charged more than once; ${placed} orders placed (201 at the gateway)${ledgerOk ? '' : ' — keep the given payments and orders: a charge carries its order as idempotency key, and payments claims the key before it calls the bank'}`,
        'zh-cn': `${perOrder.size} 个订单共有 ${ledger.length} 笔扣款，其中 ${twice} 个被扣了不止一次；gateway 以 201 回答的订单有 ${placed} 个${ledgerOk ? '' : '——请保留给定的 payments 和 orders：扣款以订单作为幂等键，payments 在调用银行之前先占住这个键'}`,
      },
    );
    const taken =
      stockLeft === undefined
        ? undefined
        : STOCK * SKUS.length - stockLeft;
    t.expect(
      {
        en: "catalog's stock is consistent: the items taken equal the orders placed",
        'zh-cn':
          'catalog 的库存一致：扣掉的库存等于下成功的订单数',
      },
      taken === placed,
      {
        en: `${taken ?? 'unknown (catalog did not answer)'} items taken from stock, ${placed} orders placed${taken === placed ? '' : ' — an order that fails after its reservation must release it (the given orders does)'}`,
        'zh-cn': `库存被扣掉 ${taken ?? '未知（catalog 没有回答）'} 件，下成功的订单 ${placed} 个${taken === placed ? '' : '——预留库存之后失败的订单必须释放预留（给定的 orders 会这样做）'}`,
      },
    );
  } finally {
    stop();
  }
});
