/**
 * Check for operations/capstone-3-balance: the shop of steps 1 and 2 (users, three catalog
 * replicas, payments, orders, gateway, all found through the registry) takes 1200 orders at the
 * gateway about 10ms apart; after the 400th, catalog-3 answers 300ms slower. The learner chooses
 * and configures the balancer orders uses for catalog. Everything is measured from the mesh's own
 * records (gomesh's onTraffic), not from what the program prints: each order the gateway answered
 * (from outside the mesh: its status and how long it took) and each call orders sent to a catalog
 * replica (its instance). The slow replica is the third catalog instance to listen (onListen).
 *
 * Why each bound: a healthy order takes 11ms (users, two catalog calls of 4ms, payments), and an
 * order that touches the slow replica takes over 300ms, so a p99 under 50ms means fewer than 1 in
 * 100 orders met it. Round robin and random send it a third of the calls (p99 over 600ms);
 * least-request, at this load, still 2.5% (p99 311ms); peak EWMA avoids it after its first slow
 * answer, but with its default guess for a replica it has never tried (30ms, more than a healthy
 * replica's 4ms) it never tries one replica at all, which the item on the healthy phase catches.
 */
import { defineCheck, type CheckText } from 'labcheck';
import {
  onListen,
  onTraffic,
  type TrafficRequest,
} from 'gomesh';

/** The bench's orders, and how many go out before catalog-3 turns slow. */
const ORDERS = 1200;
const HEALTHY = 400;
/** A healthy order takes 11ms; one that touches the slow replica over 300ms. */
const P99_BOUND_MS = 50;
/** Each order makes two catalog calls: 1% of calls is about 2% of orders, past the p99. */
const SLOW_SHARE_BOUND = 0.01;
/** With three healthy replicas each should get about a third; a fifth means none is left out. */
const FAIR_SHARE_MIN = 0.2;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ms = (x: number) => `${+x.toFixed(3)}ms`;

/** Nearest-rank percentile of `xs` (sorted ascending). */
const percentile = (xs: readonly number[], q: number) =>
  xs[Math.max(0, Math.ceil(q * xs.length) - 1)] ?? 0;

const hinted = (
  parts: CheckText,
  hint: CheckText,
): CheckText => ({
  en: `${parts.en} — ${hint.en}`,
  'zh-cn': `${parts['zh-cn']}——${hint['zh-cn']}`,
});

export default defineCheck(async (t) => {
  const orders: TrafficRequest[] = [];
  const calls: TrafficRequest[] = [];
  const catalogs: string[] = [];
  const stopTraffic = onTraffic((e) => {
    if (e.kind !== 'request') return;
    if (e.to === 'gateway' && e.from === null)
      orders.push(e);
    else if (e.from === 'orders' && e.to === 'catalog')
      calls.push(e);
  });
  const stopListen = onListen((l) => {
    if (l.name === 'catalog')
      catalogs.push(l.url.replace(/^http:\/\//, ''));
  });
  let run;
  try {
    run = await t.run();
  } finally {
    stopTraffic();
    stopListen();
  }

  orders.sort((a, b) => a.start - b.start);
  const slowId = catalogs[2];
  const benchRan =
    orders.length === ORDERS && catalogs.length === 3;
  if (
    !t.expect(
      {
        en: `the bench ran: ${ORDERS} orders at the gateway, three catalog replicas`,
        'zh-cn': `测试台照常运行：网关收到 ${ORDERS} 个订单，catalog 有三个副本`,
      },
      benchRan,
      {
        en: `the mesh saw ${orders.length} orders at the gateway and ${catalogs.length} catalog replica(s): keep the given part of main.ts (the services and the bench) as it is`,
        'zh-cn': `网格看到网关收到 ${orders.length} 个订单、catalog 有 ${catalogs.length} 个副本：请保持 main.ts 中给定的部分（各个服务和测试台）不变`,
      },
    ) ||
    slowId === undefined
  ) {
    t.exitsCleanly(run);
    return;
  }

  const placed = orders.filter(
    (o) => o.status === 201,
  ).length;
  const statuses = [
    ...new Set(
      orders
        .filter((o) => o.status !== 201)
        .map((o) => o.status),
    ),
  ];
  t.expect(
    {
      en: `every one of the ${ORDERS} orders is placed (201)`,
      'zh-cn': `${ORDERS} 个订单全部下单成功（201）`,
    },
    placed === ORDERS,
    placed === ORDERS
      ? {
          en: `${placed} of ${ORDERS} placed`,
          'zh-cn': `${ORDERS} 个中 ${placed} 个成功`,
        }
      : hinted(
          {
            en: `${placed} of ${ORDERS} placed; the others were answered ${statuses.join(', ')}`,
            'zh-cn': `${ORDERS} 个中只有 ${placed} 个成功；其余的回答是 ${statuses.join('、')}`,
          },
          {
            en: 'the balancer must return one of the replicas it is given, and never throw while there is one',
            'zh-cn':
              '负载均衡器必须从给它的副本中返回一个；只要还有副本，就不能抛出异常',
          },
        ),
  );

  // The phases: orders wait for the healthy phase to end before catalog-3 turns slow.
  const slowFrom = orders[HEALTHY]!.start;
  const healthyCalls = calls.filter(
    (c) => c.start < slowFrom,
  );
  const slowCalls = calls.filter(
    (c) => c.start >= slowFrom,
  );

  const shares = catalogs.map((id) => ({
    id,
    share:
      healthyCalls.filter((c) => c.instance === id).length /
      Math.max(1, healthyCalls.length),
  }));
  const fair = shares.every(
    (s) => s.share >= FAIR_SHARE_MIN,
  );
  const shareText: CheckText = {
    en: `catalog calls while all three were healthy: ${shares.map((s, i) => `catalog-${i + 1} ${pct(s.share)}`).join(', ')}`,
    'zh-cn': `三个副本都健康时的 catalog 调用：${shares.map((s, i) => `catalog-${i + 1} ${pct(s.share)}`).join('，')}`,
  };
  t.expect(
    {
      en: `while all three replicas are healthy, each gets at least ${pct(FAIR_SHARE_MIN)} of the catalog calls`,
      'zh-cn': `三个副本都健康时，每个副本至少分到 ${pct(FAIR_SHARE_MIN)} 的 catalog 调用`,
    },
    fair,
    fair
      ? shareText
      : hinted(shareText, {
          en: 'a balancer must spread the calls over every healthy replica, and try a replica it knows nothing about yet; with peak-ewma, mind its guess for a replica it has no answer from: PeakEwma guesses 30ms for a replica it has no answer from (defaultRttMs), more than the 4ms a healthy replica answers in, so once the others have answered it never picks that one; give it a guess below a healthy latency (new PeakEwma({ defaultRttMs: … }))',
          'zh-cn':
            '负载均衡器必须把调用分散到每个健康副本上，也要去试还一无所知的副本；用 peak-ewma 时要注意它对还没有回答过的副本的估计：PeakEwma 对还没有回答过的副本估计 30ms（defaultRttMs），比健康副本的 4ms 还慢，所以别的副本一回答，它就再也不会选那个副本；把这个估计设得比健康延迟更低（new PeakEwma({ defaultRttMs: … })）',
        }),
  );

  const onSlow = slowCalls.filter(
    (c) => c.instance === slowId,
  ).length;
  const slowShare = onSlow / Math.max(1, slowCalls.length);
  const took = orders
    .slice(HEALTHY)
    .map((o) => o.durationMs)
    .sort((a, b) => a - b);
  const p99 = percentile(took, 0.99);
  const p50 = percentile(took, 0.5);
  const latencyText: CheckText = {
    en: `after catalog-3 turned slow: p50 ${ms(p50)}, p99 ${ms(p99)} over ${took.length} orders; catalog-3 got ${onSlow} of ${slowCalls.length} catalog calls (${pct(slowShare)})`,
    'zh-cn': `catalog-3 变慢之后：${took.length} 个订单的 p50 是 ${ms(p50)}，p99 是 ${ms(p99)}；catalog-3 分到 ${slowCalls.length} 次 catalog 调用中的 ${onSlow} 次（${pct(slowShare)}）`,
  };
  const blind: CheckText =
    slowShare >= 0.2
      ? {
          en: 'your balancer sends the slow replica its full share, as if it were healthy: round robin and random never look at how a replica answers; pick by how busy or how slow each replica is',
          'zh-cn':
            '你的负载均衡器照样把完整的一份流量发给慢副本，就像它是健康的一样：轮询和随机从不看副本回答得怎么样；应该按每个副本有多忙、有多慢来选',
        }
      : {
          en: 'counting requests in flight is not enough at this load: a replica has one request in flight or none most of the time, so the slow one often looks as idle as the others; pick by latency (peak-ewma), which sees the slow replica from its first slow answer on',
          'zh-cn':
            '在这个负载下只数在途请求还不够：大多数时候每个副本只有一个或零个在途请求，慢副本常常看起来和别的副本一样闲；应该按延迟来选（peak-ewma），它从慢副本第一次慢的回答起就能看出来',
        };
  t.expect(
    {
      en: `after catalog-3 turns slow, the p99 of orders is at most ${P99_BOUND_MS}ms`,
      'zh-cn': `catalog-3 变慢之后，订单的 p99 不超过 ${P99_BOUND_MS}ms`,
    },
    p99 <= P99_BOUND_MS,
    p99 <= P99_BOUND_MS
      ? latencyText
      : hinted(latencyText, blind),
  );
  t.expect(
    {
      en: `after catalog-3 turns slow, it gets at most ${pct(SLOW_SHARE_BOUND)} of the catalog calls`,
      'zh-cn': `catalog-3 变慢之后，它分到的 catalog 调用不超过 ${pct(SLOW_SHARE_BOUND)}`,
    },
    slowShare <= SLOW_SHARE_BOUND,
    slowShare <= SLOW_SHARE_BOUND
      ? latencyText
      : hinted(latencyText, blind),
  );

  t.exitsCleanly(run);
});
