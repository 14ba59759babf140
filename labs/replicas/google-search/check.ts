/**
 * Check for replicas/google-search: Google 3.0 (Pike, "Go Concurrency Patterns", 2012) asks two
 * replicas of each kind of server (web, image, video) through First and gives up at 80ms. For each
 * of the program's twelve latency seeds the check draws the same six latencies as the given
 * `servers(seed)` and verifies, from the line the program prints for that seed: the search returned
 * by the 80ms deadline, no kind came back twice, and every kind whose fastest replica answers in
 * time (under 80ms) came back with that replica's answer. Then that no goroutine is left behind —
 * the losing replicas, and the searches that answered after the timeout, must all have ended.
 *
 * On the virtual clock the times are exact, so a replica that answers in under 80ms always beats
 * the timeout; a latency of exactly 80ms (none of the twelve seeds draws one) would be a tie either
 * way, and is accepted either way. Explored over many schedules: replicas and the timeout that wake
 * in the same instant may be taken in any order, and every order must give a right answer.
 */
import {
  defineCheck,
  durationMs,
  type CheckText,
} from 'labcheck';

const SEEDS = 12;
const DEADLINE = 80;
const KINDS = ['web', 'image', 'video'] as const;
type Kind = (typeof KINDS)[number];

/** The given `Source` and `servers(seed)`: latencies in ms, drawn web1, image1, video1, web2, .... */
function latencies(seed: number): Record<Kind, number[]> {
  let state = seed;
  const ms = () => {
    state = (state * 48271) % 2147483647;
    return state % 100;
  };
  const [web1, image1, video1, web2, image2, video2] = [
    ms(),
    ms(),
    ms(),
    ms(),
    ms(),
    ms(),
  ];
  return {
    web: [web1, web2],
    image: [image1, image2],
    video: [video1, video2],
  };
}

interface SeedLine {
  readonly names: readonly string[];
  readonly elapsed: number;
  readonly text: string;
}

/** The program's line for each seed (`seed 5: [video2 image2 web1] in 55ms`), by seed. */
function seedLines(
  lines: readonly string[],
): Map<number, SeedLine> {
  const found = new Map<number, SeedLine>();
  for (const line of lines) {
    const m = /^seed (\d+): \[(.*)\] in (\S+)$/.exec(line);
    if (m === null) continue;
    found.set(Number(m[1]), {
      names: (m[2] ?? '')
        .split(' ')
        .filter((n) => n !== ''),
      elapsed: durationMs(m[3] ?? '') ?? Number.NaN,
      text: line,
    });
  }
  return found;
}

/** At most three problems, for an item's detail, then how many more, and what to do. */
function joined(
  problems: readonly CheckText[],
  en: string,
  zh: string,
): CheckText {
  const shown = problems.slice(0, 3);
  const more = problems.length - shown.length;
  return {
    en: `${shown.map((p) => p.en).join('; ')}${more > 0 ? ` (and ${more} more)` : ''} — ${en}`,
    'zh-cn': `${shown.map((p) => p['zh-cn']).join('；')}${more > 0 ? `（另有 ${more} 处）` : ''}——${zh}`,
  };
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    const lines = seedLines(run.lines);
    const missing = Array.from(
      { length: SEEDS },
      (_, i) => i + 1,
    ).filter((s) => !lines.has(s));
    if (
      !t.expect(
        {
          en: `it prints one line per seed, 1 to ${SEEDS}: seed N: [results] in time`,
          'zh-cn': `每个种子（1 到 ${SEEDS}）各打印一行：seed N: [results] in 用时`,
        },
        missing.length === 0,
        {
          en: `no line for seed ${missing.join(', ')}: keep the given main, which prints them`,
          'zh-cn': `种子 ${missing.join('、')} 没有对应的行：请保留给定的 main，由它打印`,
        },
      )
    ) {
      t.noLeaks(run);
      return;
    }

    const late: CheckText[] = [];
    const twice: CheckText[] = [];
    const notFastest: CheckText[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const line = lines.get(seed)!;
      if (!(line.elapsed <= DEADLINE)) {
        late.push({
          en: `seed ${seed} returned in ${line.text.split(' in ').pop()}`,
          'zh-cn': `种子 ${seed} 用了 ${line.text.split(' in ').pop()} 才返回`,
        });
      }
      const ms = latencies(seed);
      for (const kind of KINDS) {
        const got = line.names.filter((n) =>
          n.startsWith(kind),
        );
        if (got.length > 1) {
          twice.push({
            en: `seed ${seed} returned ${got.join(' and ')}`,
            'zh-cn': `种子 ${seed} 返回了 ${got.join(' 和 ')}`,
          });
        }
        const fastest = Math.min(...ms[kind]);
        const winners = ms[kind].flatMap((l, i) =>
          l === fastest ? [`${kind}${i + 1}`] : [],
        );
        const list = ms[kind]
          .map((l, i) => `${kind}${i + 1} ${l}ms`)
          .join(', ');
        if (
          fastest < DEADLINE &&
          !got.some((n) => winners.includes(n))
        ) {
          notFastest.push(
            got.length === 0
              ? {
                  en: `seed ${seed} has no ${kind} result, but ${winners[0]} answers in ${fastest}ms (${list})`,
                  'zh-cn': `种子 ${seed} 没有 ${kind} 的结果，可 ${winners[0]} 在 ${fastest}ms 就回答了（${list}）`,
                }
              : {
                  en: `seed ${seed} used ${got.join(' and ')}, but ${winners[0]} answers first, in ${fastest}ms (${list})`,
                  'zh-cn': `种子 ${seed} 用的是 ${got.join(' 和 ')}，可最先回答的是 ${winners[0]}，只用 ${fastest}ms（${list}）`,
                },
          );
        }
      }
    }

    t.expect(
      {
        en: 'every search returns by the 80ms deadline, in every seed',
        'zh-cn':
          '每个种子下，每次搜索都在 80ms 的截止时间之前返回',
      },
      late.length === 0,
      late.length === 0
        ? {
            en: 'every search returned in time',
            'zh-cn': '每次搜索都按时返回了',
          }
        : joined(
            late,
            'Google must stop waiting at 80ms (a select with time.after), whatever is still missing',
            '不管还缺什么，Google 到 80ms 都必须停止等待（在 select 里用 time.after）',
          ),
    );

    t.expect(
      {
        en: 'each kind (web, image, video) comes back at most once per search',
        'zh-cn':
          '每次搜索中，每种结果（web、image、video）最多出现一次',
      },
      twice.length === 0,
      twice.length === 0
        ? {
            en: 'no kind came back twice',
            'zh-cn': '没有哪种结果出现两次',
          }
        : joined(
            twice,
            'ask the replicas of one kind through First, which returns one answer, and send that',
            '同一种服务器的副本要通过 First 去问，它只返回一个答案，把这个答案发出去',
          ),
    );

    t.expect(
      {
        en: "the fastest replica's answer is used whenever it comes before the deadline",
        'zh-cn':
          '只要最快的副本在截止时间之前回答，就用它的答案',
      },
      notFastest.length === 0,
      notFastest.length === 0
        ? {
            en: 'the fastest replica won every time',
            'zh-cn': '每次都是最快的副本胜出',
          }
        : joined(
            notFastest,
            'ask every replica of a kind at once (First) and use the first answer that comes, without waiting for the others',
            '对每种服务器，同时询问它的所有副本（First），用最先到的那个答案，不要等其他副本',
          ),
    );

    t.noLeaks(run);
  });
});
