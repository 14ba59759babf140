/**
 * Check for operations/capstone-4-resilient: the shop of steps 1 to 3 takes 1000 orders at the
 * gateway about 10ms apart while payments runs three replicas: pay-1 healthy (3ms), pay-2 hung (it
 * answers 503 only 1ms after its caller's deadline, charging nothing) and pay-3 flaky (it makes the
 * charge, then one time in five its connection resets: 503 after the money moved). The learner
 * configures the layers of orders' calls to payments and writes `charge`: retries with the same
 * Idempotency-Key, and the stock released when the charge fails.
 *
 * Measured from the mesh's own records (gomesh's onTraffic): each order the gateway answered and
 * each try orders sent to a payments replica (instance, status, duration). From the services' own
 * state, which the given `audit` prints after the bench (never from what the learner's code logs):
 * payments' ledger (charges per order) and catalog's reservations (orders holding stock). The hung
 * and flaky replicas are the second and third payments instances to listen (onListen).
 *
 * Linus (u3) places every 26th order (40 of 1040) and payments declines his card: 402, final (a
 * key it has seen gets the same 402). Those orders can never be placed; they must be answered 402,
 * tried once (the mesh's count of 402 tries equals payments' count of declined orders) and release
 * their stock (the audit's declined line says how many still hold some).
 *
 * Measured on the bench: the starter (one 1s timeout, no retry) places 587 of the 1000 that can
 * succeed, leaves 347 failed orders holding stock, releases the stock of 80 orders that were charged
 * and answers Linus's declines 502; retries with a key and a 100ms timeout but no ejection run out
 * of budget (779 placed, 37 charged orders released); ejection with its default cap (one replica of
 * three) leaves pay-3 in and retries add 13.6%; retries without a key charge 15 orders twice; the
 * solution without its release leaves all 40 declined orders holding stock; retrying a 402 asks
 * payments 119 times about 40 declines (+9.7% tries); ejecting both (consecutive5xx 3,
 * maxEjectionPercent 67) places all 1000, answers the 40 declines 402 once each, +2.1% tries (1062 for 1040).
 */
import { defineCheck, type CheckText } from 'labcheck';
import {
  onListen,
  onTraffic,
  type TrafficRequest,
} from 'gomesh';

/** The bench's orders: Ada's and Grace's, and every 26th Linus's. */
const ORDERS = 1040;
/** Linus's orders (i % 26 === 25 for i < 1040): payments declines his card, so none can be placed. */
const DECLINED = 40;
/** The orders that can be placed: all but Linus's. */
const CAN_SUCCEED = ORDERS - DECLINED;
/** 99.9% of the orders that can be placed must be: at most one of the 1000 may fail. */
const MAY_FAIL =
  CAN_SUCCEED - Math.ceil(0.999 * CAN_SUCCEED);
/** Retries may add at most 5% to the tries at payments (one try per order without retries). */
const EXTRA_LOAD_BOUND = 0.05;
/** A try that lasted this long on the hung replica waited far past a healthy answer (3ms). */
const LONG_TRY_MS = 500;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signed = (x: number) =>
  `${x >= 0 ? '+' : ''}${pct(x)}`;
const ms = (x: number) =>
  x >= 1000
    ? `${+(x / 1000).toFixed(3)}s`
    : `${+x.toFixed(3)}ms`;

const hinted = (
  parts: CheckText,
  hint: CheckText,
): CheckText => ({
  en: `${parts.en} — ${hint.en}`,
  'zh-cn': `${parts['zh-cn']}——${hint['zh-cn']}`,
});

interface Audit {
  charges: number;
  chargedOrders: number;
  twice: number;
  twiceList: string;
  holding: number;
  items: number;
  unpaid: number;
  unpaidList: string;
  unheld: number;
  unheldList: string;
  declined: number;
  stuck: number;
  stuckList: string;
}

function parseAudit(
  lines: readonly string[],
): Audit | undefined {
  let ledger: RegExpExecArray | null = null;
  let stock: RegExpExecArray | null = null;
  let declines: RegExpExecArray | null = null;
  for (const line of lines) {
    ledger ??=
      /^ledger: (\d+) charges for (\d+) orders, (\d+) orders charged twice(?:: (.*))?$/.exec(
        line,
      );
    stock ??=
      /^stock: (\d+) orders hold (\d+) items, (\d+) of them not paid(?:: ([^;]*))?; (\d+) paid orders hold none(?:: (.*))?$/.exec(
        line,
      );
    declines ??=
      /^declined: (\d+) orders declined, (\d+) of them hold stock(?:: (.*))?$/.exec(
        line,
      );
  }
  if (
    ledger === null ||
    stock === null ||
    declines === null
  )
    return undefined;
  return {
    charges: Number(ledger[1]),
    chargedOrders: Number(ledger[2]),
    twice: Number(ledger[3]),
    twiceList: ledger[4] ?? '',
    holding: Number(stock[1]),
    items: Number(stock[2]),
    unpaid: Number(stock[3]),
    unpaidList: stock[4] ?? '',
    unheld: Number(stock[5]),
    unheldList: stock[6] ?? '',
    declined: Number(declines[1]),
    stuck: Number(declines[2]),
    stuckList: declines[3] ?? '',
  };
}

export default defineCheck(async (t) => {
  const orders: TrafficRequest[] = [];
  const tries: TrafficRequest[] = [];
  const ejected = new Set<string>();
  const replicas: string[] = [];
  const stopTraffic = onTraffic((e) => {
    if (e.kind === 'eject' && e.service === 'payments')
      ejected.add(e.instance);
    if (e.kind !== 'request') return;
    if (e.to === 'gateway' && e.from === null)
      orders.push(e);
    else if (e.from === 'orders' && e.to === 'payments')
      tries.push(e);
  });
  const stopListen = onListen((l) => {
    if (l.name === 'payments')
      replicas.push(l.url.replace(/^http:\/\//, ''));
  });
  let run;
  try {
    run = await t.run();
  } finally {
    stopTraffic();
    stopListen();
  }

  const audit = parseAudit(run.lines);
  const [, hung, flaky] = replicas;
  if (
    !t.expect(
      {
        en: `the bench ran: ${ORDERS} orders at the gateway (${DECLINED} of them Linus's), three payments replicas, and the audit of the ledger, the stock and the declines`,
        'zh-cn': `测试台照常运行：网关收到 ${ORDERS} 个订单（其中 ${DECLINED} 个是 Linus 的），payments 有三个副本，并打印了账本、库存和拒付的核对结果`,
      },
      orders.length === ORDERS &&
        replicas.length === 3 &&
        audit !== undefined,
      {
        en: `the mesh saw ${orders.length} orders at the gateway and ${replicas.length} payments replica(s), and the audit lines were ${audit === undefined ? 'missing' : 'there'}: keep the given part of main.ts (the services, audit() and main) as it is`,
        'zh-cn': `网格看到网关收到 ${orders.length} 个订单、payments 有 ${replicas.length} 个副本，核对结果${audit === undefined ? '没有打印出来' : '已打印'}：请保持 main.ts 中给定的部分（各个服务、audit() 和 main）不变`,
      },
    ) ||
    audit === undefined ||
    hung === undefined ||
    flaky === undefined
  ) {
    t.exitsCleanly(run);
    return;
  }

  const placed = orders.filter(
    (o) => o.status === 201,
  ).length;
  // Linus's orders can never be placed (payments never charges his
  // card), so every 201 is one of the orders that can succeed.
  const failed = CAN_SUCCEED - placed;
  const answered402 = orders.filter(
    (o) => o.status === 402,
  ).length;
  const declines = tries.filter(
    (r) => r.status === 402,
  ).length;
  const statuses = new Map<number, number>();
  for (const o of orders)
    if (o.status !== 201)
      statuses.set(
        o.status,
        (statuses.get(o.status) ?? 0) + 1,
      );
  const onHung = tries.filter((r) => r.instance === hung);
  const onFlaky = tries.filter((r) => r.instance === flaky);
  const flakyFailed = onFlaky.filter(
    (r) => r.status !== 200,
  ).length;
  const longestOnHung = Math.max(
    0,
    ...onHung.map((r) => r.durationMs),
  );
  const extra = tries.length / ORDERS - 1;

  const placedText: CheckText = {
    en: `${placed} of the ${CAN_SUCCEED} placed (${pct(placed / CAN_SUCCEED)}); the other ${ORDERS - placed} of all ${ORDERS} were answered ${[
      ...statuses,
    ]
      .sort(([a], [b]) => a - b)
      .map(([s, k]) => `${s} (${k})`)
      .join(', ')}`,
    'zh-cn': `${CAN_SUCCEED} 个中 ${placed} 个成功（${pct(placed / CAN_SUCCEED)}）；全部 ${ORDERS} 个订单里其余 ${ORDERS - placed} 个的回答是 ${[
      ...statuses,
    ]
      .sort(([a], [b]) => a - b)
      .map(([s, k]) => `${s}（${k} 个）`)
      .join('、')}`,
  };
  let placedHint: CheckText;
  if (longestOnHung >= LONG_TRY_MS) {
    placedHint = {
      en: `a try on pay-2 (hung) waited ${ms(longestOnHung)}: give each call to payments a short deadline (timeout({ timeoutMs }); a healthy replica answers in 3ms), so a hung replica costs one short try and leaves time to try again`,
      'zh-cn': `落到 pay-2（卡死）上的一次尝试等了 ${ms(longestOnHung)}：给每次调用 payments 设一个短的截止时间（timeout({ timeoutMs })；健康副本 3ms 就回答），这样卡死的副本只浪费一次短短的尝试，还留有重试的时间`,
    };
  } else if (extra <= 0) {
    placedHint = {
      en: 'no charge was tried again, so every charge that failed failed its order: in charge, try again when payments gives no answer or a 5xx — the mesh will not retry a POST for you',
      'zh-cn':
        '没有一次扣款被重试，所以每次失败的扣款都让订单失败了：在 charge 里，payments 没有回答或回答 5xx 时就再试一次——网格不会替你重试 POST',
    };
  } else {
    placedHint = {
      en: `the retries ran out (${tries.length} tries for ${ORDERS} orders): while the bad replicas stay in the rotation, too many charges need one; take them out (outlierEjection)`,
      'zh-cn': `重试用完了（${ORDERS} 个订单尝试了 ${tries.length} 次）：坏副本一直留在轮询里，需要重试的扣款太多；用离群检测把它们摘掉（outlierEjection）`,
    };
  }
  t.expect(
    {
      en: `at least 99.9% of the ${CAN_SUCCEED} orders that can succeed are placed: the ${ORDERS} orders but Linus's ${DECLINED}, whose card is declined (at most ${MAY_FAIL} of the ${CAN_SUCCEED} may fail)`,
      'zh-cn': `能够成功的 ${CAN_SUCCEED} 个订单中至少 99.9% 下单成功：也就是 ${ORDERS} 个订单去掉 Linus 的 ${DECLINED} 个（他的卡会被拒绝），这 ${CAN_SUCCEED} 个里最多失败 ${MAY_FAIL} 个`,
    },
    failed <= MAY_FAIL,
    failed <= MAY_FAIL
      ? placedText
      : hinted(placedText, placedHint),
  );

  const declinedText: CheckText = {
    en: `payments declined ${audit.declined} of Linus's ${DECLINED} orders; the gateway answered ${answered402} orders 402`,
    'zh-cn': `Linus 的 ${DECLINED} 个订单中，payments 拒绝了 ${audit.declined} 个；网关给 ${answered402} 个订单回答了 402`,
  };
  const answersDeclines =
    audit.declined === DECLINED && answered402 === DECLINED;
  t.expect(
    {
      en: `each of Linus's ${DECLINED} orders gets payments' decline and is answered 402 Payment Required`,
      'zh-cn': `Linus 的 ${DECLINED} 个订单都拿到了 payments 的拒绝，并被回答 402 Payment Required`,
    },
    answersDeclines,
    answersDeclines
      ? declinedText
      : hinted(
          declinedText,
          answered402 < audit.declined &&
            declines > audit.declined
            ? {
                en: `a declined order was tried again after its 402 (${declines} answers 402 for ${audit.declined} declined orders) and ended with another answer: a 402 is final, so answer the order 402 as soon as payments says it`,
                'zh-cn': `有被拒的订单在拿到 402 之后又被重试（${audit.declined} 个被拒的订单拿到了 ${declines} 次 402），最后得到了别的回答：402 是最终结果，payments 一说 402 就给订单回答 402`,
              }
            : answered402 < audit.declined
              ? {
                  en: "orders answered a declined card with something else (502 says the shop failed, and the customer would try again): when payments answers 402, answer the order json(402, { error: 'card declined' }); a 503 from pay-3 can hide a decline too, and a retry with the same Idempotency-Key gets it back",
                  'zh-cn':
                    "orders 给被拒的卡回答了别的状态码（502 表示商店出了故障，顾客会再试）：payments 回答 402 时，就给订单回答 json(402, { error: 'card declined' })；pay-3 的 503 背后也可能是一次拒绝，用同一个 Idempotency-Key 重试就能拿回它",
                }
              : {
                  en: "some of Linus's orders never got an answer from payments (a try on the hung pay-2, and no retry): try again on no answer or a 5xx with the same Idempotency-Key, and the decline comes back like any other answer",
                  'zh-cn':
                    '有些 Linus 的订单一直没有拿到 payments 的答复（落到卡死的 pay-2 上，又没有重试）：没有回答或回答 5xx 时，用同一个 Idempotency-Key 再试一次，拒绝就会像别的答复一样回来',
                },
        ),
  );

  const finalText: CheckText = {
    en: `payments answered 402 ${declines} times for the ${audit.declined} orders it declined`,
    'zh-cn': `payments 为它拒绝的 ${audit.declined} 个订单一共回答了 ${declines} 次 402`,
  };
  t.expect(
    {
      en: 'a declined card is final: no order is tried again after a 402',
      'zh-cn':
        '被拒的卡就是最终结果：回答 402 之后，没有哪个订单再被重试',
    },
    declines <= audit.declined,
    declines <= audit.declined
      ? finalText
      : hinted(finalText, {
          en: 'a charge answered 402 was tried again: the bank declined the card, and every retry gets the same 402 (payments answers a key it has seen as before) while it adds load; retry only on no answer or a 5xx, and give up at once on a 4xx',
          'zh-cn':
            '回答 402 的扣款又被重试了：发卡银行拒绝了这张卡，每次重试都只会拿到同一个 402（payments 见过的键会得到和上次一样的答复），还增加了负载；只在没有回答或回答 5xx 时重试，遇到 4xx 立刻放弃',
        }),
  );

  const loadText: CheckText = {
    en: `${tries.length} tries at payments for ${ORDERS} orders (${signed(extra)}): pay-2 (hung) got ${onHung.length}, pay-3 (flaky) ${onFlaky.length} of which ${flakyFailed} failed; ejected: ${
      ejected.size === 0
        ? 'none'
        : [hung, flaky]
            .filter((r) => ejected.has(r))
            .map((r) => (r === hung ? 'pay-2' : 'pay-3'))
            .join(', ')
    }`,
    'zh-cn': `${ORDERS} 个订单在 payments 上尝试了 ${tries.length} 次（${signed(extra)}）：pay-2（卡死）收到 ${onHung.length} 次，pay-3（不稳定）收到 ${onFlaky.length} 次，其中失败 ${flakyFailed} 次；被摘除的：${
      ejected.size === 0
        ? '没有'
        : [hung, flaky]
            .filter((r) => ejected.has(r))
            .map((r) => (r === hung ? 'pay-2' : 'pay-3'))
            .join('、')
    }`,
  };
  const loadHint: CheckText =
    declines > audit.declined
      ? {
          en: `${declines - audit.declined} of the extra tries were retries of a declined card (402): never retry a 4xx, only no answer or a 5xx`,
          'zh-cn': `多出来的尝试里有 ${declines - audit.declined} 次是在重试被拒的卡（402）：4xx 绝不重试，只在没有回答或回答 5xx 时重试`,
        }
      : !ejected.has(hung)
        ? {
            en: 'pay-2 stayed in the rotation, so every third charge waited on it and needed a retry: eject a replica after a few failures in a row (outlierEjection({ consecutive5xx }))',
            'zh-cn':
              'pay-2 一直留在轮询里，每三次扣款就有一次要等它、再重试：连续失败几次后就把副本摘掉（outlierEjection({ consecutive5xx })）',
          }
        : {
            en: 'pay-3 fails one charge in five and stayed in the rotation, taking half the charges once pay-2 was out: ejection never takes out more than maxEjectionPercent of the replicas at once (50 by default: one of three), so allow two of three (67) and eject after fewer failures in a row',
            'zh-cn':
              'pay-3 每五次扣款失败一次，却一直留在轮询里，pay-2 被摘掉后它承担了一半的扣款：离群检测同时摘除的副本不会超过 maxEjectionPercent（默认 50：三个里一个），所以要允许摘掉三个里的两个（67），并在更少的连续失败后就摘除',
          };
  t.expect(
    {
      en: `retries add at most ${pct(EXTRA_LOAD_BOUND)} to the load on payments`,
      'zh-cn': `重试给 payments 增加的负载不超过 ${pct(EXTRA_LOAD_BOUND)}`,
    },
    extra <= EXTRA_LOAD_BOUND,
    extra <= EXTRA_LOAD_BOUND
      ? loadText
      : hinted(loadText, loadHint),
  );

  const ledgerText: CheckText = {
    en: `payments' ledger: ${audit.charges} charges for ${audit.chargedOrders} orders, ${audit.twice} orders charged more than once${audit.twice > 0 ? ` (${audit.twiceList}…)` : ''}`,
    'zh-cn': `payments 的账本：${audit.chargedOrders} 个订单共有 ${audit.charges} 笔扣款，${audit.twice} 个订单被扣了不止一次${audit.twice > 0 ? `（${audit.twiceList}…）` : ''}`,
  };
  t.expect(
    {
      en: 'no order is charged twice',
      'zh-cn': '没有哪个订单被扣两次钱',
    },
    audit.twice === 0 &&
      audit.charges === audit.chargedOrders,
    audit.twice === 0
      ? ledgerText
      : hinted(ledgerText, {
          en: 'pay-3 makes the charge before its connection resets, so a retry charged again: send the charge with an Idempotency-Key header that is the same on every try of that order (e.g. charge-<order>), and payments answers the retry with the charge it already made',
          'zh-cn':
            'pay-3 在连接重置之前已经扣了款，所以重试又扣了一次：发送扣款时带上 Idempotency-Key 头，同一个订单的每次尝试都用同一个值（例如 charge-<order>），payments 就会用已经扣过的那笔来回答重试',
        }),
  );

  const consistent =
    audit.unpaid === 0 &&
    audit.stuck === 0 &&
    audit.unheld === 0 &&
    audit.holding === placed &&
    audit.items === audit.holding;
  const stockText: CheckText = {
    en: `${audit.holding} orders hold ${audit.items} items, ${placed} were placed; held but not paid: ${audit.unpaid}${audit.unpaid > 0 ? ` (${audit.unpaidList}…)` : ''}, of them declined by payments: ${audit.stuck}${audit.stuck > 0 ? ` (${audit.stuckList}…)` : ''}; paid but holding nothing: ${audit.unheld}${audit.unheld > 0 ? ` (${audit.unheldList}…)` : ''}`,
    'zh-cn': `${audit.holding} 个订单占着 ${audit.items} 件库存，下单成功的有 ${placed} 个；占着库存却没付款的：${audit.unpaid} 个${audit.unpaid > 0 ? `（${audit.unpaidList}…）` : ''}，其中被 payments 拒绝的：${audit.stuck} 个${audit.stuck > 0 ? `（${audit.stuckList}…）` : ''}；付了款却没占库存的：${audit.unheld} 个${audit.unheld > 0 ? `（${audit.unheldList}…）` : ''}`,
  };
  let stockHint: CheckText;
  if (audit.stuck > 0) {
    stockHint = {
      en: `${audit.stuck} of Linus's orders kept their stock after payments declined his card: a decline is a failed charge too, so call release(mesh, o.order) before answering 402, or those items can never be sold`,
      'zh-cn': `payments 拒绝了 Linus 的卡之后，他的 ${audit.stuck} 个订单仍占着库存：被拒也是一次失败的扣款，所以回答 402 之前要调用 release(mesh, o.order)，否则这些商品再也卖不出去`,
    };
  } else if (audit.unpaid > 0) {
    stockHint = {
      en: 'an order whose charge failed kept its stock: call release(mesh, o.order) before answering anything but 201 — also when the call to payments throws (a timeout)',
      'zh-cn':
        '扣款失败的订单仍占着库存：只要回答的不是 201，回答之前都要调用 release(mesh, o.order)——调用 payments 抛出异常（超时）时也一样',
    };
  } else if (audit.unheld > 0) {
    stockHint = {
      en: 'a charge was made (pay-3 makes it before its connection resets) but its order failed and gave its stock back: try the charge again with the same Idempotency-Key, which gets that charge back, instead of giving up',
      'zh-cn':
        '扣款已经发生了（pay-3 在连接重置之前就扣了款），订单却失败了，还把库存还了回去：用同一个 Idempotency-Key 再试一次扣款，就能拿回那笔扣款，不要就此放弃',
    };
  } else {
    stockHint = {
      en: 'orders that were charged and hold their stock were answered as failed: a 503 from pay-3 may come after the charge was made, so try again with the same Idempotency-Key and answer 201 when payments confirms it',
      'zh-cn':
        '有的订单已经扣款、也占着库存，却被回答为失败：pay-3 的 503 可能发生在扣款之后，所以要用同一个 Idempotency-Key 再试一次，payments 确认后回答 201',
    };
  }
  t.expect(
    {
      en: "the stock held equals the orders paid: every placed order is paid once and holds its stock, and no other order holds any (Linus's declined orders included)",
      'zh-cn':
        '占用的库存与已付款的订单一致：每个下单成功的订单都付了一次款、占着自己的库存，别的订单（包括 Linus 被拒的订单）一件都不占',
    },
    consistent,
    consistent ? stockText : hinted(stockText, stockHint),
  );

  t.exitsCleanly(run);
});
