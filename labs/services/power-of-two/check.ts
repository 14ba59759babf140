/**
 * Check for services/power-of-two: the power of two choices (Mitzenmacher 2001; Envoy's
 * LEAST_REQUEST with choice_count 2). From the program's output it reads the given table of picks —
 * each case a scripted pair of draws and in-flight counts, so each has exactly one right replica —
 * and the seeded experiment (ten replicas, the last ten times slower), where the learner's balancer
 * must reach at most half of round robin's p99 in the same run. Items group the cases by the rule
 * they test: fewer in flight wins, a tie goes to the first pick, the two picks are distinct even
 * when the draws are equal, and the edge cases (one replica, none). Explored over a few schedules:
 * no two events of the experiment share an instant, so every schedule must print the same.
 */
import {
  defineCheck,
  durationMs,
  verbatim,
  type CheckText,
} from 'labcheck';

/** The right pick for each case of the given table, and why. */
const EXPECTED: Record<number, string> = {
  1: '10.0.0.3:8080',
  2: '10.0.0.1:8080',
  3: '10.0.0.4:8080',
  4: '10.0.0.2:8080',
  5: '10.0.0.1:8080',
  6: '10.0.0.1:8080',
  7: '10.0.0.1:8080',
  8: 'error: no replicas',
};

/** Which two replicas each case draws (i, then j moved past i) and their requests in flight. */
const PAIRS: Record<
  number,
  readonly [string, number, string, number]
> = {
  1: ['10.0.0.1', 3, '10.0.0.3', 0],
  2: ['10.0.0.1', 0, '10.0.0.3', 2],
  3: ['10.0.0.4', 1, '10.0.0.1', 1],
  4: ['10.0.0.3', 3, '10.0.0.2', 0],
  5: ['10.0.0.2', 1, '10.0.0.1', 0],
  6: ['10.0.0.2', 1, '10.0.0.1', 0],
};

/** Why case `n` has its answer, in both languages. */
function why(n: number): CheckText {
  const pair = PAIRS[n];
  if (pair === undefined) {
    return n === 7
      ? { en: 'the only replica', 'zh-cn': '唯一的副本' }
      : { en: 'there is no replica', 'zh-cn': '没有副本' };
  }
  const [a, fa, b, fb] = pair;
  return {
    en: `the picks are ${a} (${fa} in flight) and ${b} (${fb})`,
    'zh-cn': `两个候选是 ${a}（在途 ${fa}）和 ${b}（在途 ${fb}）`,
  };
}

const RULES: readonly {
  cases: readonly number[];
  name: CheckText;
  hint: CheckText;
}[] = [
  {
    cases: [1, 2, 5],
    name: {
      en: 'of the two picks, the one with fewer requests in flight gets the request',
      'zh-cn': '两个候选里，在途请求较少的那个得到请求',
    },
    hint: {
      en: 'compare the in-flight counts (onStart adds one, onEnd takes one away) and keep the smaller',
      'zh-cn':
        '比较在途请求数（onStart 加一，onEnd 减一），留下较小的那个',
    },
  },
  {
    cases: [3],
    name: {
      en: 'a tie goes to the first pick',
      'zh-cn': '在途请求一样多时，选第一个候选',
    },
    hint: {
      en: 'take the second only when it has strictly fewer in flight (<, not <=)',
      'zh-cn':
        '只有第二个的在途请求严格更少时才选它（用 <，不是 <=）',
    },
  },
  {
    cases: [4, 6],
    name: {
      en: 'the two picks are different replicas, even when both draws are equal',
      'zh-cn': '两个候选是不同的副本，即使两次抽到的数相同',
    },
    hint: {
      en: 'draw j in [0, n-1) and move it up by one when j >= i, so it never lands on i; then keep the one with fewer in flight',
      'zh-cn':
        'j 从 [0, n-1) 里抽，j >= i 时加一，这样它永远不会等于 i；再留下在途请求较少的那个',
    },
  },
  {
    cases: [7, 8],
    name: {
      en: 'one replica is picked without drawing; no replicas throws Error("no replicas")',
      'zh-cn':
        '只有一个副本时不抽随机数直接选它；没有副本时抛出 Error("no replicas")',
    },
    hint: {
      en: 'check the length first: 0 throws new Error("no replicas"), 1 returns replicas[0]',
      'zh-cn':
        '先看长度：0 就 throw new Error("no replicas")，1 就返回 replicas[0]',
    },
  },
];

export default defineCheck(async (t) => {
  await t.explore(
    (run) => {
      t.equal(
        {
          en: 'the program exits with status 0',
          'zh-cn': '程序以退出状态 0 结束',
        },
        run.exitCode,
        0,
        verbatim(run.stderr.trim().split('\n')[0] ?? ''),
      );

      const picks = new Map<
        number,
        { got: string; line: string }
      >();
      const p99 = new Map<string, string>();
      for (const line of run.lines) {
        const c = /^case (\d+): .* -> (.*)$/.exec(line);
        if (c !== null)
          picks.set(Number(c[1]), {
            got: c[2] ?? '',
            line,
          });
        const e = /^(\S+)\s+p50 \S+ p99 (\S+)$/.exec(line);
        if (e !== null) p99.set(e[1] ?? '', e[2] ?? '');
      }
      if (
        !t.expect(
          {
            en: 'it prints the table (case 1 to 8) and the experiment (round-robin, power-of-two)',
            'zh-cn':
              '程序打印出选择表（case 1 到 8）和实验结果（round-robin、power-of-two）',
          },
          picks.size === 8 &&
            p99.has('round-robin') &&
            p99.has('power-of-two'),
          {
            en: 'some lines are missing: keep the given table(), experiment() and main, which print them',
            'zh-cn':
              '缺少一些行：请保留给定的 table()、experiment() 和 main，由它们打印',
          },
        )
      ) {
        t.noLeaks(run);
        return;
      }

      for (const rule of RULES) {
        const wrong = rule.cases.filter(
          (n) => picks.get(n)?.got !== EXPECTED[n],
        );
        const shown = wrong.map((n) => ({
          en: `${picks.get(n)?.line ?? ''} (expected ${EXPECTED[n] ?? ''}: ${why(n).en})`,
          'zh-cn': `${picks.get(n)?.line ?? ''}（应为 ${EXPECTED[n] ?? ''}：${why(n)['zh-cn']}）`,
        }));
        t.expect(
          rule.name,
          wrong.length === 0,
          wrong.length === 0
            ? {
                en: 'every case right',
                'zh-cn': '每个情形都对',
              }
            : {
                en: `${shown.map((s) => s.en).join('; ')} — ${rule.hint.en}`,
                'zh-cn': `${shown.map((s) => s['zh-cn']).join('；')}——${rule.hint['zh-cn']}`,
              },
        );
      }

      const rr =
        durationMs(p99.get('round-robin') ?? '') ??
        Number.NaN;
      const two =
        durationMs(p99.get('power-of-two') ?? '') ??
        Number.NaN;
      t.expect(
        {
          en: "with one slow replica, power-of-two's p99 is at most half of round robin's",
          'zh-cn':
            '有一个慢副本时，power-of-two 的 p99 不超过轮询（round robin）的一半',
        },
        rr === 7401 && two <= rr / 2,
        rr !== 7401
          ? {
              en: `round robin's p99 is ${p99.get('round-robin') ?? ''}, not 7.401s: keep the given experiment`,
              'zh-cn': `轮询的 p99 是 ${p99.get('round-robin') ?? ''}，不是 7.401s：请保留给定的实验`,
            }
          : {
              en: `p99 ${p99.get('power-of-two') ?? ''} against round robin's 7.401s — the slow replica still gets its share; send each request to the less busy of two`,
              'zh-cn': `p99 是 ${p99.get('power-of-two') ?? ''}，轮询是 7.401s——慢副本仍然分到了它那一份；每个请求都应发给两个候选里较闲的那个`,
            },
      );

      t.noLeaks(run);
    },
    { schedules: 5 },
  );
});
