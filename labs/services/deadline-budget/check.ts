/**
 * Check for services/deadline-budget: a client calls GET /orders/<item> with a 200 ms deadline
 * (x-mesh-deadline-ms: 200); orders calls users (40 ms), then catalog (item 1: one step of 120 ms,
 * item 2: five). The bench's front door answers 504 at 200 ms, like gomesh's timeout layer, so the
 * client is never late; what the lesson is about is the work behind it. The check reads the log
 * lines `[fast|slow] <time> <who>: …` on the virtual clock, so times are exact:
 * - the fast path still answers 200 at 160 ms (a deadline passed on must not cut a call that fits);
 * - the slow path answers 504 at 200 ms;
 * - the catalog's context is cancelled on the slow path (it heard of the deadline at all);
 * - the catalog logs nothing after 200 ms (its deadline is the caller's: the budget sent was what
 *   remained, not the 200 ms orders started with; sending 200 after 40 ms spent moves it to 240).
 * Explored over many schedules: the cancellation and a timer at the same instant must agree.
 */
import {
  defineCheck,
  durationMs,
  type CheckText,
} from 'labcheck';

const deadline = 200;

interface Line {
  readonly path: string;
  readonly at: number;
  readonly who: string;
  readonly what: string;
}

/** The log lines `[path] <time> <who>: <what>` or `[path] <time> client <- <status> …`. */
function lines(out: readonly string[]): Line[] {
  const got: Line[] = [];
  for (const line of out) {
    const m = /^\[(\w+)\]\s+(\S+)\s+(\S+?):?\s+(.*)$/.exec(
      line,
    );
    if (m === null) continue;
    const at = durationMs(m[2] ?? '') ?? Number.NaN;
    if (!Number.isNaN(at))
      got.push({
        path: m[1] ?? '',
        at,
        who: m[3] ?? '',
        what: m[4] ?? '',
      });
  }
  return got;
}

function answer(
  ls: readonly Line[],
  path: string,
): Line | undefined {
  return ls.find(
    (l) =>
      l.path === path &&
      l.who === 'client' &&
      l.what.startsWith('<- '),
  );
}

const ms = (n: number) => `${n}ms`;

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);
    const ls = lines(run.lines);

    const fast = answer(ls, 'fast');
    t.expect(
      {
        en: `the fast path (item 1) still answers 200 with the user and the item at 160ms`,
        'zh-cn':
          '快路径（商品 1）仍然在 160ms 回 200，带着用户和商品',
      },
      fast !== undefined &&
        fast.at === 160 &&
        fast.what.startsWith('<- 200') &&
        fast.what.includes('ada') &&
        fast.what.includes('lamp'),
      fast === undefined
        ? {
            en: 'the client got no answer for /orders/1',
            'zh-cn': '客户端没有收到 /orders/1 的回答',
          }
        : {
            en: `the client got \`${fast.what.slice(3)}\` at ${ms(fast.at)}: a call that fits in the budget must not be cut`,
            'zh-cn': `客户端在 ${ms(fast.at)} 收到 \`${fast.what.slice(3)}\`：放得进预算的调用不该被切断`,
          },
    );

    const slow = answer(ls, 'slow');
    t.expect(
      {
        en: 'the slow path (item 2) answers 504 at the 200ms deadline',
        'zh-cn': '慢路径（商品 2）在 200ms 截止时间回 504',
      },
      slow !== undefined &&
        slow.at === deadline &&
        slow.what.startsWith('<- 504'),
      slow === undefined
        ? {
            en: 'the client got no answer for /orders/2',
            'zh-cn': '客户端没有收到 /orders/2 的回答',
          }
        : {
            en: `the client got \`${slow.what.slice(3)}\` at ${ms(slow.at)}`,
            'zh-cn': `客户端在 ${ms(slow.at)} 收到 \`${slow.what.slice(3)}\``,
          },
    );

    const work = ls.filter(
      (l) => l.path === 'slow' && l.who === 'catalog',
    );
    const cancelled = work.find((l) =>
      l.what.startsWith('cancelled'),
    );
    const steps = work.filter((l) =>
      l.what.includes(' step '),
    );
    const noHeader: CheckText = {
      en: 'it never heard of the deadline: send the remaining budget in the x-mesh-deadline-ms header, so the callee builds its context from it',
      'zh-cn':
        '它根本不知道有截止时间：把剩余预算放进 x-mesh-deadline-ms 头部发出去，被调用方据此建立自己的 context',
    };
    t.expect(
      {
        en: "the catalog's context is cancelled on the slow path",
        'zh-cn': '慢路径上 catalog 的 context 被取消了',
      },
      cancelled !== undefined,
      cancelled === undefined
        ? {
            en: `the catalog ran all ${steps.length} steps to ${ms(steps.at(-1)?.at ?? 0)}: ${noHeader.en}`,
            'zh-cn': `catalog 把 ${steps.length} 步全做完，一直到 ${ms(steps.at(-1)?.at ?? 0)}：${noHeader['zh-cn']}`,
          }
        : undefined,
    );

    const late = work.find((l) => l.at > deadline);
    t.expect(
      {
        en: 'the catalog does no work after the caller\u2019s deadline (200ms)',
        'zh-cn':
          '调用方的截止时间（200ms）过后，catalog 不再做任何工作',
      },
      late === undefined,
      late === undefined
        ? undefined
        : cancelled !== undefined && cancelled.at > deadline
          ? {
              en: `it was cancelled only at ${ms(cancelled.at)}: the header must hold the time that remains (time.until(deadline)), not the 200ms the request started with`,
              'zh-cn': `它直到 ${ms(cancelled.at)} 才被取消：头部里应该是还剩下的时间（time.until(deadline)），而不是请求一开始的 200ms`,
            }
          : {
              en: `at ${ms(late.at)} it logged \`${late.what}\`, for a client that gave up at 200ms`,
              'zh-cn': `它在 ${ms(late.at)} 还记下了 \`${late.what}\`，而客户端 200ms 时就放弃了`,
            },
    );
    t.noLeaks(run);
  });
});
