/**
 * Check for operations/order-saga: six orders go through orders → inventory (PUT/DELETE
 * /reservations) and orders → payments (POST /charges with an Idempotency-Key, POST /refunds) while
 * gomesh's fault injection refuses requests (503), holds them up past the 100ms per-try timeout,
 * loses answers after the work was done and delivers them too late — all drawn from the run's seed.
 *
 * `t.explore` runs the program under 50 schedules, and each schedule's token seeds a different
 * fault schedule, so the check replays 50 fault schedules; the first that breaks an invariant is
 * reported with its token (the Replay button and `--schedule` run it again, faults and all). What
 * is checked per run, from the services' own journal and the ledger the shop prints from their
 * state (never from what the learner's code logs):
 * - no order is charged twice (an Idempotency-Key that is the same on every try);
 * - an order answered 201 is paid (a charge not refunded) and holds its stock;
 * - a failed order holds no stock, and keeps none of the customer's money (compensation);
 * - compensations run in reverse order: no release of an order before its refund;
 * - every order gets an answer that says what happened: 201, 402 only when payments declined,
 *   409 only when inventory was out of stock, 503 only when a try to reserve or charge it got no
 *   answer or a 5xx (the shop counts them: "failed tries") — so a saga that refuses everything,
 *   and so never breaks an invariant, fails too.
 */
import {
  defineCheck,
  type CheckText,
  type ProgramRun,
} from 'labcheck';

const ORDERS = 6;

interface Ledger {
  readonly answer: number | null;
  readonly charges: number;
  readonly refunds: number;
  readonly reserved: number;
  readonly failedCalls: number;
}

interface OrderRun {
  readonly id: string;
  readonly sku: string;
  /** The services' journal lines while this order was placed, without the indent. */
  readonly journal: readonly string[];
  readonly ledger: Ledger | undefined;
}

function parse(lines: readonly string[]): OrderRun[] {
  const runs: {
    id: string;
    sku: string;
    journal: string[];
  }[] = [];
  const ledgers = new Map<string, Ledger>();
  for (const line of lines) {
    const head =
      /^(o-\d+): \w+ orders \d+ (\w+) for \d+$/.exec(line);
    if (head !== null) {
      runs.push({
        id: head[1] ?? '',
        sku: head[2] ?? '',
        journal: [],
      });
      continue;
    }
    const journal =
      /^ {2}((?:inventory|payments): .*)$/.exec(line);
    if (journal !== null) {
      runs.at(-1)?.journal.push(journal[1] ?? '');
      continue;
    }
    const l =
      /^ledger (o-\d+): answer (\d+|none), charges (\d+), refunds (\d+), reserved (\d+), failed tries (\d+)$/.exec(
        line,
      );
    if (l !== null) {
      ledgers.set(l[1] ?? '', {
        answer: l[2] === 'none' ? null : Number(l[2]),
        charges: Number(l[3]),
        refunds: Number(l[4]),
        reserved: Number(l[5]),
        failedCalls: Number(l[6]),
      });
    }
  }
  return runs.map((r) => ({
    ...r,
    ledger: ledgers.get(r.id),
  }));
}

/** At most two problems, then how many more, then what to do (`en`, `zh`). */
function joined(
  run: ProgramRun,
  problems: readonly CheckText[],
  en: string,
  zh: string,
): CheckText {
  const shown = problems.slice(0, 2);
  const more = problems.length - shown.length;
  const schedule = run.schedule ?? 'seed 1';
  return {
    en: `fault schedule ${schedule}: ${shown.map((p) => p.en).join('; ')}${more > 0 ? ` (and ${more} more)` : ''} — ${en}`,
    'zh-cn': `故障调度 ${schedule}：${shown.map((p) => p['zh-cn']).join('；')}${more > 0 ? `（另有 ${more} 处）` : ''}——${zh}`,
  };
}

/** The charge ids the journal names for lines matching `what` (`charged … (ch-3)`). */
const ids = (journal: readonly string[], what: RegExp) =>
  journal.flatMap((line) => {
    const m = what.exec(line);
    return m === null ? [] : [m[1] ?? ''];
  });

const failed = (o: OrderRun) =>
  o.ledger !== undefined && o.ledger.answer !== 201;

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);
    const orders = parse(run.lines);
    const complete =
      orders.length === ORDERS &&
      orders.every((o) => o.ledger !== undefined);
    if (
      !t.expect(
        {
          en: `the shop places its ${ORDERS} orders and prints their ledger`,
          'zh-cn': `商店下完 ${ORDERS} 个订单并打印出它们的账目`,
        },
        complete,
        {
          en: `it printed ${orders.length} orders and ${orders.filter((o) => o.ledger !== undefined).length} ledger lines: keep the shop below "no need to change anything", which prints them`,
          'zh-cn': `只打印了 ${orders.length} 个订单、${orders.filter((o) => o.ledger !== undefined).length} 行账目：请保留“无需修改”以下的商店代码，由它打印`,
        },
      )
    ) {
      return;
    }

    // No order is charged twice.
    const twice = orders.filter(
      (o) => (o.ledger?.charges ?? 0) > 1,
    );
    t.expect(
      {
        en: 'no order is charged twice',
        'zh-cn': '没有哪个订单被扣款两次',
      },
      twice.length === 0,
      joined(
        run,
        twice.map((o) => {
          const list = ids(
            o.journal,
            /^payments: charged .* \((ch-\d+)\)$/,
          ).join(' ');
          return {
            en: `${o.id} was charged ${o.ledger?.charges} times (${list})`,
            'zh-cn': `${o.id} 被扣款 ${o.ledger?.charges} 次（${list}）`,
          };
        }),
        'an answer was lost after the charge and the retry charged again: send the charge with an Idempotency-Key that is the same on every try, so payments answers the retry with the first answer',
        '扣款之后回答丢了，重试又扣了一次：发送扣款请求时带上 Idempotency-Key，且每次重试都用同一个，这样 payments 会用第一次的回答来回应重试',
      ),
    );

    // A confirmed order is paid and holds its stock.
    const unpaid = orders.filter(
      (o) =>
        o.ledger?.answer === 201 &&
        (o.ledger.charges - o.ledger.refunds < 1 ||
          o.ledger.reserved === 0),
    );
    t.expect(
      {
        en: 'an order answered 201 is paid and holds its stock',
        'zh-cn': '回答 201 的订单已付款，并且占着它的库存',
      },
      unpaid.length === 0,
      joined(
        run,
        unpaid.map((o) => ({
          en: `${o.id} was answered 201 with ${o.ledger?.charges} charges, ${o.ledger?.refunds} refunded, ${o.ledger?.reserved} ${o.sku} reserved`,
          'zh-cn': `${o.id} 回答了 201，但有 ${o.ledger?.charges} 笔扣款、${o.ledger?.refunds} 笔已退款、预留了 ${o.ledger?.reserved} 件 ${o.sku}`,
        })),
        'answer 201 only after the reservation and the charge both succeeded',
        '只有预留库存和扣款都成功之后才能回答 201',
      ),
    );

    // A failed order holds no stock.
    const holding = orders.filter(
      (o) => failed(o) && (o.ledger?.reserved ?? 0) > 0,
    );
    t.expect(
      {
        en: 'a failed order holds no stock: its reservation is released',
        'zh-cn': '失败的订单不占库存：它的预留被释放了',
      },
      holding.length === 0,
      joined(
        run,
        holding.map((o) => ({
          en: `${o.id} was answered ${o.ledger?.answer ?? 'nothing'} and still holds ${o.ledger?.reserved} ${o.sku}`,
          'zh-cn': `${o.id} 回答了 ${o.ledger?.answer ?? '（无）'}，却仍占着 ${o.ledger?.reserved} 件 ${o.sku}`,
        })),
        'when a later step fails, compensate the reservation: DELETE /reservations/<order>, sent until inventory answers (releasing twice releases once)',
        '后面的步骤失败时，要补偿这次预留：发送 DELETE /reservations/<order>，直到 inventory 回答为止（释放两次等于释放一次）',
      ),
    );

    // A failed order keeps none of the money.
    const kept = orders.filter(
      (o) =>
        failed(o) &&
        (o.ledger?.charges ?? 0) > (o.ledger?.refunds ?? 0),
    );
    t.expect(
      {
        en: 'a failed order keeps none of the customer’s money: a charge that may have happened is refunded',
        'zh-cn':
          '失败的订单不留下顾客的一分钱：可能已经发生的扣款都要退款',
      },
      kept.length === 0,
      joined(
        run,
        kept.map((o) => {
          const charged = ids(
            o.journal,
            /^payments: charged .* \((ch-\d+)\)$/,
          ).join(' ');
          return {
            en: `${o.id} was answered ${o.ledger?.answer ?? 'nothing'} and ${charged} was not refunded`,
            'zh-cn': `${o.id} 回答了 ${o.ledger?.answer ?? '（无）'}，但 ${charged} 没有退款`,
          };
        }),
        'no answer from payments, or a 5xx after an answer may have been lost, does not mean nothing was charged: POST /refunds for the order, sent until payments answers, before you release and answer',
        'payments 没有回答，或者在一次回答可能丢失之后又回了 5xx，都不代表没有扣款：先为该订单发送 POST /refunds，直到 payments 回答为止，再释放库存并回答客户',
      ),
    );

    // Compensations in reverse order.
    const early = orders.filter((o) => {
      const lastRefund = o.journal.findLastIndex((l) =>
        l.startsWith('payments: refunded'),
      );
      return o.journal.some(
        (l, i) =>
          i < lastRefund &&
          l.startsWith('inventory: released'),
      );
    });
    t.expect(
      {
        en: 'compensations run in reverse order: the refund before the release',
        'zh-cn': '补偿按相反的顺序执行：先退款，再释放库存',
      },
      early.length === 0,
      joined(
        run,
        early.map((o) => ({
          en: `${o.id}'s stock was released before its refund`,
          'zh-cn': `${o.id} 的库存在退款之前就被释放了`,
        })),
        'undo the last step first: then every state the undo passes through ("reserved, not charged") is one the order also passed through on its way, never "charged, nothing reserved"',
        '先撤销最后一步：这样撤销过程中经过的每个状态（“已预留、未扣款”）都是下单时本来就经过的状态，而不会出现“已扣款、却没有预留”',
      ),
    );

    // A definite answer that says what happened.
    const wrong = orders.flatMap((o): CheckText[] => {
      const l = o.ledger;
      if (l === undefined) return [];
      const declined = o.journal.some((j) =>
        j.startsWith('payments: declined'),
      );
      const outOfStock = o.journal.some((j) =>
        j.startsWith('inventory: out of stock'),
      );
      const ok =
        l.answer === 201 ||
        (l.answer === 402 && declined) ||
        (l.answer === 409 && outOfStock) ||
        (l.answer === 503 && l.failedCalls > 0);
      if (ok) return [];
      const why =
        l.answer === 402 ||
        l.answer === 409 ||
        l.answer === 503
          ? {
              en: ' without a reason for it',
              zh: '，却没有对应的原因',
            }
          : { en: '', zh: '' };
      return [
        {
          en: `${o.id} was answered ${l.answer ?? 'nothing'}${why.en}`,
          'zh-cn': `${o.id} 回答了 ${l.answer ?? '（无）'}${why.zh}`,
        },
      ];
    });
    t.expect(
      {
        en: 'every order gets an answer that says what happened: 201, 402 (declined), 409 (out of stock) or 503 (a try to reserve or charge failed)',
        'zh-cn':
          '每个订单都得到一个说清发生了什么的回答：201、402（拒付）、409（缺货）或 503（预留或扣款有尝试失败）',
      },
      wrong.length === 0,
      joined(
        run,
        wrong,
        'answer 201 when both steps succeeded, 402 when payments declined, 409 when inventory was out of stock, and 503 only when a try to reserve or charge got no answer or a 5xx',
        '两步都成功时回答 201，payments 拒付时回答 402，inventory 缺货时回答 409，只有预留或扣款的某次尝试没有回答或回了 5xx 时才回答 503',
      ),
    );
  });
});
