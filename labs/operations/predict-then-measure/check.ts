/**
 * Check for operations/predict-then-measure: predict a system's availability, p99 and requests in
 * flight with the formulas, then measure them. From one run of the program it reads the given
 * table (each line one case of the learner's five functions, with one right answer) and the three
 * seeded runs of the system (500 checkouts each, a checkout every 10ms). The ground truth of each
 * run is the mesh's own record of every checkout (gomesh's onTraffic: status and duration, as the
 * checkout service saw them), counted here independently of the learner's code: the served share
 * (every status below 500), the nearest-rank p99, and the time-average of requests in flight (the
 * sum of the latencies over the run's window). Predictions must agree with it within tolerances
 * set by the sample size: availability within 4 standard errors of a binomial share (n = 500),
 * the p99 exactly (the system's latencies are 7ms or 302ms), requests in flight within 10% (the
 * window ends with the last answer, up to 302ms after the last arrival).
 */
import {
  defineCheck,
  durationMs,
  type CheckText,
} from 'labcheck';
import { onTraffic, type TrafficRequest } from 'gomesh';
import { percentile } from 'gomesh/metrics';

const SEEDS = [1, 2, 3];
const CHECKOUTS = 500;
// The system: inventory (2 replicas at 70%, failover)
// in series with payments (98%).
const AVAILABILITY = 0.98 * (1 - 0.3 * 0.3);
const SIGMA = Math.sqrt(
  (AVAILABILITY * (1 - AVAILABILITY)) / CHECKOUTS,
);

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** One line of the given table: `<case> = <answer>`. */
interface Case {
  readonly line: string;
  readonly expected: string;
}

const cases = (
  prefix: string,
  rows: readonly (readonly [string, string])[],
): Case[] =>
  rows.map(([c, expected]) => ({
    line: `${prefix} ${c}`,
    expected,
  }));

const SERIES = cases('availability', [
  ['one service 0.9', pct(0.9)],
  ['series 0.9 0.8', pct(0.9 * 0.8)],
]);
const REPLICAS = cases('availability', [
  ['replicas 0.9 0.9', pct(1 - 0.1 * 0.1)],
  ['replicas 0.5 0.5 0.5', pct(1 - 0.5 ** 3)],
  [
    'series (replicas 0.6 0.6) 0.95',
    pct((1 - 0.4 * 0.4) * 0.95),
  ],
]);
const SLOW = cases('slowShare', [
  ['0.01 1', pct(0.01)],
  ['0.01 5', pct(1 - 0.99 ** 5)],
  ['0.01 100', pct(1 - 0.99 ** 100)],
  ['0.2 3', pct(1 - 0.8 ** 3)],
]);
const LITTLE = cases('inFlight', [
  ['100/s 40ms', '4.00'],
  ['50/s 200ms', '10.00'],
  ['1000/s 3ms', '3.00'],
]);
const SERVED = cases('availabilityOf', [
  ['200 503 404 500 200 504', pct(3 / 6)],
  ['200 201 204', pct(1)],
  ['502 200 200 200', pct(3 / 4)],
]);
const P99 = cases('p99', [
  ['7', '7'],
  ['1..10', '10'],
  ['1..100', '99'],
  ['1..1000', '990'],
  ['100..1 (reversed)', '99'],
  ['1..199 and 3000', '198'],
]);

/** What the program printed for one seeded run. */
interface Printed {
  availability?: { predicted: number; measured: number };
  p99?: {
    predicted: number;
    share: number;
    measured: number;
  };
  inFlight?: { predicted: number; measured: number };
}

/** What the check counted itself from the mesh's records of one run. */
interface Truth {
  readonly served: number;
  readonly p99: number;
  readonly inFlight: number;
}

function truth(records: readonly TrafficRequest[]): Truth {
  const durations = records.map((r) => r.durationMs);
  const first = Math.min(...records.map((r) => r.start));
  const last = Math.max(
    ...records.map((r) => r.start + r.durationMs),
  );
  const area = durations.reduce((a, b) => a + b, 0);
  return {
    served: records.filter((r) => r.status < 500).length,
    p99: percentile(durations, 99),
    inFlight: area / (last - first),
  };
}

const number = (s: string | undefined) =>
  s === undefined ? Number.NaN : Number(s);
const percent = (s: string | undefined) =>
  number(s?.replace(/%$/, '')) / 100;
const ms = (s: string | undefined) =>
  durationMs(s ?? '') ?? Number.NaN;

function parseRuns(lines: readonly string[]) {
  const runs = new Map<number, Printed>();
  const at = (seed: string | undefined) => {
    const n = Number(seed);
    const got = runs.get(n) ?? {};
    runs.set(n, got);
    return got;
  };
  for (const line of lines) {
    let m =
      /^seed (\d+) {2}availability {2}predicted (\S+) {2}measured (\S+) /.exec(
        line,
      );
    if (m !== null) {
      at(m[1]).availability = {
        predicted: percent(m[2]),
        measured: percent(m[3]),
      };
      continue;
    }
    m =
      /^seed (\d+) {2}p99 +predicted (\S+) \((\S+) wait for a slow call\) {2}measured (\S+)$/.exec(
        line,
      );
    if (m !== null) {
      at(m[1]).p99 = {
        predicted: ms(m[2]),
        share: percent(m[3]),
        measured: ms(m[4]),
      };
      continue;
    }
    m =
      /^seed (\d+) {2}in flight +predicted (\S+) \(.*\) {2}measured (\S+)$/.exec(
        line,
      );
    if (m !== null) {
      at(m[1]).inFlight = {
        predicted: number(m[2]),
        measured: number(m[3]),
      };
    }
  }
  return runs;
}

/** Passes when every part is empty; the detail lists the parts that are not. */
function all(
  wrong: readonly CheckText[],
  hint: CheckText,
  right: CheckText,
): { pass: boolean; detail: CheckText } {
  if (wrong.length === 0)
    return { pass: true, detail: right };
  return {
    pass: false,
    detail: {
      en: `${wrong.map((w) => w.en).join('; ')} — ${hint.en}`,
      'zh-cn': `${wrong.map((w) => w['zh-cn']).join('；')}——${hint['zh-cn']}`,
    },
  };
}

const everyCase: CheckText = {
  en: 'every case right',
  'zh-cn': '每一行都对',
};
const everyCaseAndSeed: CheckText = {
  en: 'every case right, and right in all three seeded runs',
  'zh-cn': '每一行都对，三次带种子的运行也都对',
};
const everySeed: CheckText = {
  en: 'right in all three seeded runs',
  'zh-cn': '三次带种子的运行都对',
};

export default defineCheck(async (t) => {
  const records: TrafficRequest[] = [];
  const stop = onTraffic((e) => {
    // The checkouts the program sent (a plain get(): from null).
    if (
      e.kind === 'request' &&
      e.to === 'checkout' &&
      e.from === null
    ) {
      records.push(e);
    }
  });
  let run;
  try {
    run = await t.run();
  } finally {
    stop();
  }

  const answers = new Map<string, string>();
  for (const line of run.lines) {
    const i = line.lastIndexOf(' = ');
    if (i > 0)
      answers.set(line.slice(0, i), line.slice(i + 3));
  }
  const printed = parseRuns(run.lines);
  const complete =
    [
      ...SERIES,
      ...REPLICAS,
      ...SLOW,
      ...LITTLE,
      ...SERVED,
      ...P99,
    ].every((c) => answers.has(c.line)) &&
    SEEDS.every((s) => {
      const p = printed.get(s);
      return p?.availability && p.p99 && p.inFlight;
    }) &&
    records.length === SEEDS.length * CHECKOUTS;
  if (
    !t.expect(
      {
        en: 'it prints the table of cases and three seeded runs of 500 checkouts',
        'zh-cn':
          '程序打印出用例表，以及三次带种子的运行（每次 500 个 checkout）',
      },
      complete,
      {
        en: `some lines or checkouts are missing (the mesh saw ${records.length} checkouts): keep the given table(), run() and main, which print them`,
        'zh-cn': `缺少一些输出行或 checkout 请求（网格看到了 ${records.length} 个 checkout）：请保留给定的 table()、run() 和 main，由它们打印`,
      },
    )
  ) {
    t.exitsCleanly(run);
    t.noLeaks(run);
    return;
  }

  // The table: each rule's cases, each with one right answer.
  const table = (
    name: CheckText,
    rows: readonly Case[],
    hint: CheckText,
    more: readonly CheckText[] = [],
  ) => {
    const wrong: CheckText[] = rows
      .filter((c) => answers.get(c.line) !== c.expected)
      .map((c) => ({
        en: `${c.line} = ${answers.get(c.line) ?? ''} (expected ${c.expected})`,
        'zh-cn': `${c.line} = ${answers.get(c.line) ?? ''}（应为 ${c.expected}）`,
      }));
    const { pass, detail } = all(
      [...wrong, ...more],
      hint,
      more.length === 0 ? everyCase : everyCaseAndSeed,
    );
    t.expect(name, pass, detail);
  };

  table(
    {
      en: 'availability: a service alone is its own; services in series multiply',
      'zh-cn':
        '可用性：单个服务就是它自己的可用性；串联的服务相乘',
    },
    SERIES,
    {
      en: 'a request that needs every service succeeds only when all of them do: multiply',
      'zh-cn':
        '需要每个服务都成功的请求，只有全部成功时才成功：相乘',
    },
  );
  table(
    {
      en: 'availability: replicas with failover fail only when every replica fails, 1 − Π(1 − a)',
      'zh-cn':
        '可用性：能故障转移的副本只有全部失败时才失败，1 − Π(1 − a)',
    },
    REPLICAS,
    {
      en: 'availabilities are not added: the pool fails only when every replica fails, so multiply the chances of failing (1 − a) and take that from 1',
      'zh-cn':
        '可用性不能相加：只有每个副本都失败，整个池子才失败；把各自失败的概率（1 − a）相乘，再用 1 去减',
    },
  );
  table(
    {
      en: 'the tail at scale: with n calls at once, 1 − (1 − q)^n of requests wait for a slow one',
      'zh-cn':
        '规模下的尾延迟：同时发出 n 个调用时，有 1 − (1 − q)^n 的请求要等一个慢调用',
    },
    SLOW,
    {
      en: 'a request is fast only when all n calls are: (1 − q)^n; every other request waits for the slowest',
      'zh-cn':
        '只有 n 个调用全都快，请求才快：(1 − q)^n；其余的请求都要等最慢的那个',
    },
  );
  table(
    {
      en: "Little's law: L = λ × W, with λ per second and W in seconds",
      'zh-cn':
        '利特尔法则（Little’s law）：L = λ × W，λ 按每秒计，W 也要换成秒',
    },
    LITTLE,
    {
      en: 'the rate is per second and the latency in milliseconds: divide meanMs by 1000 before multiplying',
      'zh-cn':
        '速率按每秒计，延迟是毫秒：先把 meanMs 除以 1000 再相乘',
    },
  );

  // Measurements: the table, then each run against the check's own count.
  const measuredWrong: CheckText[] = [];
  const p99Wrong: CheckText[] = [];
  const availabilityWrong: CheckText[] = [];
  const tailWrong: CheckText[] = [];
  const littleWrong: CheckText[] = [];
  SEEDS.forEach((seed, i) => {
    const got = truth(
      records.slice(i * CHECKOUTS, (i + 1) * CHECKOUTS),
    );
    const p = printed.get(seed)!;
    const served = got.served / CHECKOUTS;
    if (pct(p.availability!.measured) !== pct(served)) {
      measuredWrong.push({
        en: `seed ${seed}: measured ${pct(p.availability!.measured)}, but ${got.served} of ${CHECKOUTS} checkouts were answered without a 5xx (${pct(served)})`,
        'zh-cn': `种子 ${seed}：测得 ${pct(p.availability!.measured)}，但 ${CHECKOUTS} 个 checkout 里有 ${got.served} 个没有得到 5xx（${pct(served)}）`,
      });
    }
    if (p.p99!.measured !== got.p99) {
      p99Wrong.push({
        en: `seed ${seed}: measured ${p.p99!.measured}ms, but the nearest-rank p99 of the ${CHECKOUTS} latencies is ${got.p99}ms`,
        'zh-cn': `种子 ${seed}：测得 ${p.p99!.measured}ms，但 ${CHECKOUTS} 个延迟按最近秩法（nearest rank）算出的 p99 是 ${got.p99}ms`,
      });
    }
    const off = Math.abs(
      p.availability!.predicted - served,
    );
    if (!(off <= 4 * SIGMA)) {
      availabilityWrong.push({
        en: `seed ${seed}: predicted ${pct(p.availability!.predicted)}, measured ${pct(served)}, ${(off / SIGMA).toFixed(1)} standard errors apart`,
        'zh-cn': `种子 ${seed}：预测 ${pct(p.availability!.predicted)}，测得 ${pct(served)}，相差 ${(off / SIGMA).toFixed(1)} 个标准误差`,
      });
    }
    if (p.p99!.predicted !== got.p99) {
      tailWrong.push({
        en: `seed ${seed}: predicted ${p.p99!.predicted}ms (${pct(p.p99!.share)} of checkouts slow), measured ${got.p99}ms`,
        'zh-cn': `种子 ${seed}：预测 ${p.p99!.predicted}ms（${pct(p.p99!.share)} 的 checkout 会慢），测得 ${got.p99}ms`,
      });
    }
    const ratio = p.inFlight!.predicted / got.inFlight;
    if (!(ratio >= 0.9 && ratio <= 1.1)) {
      littleWrong.push({
        en: `seed ${seed}: predicted ${p.inFlight!.predicted.toFixed(2)} in flight, measured ${got.inFlight.toFixed(2)}`,
        'zh-cn': `种子 ${seed}：预测在途 ${p.inFlight!.predicted.toFixed(2)} 个，测得 ${got.inFlight.toFixed(2)} 个`,
      });
    }
  });

  table(
    {
      en: 'measured availability counts every 5xx as a failure (503 too); anything else was served',
      'zh-cn':
        '测量可用性时，每个 5xx 都算失败（503 也算）；其余的都算服务成功',
    },
    SERVED,
    {
      en: 'count a status as served when it is below 500: 502, 503 and 504 are the service failing too, a 404 is the caller’s mistake answered correctly',
      'zh-cn':
        '状态码小于 500 才算服务成功：502、503、504 同样是服务出了故障，404 则是调用方的错误、被正确地回答了',
    },
    measuredWrong,
  );
  table(
    {
      en: 'p99 is the nearest-rank 99th percentile (the ⌈0.99·n⌉-th smallest), not the mean',
      'zh-cn':
        'p99 是按最近秩法（nearest rank）取的第 99 百分位数（第 ⌈0.99·n⌉ 小的值），不是平均值',
    },
    P99,
    {
      en: 'sort a copy of the latencies and take the one at index Math.ceil(0.99 * n) - 1; the mean hides the slow requests',
      'zh-cn':
        '把延迟复制一份排序，取下标 Math.ceil(0.99 * n) - 1 的那个；平均值会把慢请求藏起来',
    },
    p99Wrong,
  );

  const seeded = (
    name: CheckText,
    wrong: readonly CheckText[],
    hint: CheckText,
  ) => {
    const { pass, detail } = all(wrong, hint, everySeed);
    t.expect(name, pass, detail);
  };
  seeded(
    {
      en: `predicted availability is within 4 standard errors of the measured one (±${(4 * SIGMA * 100).toFixed(1)} points at n = ${CHECKOUTS})`,
      'zh-cn': `预测的可用性与测得的相差不超过 4 个标准误差（n = ${CHECKOUTS} 时为 ±${(4 * SIGMA * 100).toFixed(1)} 个百分点）`,
    },
    availabilityWrong,
    {
      en: 'the system is inventory (2 replicas at 70%, failover) in series with payments (98%): get availability() right and the prediction follows',
      'zh-cn':
        '这个系统是 inventory（2 个 70% 的副本，可故障转移）与 payments（98%）串联：把 availability() 写对，预测自然就对了',
    },
  );
  seeded(
    {
      en: 'predicted p99 is the measured p99',
      'zh-cn': '预测的 p99 等于测得的 p99',
    },
    tailWrong,
    {
      en: 'each checkout asks prices about 5 items at once: slowShare(0.01, 5) is above 1%, so more than 1 checkout in 100 is slow and the p99 is a slow one',
      'zh-cn':
        '每个 checkout 同时向 prices 询问 5 件商品：slowShare(0.01, 5) 超过 1%，所以每 100 个 checkout 里慢的不止 1 个，p99 就是慢的那一档',
    },
  );
  seeded(
    {
      en: 'predicted requests in flight are within 10% of the measured time-average',
      'zh-cn':
        '预测的在途请求数与测得的时间平均值相差不超过 10%',
    },
    littleWrong,
    {
      en: 'L = λ × W: 100 checkouts a second times the mean latency in seconds',
      'zh-cn':
        'L = λ × W：每秒 100 个 checkout，乘以以秒计的平均延迟',
    },
  );

  t.exitsCleanly(run);
  t.noLeaks(run);
});
