/**
 * Check for services/deadline-budget. The check runs its own copy of main.ts's bench around the
 * learner's shop (shop.ts, loaded at run time: users, catalog and orders, each its own HTTP server on
 * gomesh), on the virtual clock: it starts the shop and, as a client, calls orders over HTTP three
 * times with a deadline in x-mesh-deadline-ms, waiting for each answer however long it takes and
 * then one second more, so that whatever the services still do for an order shows in the log the
 * shop writes through the bench:
 * - fast:  GET /orders/1, 200 ms — users 40 ms, catalog one step of 120 ms: 200 at 160 ms with the
 *   user and the item (a deadline passed on must not cut a call that fits);
 * - slow:  GET /orders/2, 200 ms — the catalog is the slow callee (five steps, 600 ms);
 * - tight: GET /orders/1, 30 ms — users (40 ms) is too slow for it, and users is an older service
 *   that ignores the header: only orders' own ctx (the call's signal) can stop the wait.
 * For slow and tight, orders answers 504 at the deadline (not when the callee is done: 640 ms or
 * 40 ms); the catalog's context is cancelled on the slow order (it heard of the deadline at all: a
 * `stopped` line); and the catalog logs nothing after either deadline (its deadline is the caller's:
 * the header held what remained — 160 ms after the 40 ms spent on users; sending 200 moves it to
 * 240 ms; on the tight order it is not called at all, or told 0). users' lines are not judged: it
 * is not the learner's to change. No goroutine may be left behind once the bench has closed the
 * shop.
 * Times are exact on the virtual clock. Explored over 50 schedules: orders' deadline and the
 * callee's fall in the same instant, and nothing may depend on which the scheduler runs first.
 */
import * as time from 'gort/time';
import { get } from 'gomesh';
import { DEADLINE_HEADER } from 'gomesh/sidecar';
import { defineCheck, type CheckText } from 'labcheck';

/** What the learner's shop.ts exports (checked when it is loaded). */
interface Learner {
  startShop(log: (what: string) => void): Promise<{
    readonly orders: string;
    close(): Promise<void>;
  }>;
}

/** Where the learner's file is in the mounted tree, next to this check (computed: loaded at run time). */
const LEARNER_FILE = './shop.js';

/** A line the shop logged for one order, and when (ms since the client sent it). */
interface Line {
  readonly at: number;
  readonly what: string;
}

/** One order of the bench and what it saw: orders' answer, when it came, and the shop's lines. */
interface Order {
  readonly name: string;
  readonly item: string;
  readonly deadline: number;
  /** The callee too slow for the deadline (null: none is). */
  readonly slow: 'users' | 'catalog' | null;
  answer?: { at: number; status: number; body: string };
  lines: Line[];
}

const ORDERS = [
  { name: 'fast', item: '1', deadline: 200, slow: null },
  {
    name: 'slow',
    item: '2',
    deadline: 200,
    slow: 'catalog',
  },
  { name: 'tight', item: '1', deadline: 30, slow: 'users' },
] as const;

const fmt = (ms: number) => time.formatDuration(ms);

/** main.ts's order of the lines of one instant: client ->, the services, orders stopping, client <-. */
const rank = (what: string) =>
  what.startsWith('client ->')
    ? 0
    : what.startsWith('client <-')
      ? 3
      : what.startsWith('orders:')
        ? 2
        : 1;

/**
 * The check's bench around the learner's startShop: main.ts's orders, recorded in `seen` and
 * printed as main.ts prints them.
 */
function bench(learner: Learner, seen: Order[]) {
  return async () => {
    seen.length = 0;
    let current: Order | undefined;
    let start = time.now();
    const log = (what: string) =>
      current?.lines.push({ at: time.since(start), what });
    const shop = await learner.startShop(log);
    try {
      for (const o of ORDERS) {
        const order: Order = { ...o, lines: [] };
        seen.push(order);
        current = order;
        start = time.now();
        const ms = String(o.deadline);
        log(
          `client -> GET /orders/${o.item} (${DEADLINE_HEADER}: ${ms})`,
        );
        const res = await get(
          `${shop.orders}/orders/${o.item}`,
          {
            headers: { [DEADLINE_HEADER]: ms },
          },
        );
        const body = await res.text();
        order.answer = {
          at: time.since(start),
          status: res.status,
          body,
        };
        log(`client <- ${res.status} ${body}`);
        // Whatever the services still do for this order shows within a second.
        await time.sleep(time.Second);
        const lines = [...order.lines].sort(
          (a, b) =>
            a.at - b.at || rank(a.what) - rank(b.what),
        );
        for (const l of lines)
          console.log(
            `[${o.name}]`.padEnd(7),
            fmt(l.at).padEnd(6),
            l.what,
          );
      }
    } finally {
      await shop.close();
    }
  };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

/** A callee's own lines (`catalog <- …`, `catalog: …`). */
const linesOf = (order: Order, callee: string) =>
  order.lines.filter(
    (l) =>
      l.what.startsWith(`${callee} `) ||
      l.what.startsWith(`${callee}:`),
  );

/** `GET /orders/1 (30ms deadline)`, in both languages. */
const request = (o: Order): CheckText => ({
  en: `GET /orders/${o.item} (${o.deadline}ms deadline)`,
  'zh-cn': `GET /orders/${o.item}（截止时间 ${o.deadline}ms）`,
});

const signalHint: CheckText = {
  en: 'Give each mesh call { signal: ctx.signal }, so that it ends when ctx does, and send the callee what remains of the deadline in x-mesh-deadline-ms',
  'zh-cn':
    '给每次网格调用传入 { signal: ctx.signal }，让调用随 ctx 一起结束；并把截止时间还剩下的部分放进 x-mesh-deadline-ms 头部发给被调用方',
};

const headerHint: CheckText = {
  en: 'Send what remains of the deadline in the x-mesh-deadline-ms header (time.until of ctx.deadline()): the callee builds its ctx from it',
  'zh-cn':
    '把截止时间还剩下的部分放进 x-mesh-deadline-ms 头部发出去（对 ctx.deadline() 取 time.until）：被调用方据此建立自己的 ctx',
};

/** Why orders' answer to a too-slow order is wrong, or undefined when it is 504 at the deadline. */
function answerWrong(o: Order): CheckText | undefined {
  const a = o.answer;
  const r = request(o);
  if (a === undefined)
    return {
      en: `orders never answered ${r.en}`,
      'zh-cn': `orders 始终没有回答 ${r['zh-cn']}`,
    };
  if (a.status === 504 && a.at === o.deadline)
    return undefined;
  if (a.at > o.deadline)
    return {
      en: `${r.en}: orders answered ${a.status} only at ${fmt(a.at)}, ${fmt(a.at - o.deadline)} after its deadline, when its callees were done. ${signalHint.en}`,
      'zh-cn': `${r['zh-cn']}：orders 直到 ${fmt(a.at)} 才回答 ${a.status}，比截止时间晚了 ${fmt(a.at - o.deadline)}，那时被调用方才做完。${signalHint['zh-cn']}`,
    };
  return {
    en: `${r.en}: orders answered ${a.status} ${a.body} at ${fmt(a.at)}`,
    'zh-cn': `${r['zh-cn']}：orders 在 ${fmt(a.at)} 回答了 ${a.status} ${a.body}`,
  };
}

/** Why the slow catalog of `o` never heard of the deadline, or undefined when its ctx was cancelled. */
function notCancelled(o: Order): CheckText | undefined {
  if (o.slow !== 'catalog') return undefined;
  const own = linesOf(o, o.slow);
  if (
    own.some((l) => l.what.startsWith(`${o.slow}: stopped`))
  )
    return undefined;
  const last = own.at(-1);
  const r = request(o);
  return {
    en: `${r.en}: ${o.slow} worked to the end — its last line is \`${last?.what ?? ''}\` at ${fmt(last?.at ?? 0)} — and never heard of the deadline. ${headerHint.en}`,
    'zh-cn': `${r['zh-cn']}：${o.slow} 一直做到了底（最后一行是 ${fmt(last?.at ?? 0)} 的 \`${last?.what ?? ''}\`），根本不知道有截止时间。${headerHint['zh-cn']}`,
  };
}

/** The first line the catalog logged for `o` after its deadline, said why, or undefined. */
function workedLate(o: Order): CheckText | undefined {
  const late = linesOf(o, 'catalog').find(
    (l) => l.at > o.deadline,
  );
  if (late === undefined) return undefined;
  const r = request(o);
  if (late.what.startsWith('catalog <-'))
    return {
      en: `${r.en}: orders called the catalog at ${fmt(late.at)}, after its own deadline had passed at ${fmt(o.deadline)}: it was still waiting for users. ${signalHint.en}`,
      'zh-cn': `${r['zh-cn']}：orders 在 ${fmt(late.at)} 才调用 catalog，而它自己的截止时间 ${fmt(o.deadline)} 早已过去：它一直在等 users。${signalHint['zh-cn']}`,
    };
  if (/^\w+: stopped/.test(late.what))
    return {
      en: `${r.en}: \`${late.what}\` only at ${fmt(late.at)}, ${fmt(late.at - o.deadline)} after the caller gave up: the header must hold the time that REMAINS (time.until(deadline)), not the deadline the request started with`,
      'zh-cn': `${r['zh-cn']}：直到 ${fmt(late.at)} 才出现 \`${late.what}\`，比调用方放弃晚了 ${fmt(late.at - o.deadline)}：头部里应该是还剩下的时间（time.until(deadline)），而不是请求一开始的截止时间`,
    };
  return {
    en: `${r.en}: at ${fmt(late.at)} the shop logged \`${late.what}\`, for a caller that gave up at ${fmt(o.deadline)}`,
    'zh-cn': `${r['zh-cn']}：在 ${fmt(late.at)} 还记下了 \`${late.what}\`，而调用方在 ${fmt(o.deadline)} 就放弃了`,
  };
}

/** The first of the orders' failures (each names its order), or undefined when none failed. */
function first(
  failures: readonly (CheckText | undefined)[],
): CheckText | undefined {
  return failures.find((f) => f !== undefined);
}

export default defineCheck(async (t) => {
  let learner: Learner | undefined;
  let loadError = '';
  try {
    const mod = (await import(
      LEARNER_FILE
    )) as Partial<Learner>;
    if (typeof mod.startShop === 'function')
      learner = mod as Learner;
    else loadError = 'shop.ts does not export startShop';
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
  }
  if (
    !t.expect(
      {
        en: 'shop.ts exports startShop(log)',
        'zh-cn': 'shop.ts 导出了 startShop(log)',
      },
      learner !== undefined,
      learner === undefined
        ? { en: loadError, 'zh-cn': loadError }
        : undefined,
    ) ||
    learner === undefined
  )
    return;

  const seen: Order[] = [];
  await t.explore(
    (run) => {
      t.exitsCleanly(run);
      const byName = (name: string) =>
        seen.find((o) => o.name === name);
      const tooSlow = seen.filter((o) => o.slow !== null);

      const fast = byName('fast')?.answer;
      t.expect(
        {
          en: 'GET /orders/1 with a 200ms deadline still answers 200 at 160ms with the user and the item',
          'zh-cn':
            '带 200ms 截止时间的 GET /orders/1 仍然在 160ms 回 200，带着用户和商品',
        },
        fast !== undefined &&
          fast.status === 200 &&
          fast.at === 160 &&
          sameJson(parsed(fast.body), {
            user: { id: 7, name: 'Ada' },
            item: { id: 1, name: 'lamp' },
          }),
        fast === undefined
          ? {
              en: 'orders never answered GET /orders/1',
              'zh-cn': 'orders 始终没有回答 GET /orders/1',
            }
          : {
              en: `orders answered ${fast.status} ${fast.body} at ${fmt(fast.at)}: a call that fits in the deadline must not be cut`,
              'zh-cn': `orders 在 ${fmt(fast.at)} 回答了 ${fast.status} ${fast.body}：放得进截止时间的调用不该被切断`,
            },
      );

      const answers = first(tooSlow.map(answerWrong));
      t.expect(
        {
          en: 'when a callee is too slow, orders answers 504 at its deadline: GET /orders/2 (slow catalog) at 200ms, GET /orders/1 with a 30ms deadline (users, which ignores deadlines, takes 40ms) at 30ms',
          'zh-cn':
            '被调用方太慢时，orders 在自己的截止时间回 504：GET /orders/2（catalog 慢）在 200ms，截止时间只有 30ms 的 GET /orders/1（users 不理会截止时间，要 40ms）在 30ms',
        },
        tooSlow.length === 2 && answers === undefined,
        answers,
      );

      const deaf = first(tooSlow.map(notCancelled));
      t.expect(
        {
          en: "the catalog's context is cancelled at the deadline on GET /orders/2: it heard of the deadline",
          'zh-cn':
            'GET /orders/2 上，catalog 的 context 在截止时间被取消：它知道有截止时间',
        },
        tooSlow.length === 2 && deaf === undefined,
        deaf,
      );

      const late = first(tooSlow.map(workedLate));
      t.expect(
        {
          en: 'the catalog does no work after its caller’s deadline (200ms; 30ms)',
          'zh-cn':
            '调用方的截止时间（200ms；30ms）一过，catalog 就不再做任何工作',
        },
        tooSlow.length === 2 && late === undefined,
        late,
      );
      t.noLeaks(run);
    },
    { main: bench(learner, seen) },
  );
});
