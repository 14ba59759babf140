/**
 * Check for trees/same: walk sends a binary search tree's values in order and closes its channel;
 * same compares two walks in lockstep and, whatever it answers, closes a quit channel so that both
 * walks stop. The program compares seven pairs (same values in different shapes, a difference at
 * the first and at the last value, one tree a prefix of the other both ways, two empty trees, one
 * empty tree) and sleeps a virtual millisecond after each.
 *
 * Read from the trace: main's sleeps split it into one stretch per pair, and the goroutines started
 * in a stretch are that pair's walks. Their `chan.send` events are the values they sent (each
 * channel's must go up), their `chan.close` events say whether a walk ended its channel, and their
 * `go.exit` whether it returned before the next pair started. A walk blocked for ever on a send
 * never exits (and t.noLeaks names its line); a walk on a buffered channel exits but has sent
 * values nobody needed, which the count of sends past the first difference shows.
 *
 * Explored over many schedules: which walk runs first, and when the quit is seen, must not matter.
 */
import {
  defineCheck,
  type CheckContext,
  type CheckText,
  type TraceEvent,
} from 'labcheck';

const MAIN = 1;

interface Pair {
  readonly name: string;
  readonly same: boolean;
  /** How many values both trees share before the first difference (the shorter's length for a prefix). */
  readonly common: number;
}

/** The pairs main compares, in order. */
const pairs: readonly Pair[] = [
  {
    name: 'same values, different shapes',
    same: true,
    common: 10,
  },
  {
    name: 'differ at the first value',
    same: false,
    common: 0,
  },
  {
    name: 'differ at the last value',
    same: false,
    common: 9,
  },
  {
    name: 'the second is a prefix of the first',
    same: false,
    common: 5,
  },
  {
    name: 'the first is a prefix of the second',
    same: false,
    common: 5,
  },
  { name: 'both empty', same: true, common: 0 },
  { name: 'one empty', same: false, common: 0 },
];
const expected = pairs.map(
  (p) => `${p.name}: ${String(p.same)}`,
);

/** What the walks of one pair did. */
interface Stretch {
  readonly pair: Pair;
  /** The goroutines started while main compared this pair. */
  readonly goroutines: readonly number[];
  /** The values sent by those goroutines, by channel, in order. */
  readonly sent: ReadonlyMap<number, number[]>;
  /** How many channels those goroutines closed. */
  readonly closed: number;
  /** The goroutines that had not returned when main went on to the next pair (or returned). */
  readonly running: readonly number[];
}

/**
 * Splits the trace at main's sleeps: one stretch per pair compared, the last one cut short when the
 * run stopped early (`complete` is false then).
 */
function stretches(trace: readonly TraceEvent[]): {
  all: Stretch[];
  complete: boolean;
} {
  const sleeps = trace.flatMap((e, i) =>
    e.type === 'sleep' && e.g === MAIN
      ? [{ i, end: e.t + e.d }]
      : [],
  );
  const out: Stretch[] = [];
  let from = 0;
  for (const [n, pair] of pairs.entries()) {
    const sleep = sleeps[n];
    const to = sleep?.i ?? trace.length;
    const goroutines = trace
      .slice(from, to)
      .flatMap((e) =>
        e.type === 'go.start' && e.g !== MAIN ? [e.g] : [],
      );
    const mine = new Set(goroutines);
    const sent = new Map<number, number[]>();
    let closed = 0;
    const exited = new Set<number>();
    for (const e of trace) {
      if (!mine.has(e.g)) continue;
      if (
        e.type === 'chan.send' &&
        typeof e.value === 'number'
      ) {
        sent.set(e.ch, [
          ...(sent.get(e.ch) ?? []),
          e.value,
        ]);
      } else if (e.type === 'chan.close') {
        closed++;
      } else if (
        e.type === 'go.exit' &&
        (sleep === undefined || e.t < sleep.end)
      ) {
        exited.add(e.g);
      }
    }
    out.push({
      pair,
      goroutines,
      sent,
      closed,
      running: goroutines.filter((g) => !exited.has(g)),
    });
    if (sleep === undefined) break;
    from = to + 1;
  }
  return {
    all: out,
    complete: sleeps.length >= pairs.length,
  };
}

/** Fails `name` with the first stretch `wrong` finds something wrong in, else passes it. */
function each(
  t: CheckContext,
  name: CheckText,
  all: readonly Stretch[],
  complete: boolean,
  wrong: (s: Stretch) => CheckText | null,
  hint: CheckText,
): void {
  for (const s of all) {
    const found = wrong(s);
    if (found !== null) {
      t.expect(name, false, {
        en: `${s.pair.name}: ${found.en} — ${hint.en}`,
        'zh-cn': `${s.pair.name}：${found['zh-cn']}——${hint['zh-cn']}`,
      });
      return;
    }
  }
  t.expect(
    name,
    complete,
    complete
      ? undefined
      : {
          en: 'the program stopped before it had compared every pair',
          'zh-cn': '程序还没比较完所有的树对就停止了',
        },
  );
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    t.equal(
      {
        en: 'same gives the right answer for every pair',
        'zh-cn': 'same 对每一对树都给出正确答案',
      },
      run.lines,
      expected,
      run.lines.length === expected.length
        ? {
            en: 'a tree that is a prefix of the other is not the same tree: same must also compare ok1 with ok2',
            'zh-cn':
              '一棵树是另一棵的前缀时，两棵树并不相同：same 还要比较 ok1 和 ok2',
          }
        : {
            en: 'it did not print an answer for every pair',
            'zh-cn': '它没有为每一对树都打印答案',
          },
    );

    const { all, complete } = stretches(run.trace);

    each(
      t,
      {
        en: 'each walk sends its values in ascending order',
        'zh-cn': '每个 walk 都按从小到大的顺序发送值',
      },
      all,
      complete,
      (s) => {
        for (const values of s.sent.values()) {
          if (
            values.some(
              (v, i) => i > 0 && v <= (values[i - 1] ?? 0),
            )
          ) {
            return {
              en: `a walk sent ${values.join(', ')}`,
              'zh-cn': `一个 walk 发送了 ${values.join('、')}`,
            };
          }
        }
        return null;
      },
      {
        en: 'walk the left subtree, then send the value, then walk the right subtree',
        'zh-cn':
          '先遍历左子树，再发送当前节点的值，最后遍历右子树',
      },
    );

    each(
      t,
      {
        en: 'a walk closes its channel after the last value',
        'zh-cn': 'walk 发送完最后一个值后关闭它的 channel',
      },
      all,
      complete,
      (s) =>
        s.pair.same && s.closed < 2
          ? {
              en: `${s.closed === 0 ? 'neither walk' : 'one of the two walks'} closed its channel, so same waited for ever to hear that the tree had ended`,
              'zh-cn': `${s.closed === 0 ? '两个 walk 都没有' : '两个 walk 中有一个没有'}关闭 channel，same 只能一直等下去，不知道树已经遍历完`,
            }
          : null,
      {
        en: 'close ch once, in walk, after the recursive walk of the whole tree has returned',
        'zh-cn':
          '在 walk 里、对整棵树的递归遍历返回之后，关闭 ch 一次',
      },
    );

    each(
      t,
      {
        en: 'when same returns, both walks stop: none is left running',
        'zh-cn':
          'same 返回后两个 walk 都会停止：没有遗留仍在运行的 walk',
      },
      all,
      complete,
      (s) =>
        s.running.length === 0
          ? null
          : {
              en: `${s.running.length === 1 ? 'goroutine' : 'goroutines'} ${s.running.join(' and ')} had not returned when main went on`,
              'zh-cn': `main 继续往下执行时，goroutine ${s.running.join(' 和 ')} 还没有返回`,
            },
      {
        en: 'same must close a quit channel when it returns, and walk must select on quit when it sends',
        'zh-cn':
          'same 返回时要关闭一个 quit channel，walk 发送时要在 select 里同时等待 quit',
      },
    );

    each(
      t,
      {
        en: 'when the trees differ, the walks stop early: at most one value past the first difference',
        'zh-cn':
          '两棵树不同时，walk 会提前停下：在第一个不同之处之后最多再发送一个值',
      },
      all,
      complete,
      (s) => {
        if (s.pair.same) return null;
        const most = Math.max(
          0,
          ...[...s.sent.values()].map((v) => v.length),
        );
        return most <= s.pair.common + 1
          ? null
          : {
              en: `a walk sent ${most} values where ${s.pair.common + 1} ${s.pair.common === 0 ? 'was' : 'were'} enough`,
              'zh-cn': `一个 walk 发送了 ${most} 个值，其实 ${s.pair.common + 1} 个就够了`,
            };
      },
      {
        en: 'keep the channels unbuffered: a walk should block until same asks for the next value, and stop on quit',
        'zh-cn':
          'channel 保持无缓冲：walk 应该阻塞到 same 要下一个值为止，收到 quit 就停下',
      },
    );

    t.noLeaks(run);
  });
});
