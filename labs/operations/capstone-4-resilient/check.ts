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
 * Measured on the bench: the starter (one 1s timeout, no retry) places 592 of 1000, leaves 333
 * failed orders holding stock and releases the stock of 75 orders that were charged; retries with
 * a key and a 100ms timeout but no ejection run out of budget (771 placed, 39 charged orders
 * released); ejection with its default cap (one replica of three) leaves pay-3 in and retries add
 * 13.7%; retries without a key charge 16 orders twice; ejecting both (consecutive5xx 3,
 * maxEjectionPercent 67) places all 1000 with 2.2% more tries.
 */
import { defineCheck, type CheckText } from 'labcheck';
import {
  onListen,
  onTraffic,
  type TrafficRequest,
} from 'gomesh';

const ORDERS = 1000;
/** 99.9% of the orders must be placed: at most one may fail. */
const MAY_FAIL = ORDERS - Math.ceil(0.999 * ORDERS);
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
}

function parseAudit(
  lines: readonly string[],
): Audit | undefined {
  let ledger: RegExpExecArray | null = null;
  let stock: RegExpExecArray | null = null;
  for (const line of lines) {
    ledger ??=
      /^ledger: (\d+) charges for (\d+) orders, (\d+) orders charged twice(?:: (.*))?$/.exec(
        line,
      );
    stock ??=
      /^stock: (\d+) orders hold (\d+) items, (\d+) of them not paid(?:: ([^;]*))?; (\d+) paid orders hold none(?:: (.*))?$/.exec(
        line,
      );
  }
  if (ledger === null || stock === null) return undefined;
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
        en: `the bench ran: ${ORDERS} orders at the gateway, three payments replicas, and the audit of the ledger and the stock`,
        'zh-cn': `测试台照常运行：网关收到 ${ORDERS} 个订单，payments 有三个副本，并打印了账本和库存的核对结果`,
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
  const failed = ORDERS - placed;
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
    en: `${placed} of ${ORDERS} placed (${pct(placed / ORDERS)})${failed > 0 ? `; the others were answered ${[...statuses].map(([s, k]) => `${s} (${k})`).join(', ')}` : ''}`,
    'zh-cn': `${ORDERS} 个中 ${placed} 个成功（${pct(placed / ORDERS)}）${failed > 0 ? `；其余的回答是 ${[...statuses].map(([s, k]) => `${s}（${k} 个）`).join('、')}` : ''}`,
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
      en: `at least 99.9% of the ${ORDERS} orders are placed (at most ${MAY_FAIL} may fail)`,
      'zh-cn': `${ORDERS} 个订单中至少 99.9% 下单成功（最多失败 ${MAY_FAIL} 个）`,
    },
    failed <= MAY_FAIL,
    failed <= MAY_FAIL
      ? placedText
      : hinted(placedText, placedHint),
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
  const loadHint: CheckText = !ejected.has(hung)
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
    audit.unheld === 0 &&
    audit.holding === placed &&
    audit.items === audit.holding;
  const stockText: CheckText = {
    en: `${audit.holding} orders hold ${audit.items} items, ${placed} were placed; held but not paid: ${audit.unpaid}${audit.unpaid > 0 ? ` (${audit.unpaidList}…)` : ''}; paid but holding nothing: ${audit.unheld}${audit.unheld > 0 ? ` (${audit.unheldList}…)` : ''}`,
    'zh-cn': `${audit.holding} 个订单占着 ${audit.items} 件库存，下单成功的有 ${placed} 个；占着库存却没付款的：${audit.unpaid} 个${audit.unpaid > 0 ? `（${audit.unpaidList}…）` : ''}；付了款却没占库存的：${audit.unheld} 个${audit.unheld > 0 ? `（${audit.unheldList}…）` : ''}`,
  };
  let stockHint: CheckText;
  if (audit.unpaid > 0) {
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
      en: 'the stock held equals the orders paid: every placed order is paid once and holds its stock, and no other order holds any',
      'zh-cn':
        '占用的库存与已付款的订单一致：每个下单成功的订单都付了一次款、占着自己的库存，别的订单一件都不占',
    },
    consistent,
    consistent ? stockText : hinted(stockText, stockHint),
  );

  t.exitsCleanly(run);
});
