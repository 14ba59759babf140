/**
 * Check for operations/front-door: a token bucket (r, b) and a bounded queue in front of a service.
 *
 * The check does not read what main.ts prints: it runs its own program (t.explore's `main`), which
 * imports the learner's `limit` from limit.ts, puts it in front of a service of its own (`api`,
 * over the lab's transport, on the virtual clock) and, for two configurations (10/s, burst 5,
 * queue 10; one every 2 s, burst 2, queue 3), sends
 *   1. a seeded burst: half of 3·(b + q) requests at one instant, the rest spread over the time
 *      the queue takes to drain twice;
 *   2. once everything is answered and the bucket is full again, a probe: b + q + 1 requests at
 *      one instant (b get a token, q wait, one is turned away), and a retry of the one turned away
 *      exactly Retry-After seconds after its 429.
 * Every request is numbered (x-call); the service notes when each reaches it. From the times the
 * check counts, with a tolerance of 0.01 ms for the bucket's floating point: admitted requests
 * against b + r·t over every interval, requests waiting at every instant against the queue's
 * bound, the requests already waiting at every 429, how long each waited, that every request got
 * 200 or 429, that every 429 carries Retry-After in whole seconds, and that the probe's
 * Retry-After is honest (the retry is admitted) and not longer than needed (the time until the
 * queue has room, 1/r, rounded up to a second). Explored over a few schedules: the requests of
 * one instant reach the front door in any order, and every item must hold in each.
 */
import { defineCheck, type CheckText } from 'labcheck';
import { chan, go, recv, select, send } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import { get, serve, text, type Layer } from 'gomesh';

interface Config {
  readonly ratePerSec: number;
  readonly burst: number;
  readonly queue: number;
  readonly seed: number;
  readonly label: CheckText;
}

const CONFIGS: readonly Config[] = [
  {
    ratePerSec: 10,
    burst: 5,
    queue: 10,
    seed: 11,
    label: {
      en: '10/s, burst 5, queue 10',
      'zh-cn': '每秒 10 个、突发 5、队列 10',
    },
  },
  {
    ratePerSec: 0.5,
    burst: 2,
    queue: 3,
    seed: 12,
    label: {
      en: 'one every 2s, burst 2, queue 3',
      'zh-cn': '每 2 秒 1 个、突发 2、队列 3',
    },
  },
];

/** Floating-point slack of a token bucket's times, in ms. */
const EPS = 0.01;
/** How long a request may go unanswered before the check gives up on it (virtual time). */
const GIVE_UP_MS = 120_000;

interface Call {
  readonly id: number;
  readonly phase: 'burst' | 'probe' | 'retry';
  /** When it was sent, ms from the trial's start. */
  readonly at: number;
  status?: number;
  retryAfter?: string | undefined;
  answered?: number;
  /** When it reached the service. */
  served?: number;
  error?: string;
}

interface Trial {
  readonly config: Config;
  readonly calls: readonly Call[];
  /** The probe's first 429, and the retry sent Retry-After seconds after it. */
  readonly probed?: Call;
  readonly retry?: Call;
}

type Limit = (options: {
  ratePerSec: number;
  burst: number;
  queue: number;
}) => Layer;

function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const seconds = (ms: number) =>
  time.formatDuration(Math.round(ms));

async function trial(
  limit: Limit,
  config: Config,
): Promise<Trial> {
  const { ratePerSec: r, burst: b, queue: q } = config;
  const start = time.now();
  const clock = () => time.since(start);
  const calls: Call[] = [];
  const front = limit({
    ratePerSec: r,
    burst: b,
    queue: q,
  });
  const api = await serve(
    'api',
    front((req) => {
      const call = calls[Number(req.header('x-call'))];
      if (call !== undefined && call.served === undefined)
        call.served = clock();
      return text(200, 'ok\n');
    }),
  );
  const wg = new WaitGroup();
  const turnedAway = chan<Call>(b + q + 2);
  const fire = (phase: Call['phase']): Call => {
    const call: Call = {
      id: calls.length,
      phase,
      at: clock(),
    };
    calls.push(call);
    wg.add(1);
    go(async () => {
      try {
        const res = await get(`${api.url}/`, {
          headers: { 'x-call': String(call.id) },
          timeoutMs: GIVE_UP_MS,
        });
        await res.text();
        call.status = res.status;
        call.retryAfter = res.header('retry-after');
      } catch (error) {
        call.error =
          error instanceof Error
            ? error.message
            : String(error);
      } finally {
        call.answered = clock();
        if (call.phase === 'probe' && call.status === 429) {
          await select({
            sent: send(turnedAway, call),
            default: true,
          });
        }
        wg.done();
      }
    });
    return call;
  };

  try {
    // 1. The burst.
    const random = source(config.seed);
    const n = 3 * (b + q);
    const spread = Math.floor(((2 * q) / r) * 1000);
    const arrivals = Array.from({ length: n }, (_, i) =>
      i < Math.ceil(n / 2)
        ? 0
        : Math.floor(random() * spread),
    ).sort((x, y) => x - y);
    for (const at of arrivals) {
      await time.sleep(at - clock());
      fire('burst');
    }
    await wg.wait();

    // 2. The probe, once the bucket is full again and nobody waits.
    await time.sleep((b / r + 1) * 1000);
    for (let i = 0; i < b + q + 1; i++) fire('probe');
    const first = await select({
      call: recv(turnedAway),
      none: recv(time.after((q / r) * 1000 + 1000)),
    });
    let retry: Call | undefined;
    let probed: Call | undefined;
    if (first.case === 'call' && first.ok) {
      probed = first.value;
      const wait = Number(probed.retryAfter);
      if (/^\d+$/.test(probed.retryAfter ?? '')) {
        await time.sleep(
          (probed.answered ?? 0) + wait * 1000 - clock(),
        );
        retry = fire('retry');
      }
    }
    await wg.wait();
    return {
      config,
      calls,
      ...(probed === undefined ? {} : { probed }),
      ...(retry === undefined ? {} : { retry }),
    };
  } finally {
    await api.close();
  }
}

/** A finding against one configuration, in both languages (null: it holds). */
type Finding = CheckText | null;

const tag = (
  c: Config,
  en: string,
  zh: string,
): CheckText => ({
  en: `${c.label.en}: ${en}`,
  'zh-cn': `${c.label['zh-cn']}：${zh}`,
});

/** The bucket: at most b + r·t requests reach the service in any t seconds. */
function bucketHolds(t: Trial): Finding {
  const { ratePerSec: r, burst: b } = t.config;
  const served = t.calls
    .map((c) => c.served)
    .filter((s): s is number => s !== undefined)
    .sort((x, y) => x - y);
  for (let i = 0; i < served.length; i++) {
    for (let j = i; j < served.length; j++) {
      const span = served[j]! - served[i]!;
      const bound = b + (r * span) / 1000;
      if (j - i + 1 > bound + 1e-6) {
        return tag(
          t.config,
          `${j - i + 1} requests reached the service within ${seconds(span)} (from ${seconds(served[i]!)}), more than ${b} + ${r}/s × ${seconds(span)} = ${Math.floor(bound + 1e-6)}`,
          `${seconds(span)} 之内（从 ${seconds(served[i]!)} 起）有 ${j - i + 1} 个请求到达服务，超过了 ${b} + ${r}/s × ${seconds(span)} = ${Math.floor(bound + 1e-6)}`,
        );
      }
    }
  }
  return null;
}

/** Requests sent by `t` and not yet let through, turned away or otherwise answered. */
function waitingAt(
  calls: readonly Call[],
  at: number,
): number {
  return calls.filter(
    (c) =>
      c.at <= at + EPS &&
      !(c.served !== undefined && c.served <= at + EPS) &&
      !(c.answered !== undefined && c.answered <= at + EPS),
  ).length;
}

function queueBounded(t: Trial): Finding {
  const q = t.config.queue;
  const instants = [
    ...new Set(
      t.calls.flatMap((c) => [
        c.at,
        c.served ?? c.at,
        c.answered ?? c.at,
      ]),
    ),
  ].sort((x, y) => x - y);
  for (const at of instants) {
    const waiting = waitingAt(t.calls, at);
    if (waiting > q) {
      return tag(
        t.config,
        `${waiting} requests were waiting at ${seconds(at)}; the queue holds ${q}`,
        `${seconds(at)} 时有 ${waiting} 个请求在等待，而队列只能容纳 ${q} 个`,
      );
    }
  }
  return null;
}

function shedsOnlyWhenFull(t: Trial): Finding {
  const q = t.config.queue;
  for (const c of t.calls) {
    if (c.status !== 429) continue;
    const at = c.answered ?? c.at;
    // Those that had to wait and were still waiting at that instant (or never got through).
    const waiting = t.calls.filter(
      (d) =>
        d !== c &&
        d.status !== 429 &&
        d.at <= at + EPS &&
        (d.served === undefined ||
          (d.served >= at - EPS && d.served > d.at + EPS)),
    ).length;
    if (waiting < q) {
      return tag(
        t.config,
        `a request was turned away at ${seconds(at)} while only ${waiting} waited in a queue of ${q}`,
        `${seconds(at)} 时有一个请求被拒绝，而当时只有 ${waiting} 个请求在排队，队列能容纳 ${q} 个`,
      );
    }
  }
  return null;
}

function waitsBounded(t: Trial): Finding {
  const { ratePerSec: r, queue: q } = t.config;
  const most = (q / r) * 1000;
  for (const c of t.calls) {
    if (c.served === undefined) continue;
    if (c.served - c.at > most + EPS) {
      return tag(
        t.config,
        `a request sent at ${seconds(c.at)} waited ${seconds(c.served - c.at)} for the service; a queue of ${q} at ${r}/s is a wait of at most ${seconds(most)}`,
        `${seconds(c.at)} 发出的请求等了 ${seconds(c.served - c.at)} 才到达服务；长度为 ${q} 的队列、每秒 ${r} 个，最多只该等 ${seconds(most)}`,
      );
    }
  }
  return null;
}

function everyoneAnswered(t: Trial): Finding {
  for (const c of t.calls) {
    if (c.error !== undefined) {
      return tag(
        t.config,
        `a request sent at ${seconds(c.at)} got no answer: ${c.error}`,
        `${seconds(c.at)} 发出的请求没有得到回答：${c.error}`,
      );
    }
    if (c.status !== 200 && c.status !== 429) {
      return tag(
        t.config,
        `a request sent at ${seconds(c.at)} was answered ${String(c.status)}`,
        `${seconds(c.at)} 发出的请求得到的回答是 ${String(c.status)}`,
      );
    }
    if (c.status === 200 && c.served === undefined) {
      return tag(
        t.config,
        `a request sent at ${seconds(c.at)} was answered 200 without reaching the service`,
        `${seconds(c.at)} 发出的请求没有到达服务，却得到了 200`,
      );
    }
  }
  return null;
}

function retryAfterGiven(t: Trial): Finding {
  for (const c of t.calls) {
    if (c.status !== 429) continue;
    const value = c.retryAfter;
    if (
      value === undefined ||
      !/^\d+$/.test(value) ||
      Number(value) < 1
    ) {
      return tag(
        t.config,
        `a 429 at ${seconds(c.answered ?? c.at)} carried ${value === undefined ? 'no Retry-After' : `Retry-After: ${value}`}`,
        `${seconds(c.answered ?? c.at)} 的 429 ${value === undefined ? '没有带 Retry-After' : `带的是 Retry-After: ${value}`}`,
      );
    }
  }
  return null;
}

function noProbe429(t: Trial): CheckText {
  const { burst: b, queue: q } = t.config;
  return tag(
    t.config,
    `none of the ${b + q + 1} requests sent at once (b + queue + 1, with a full bucket and nobody waiting) was turned away with a Retry-After in whole seconds`,
    `同时发出的 ${b + q + 1} 个请求（b + 队列 + 1，令牌桶是满的、没有人排队）没有一个以整数秒的 Retry-After 被拒绝`,
  );
}

function retryHonest(t: Trial): Finding {
  if (t.probed === undefined || t.retry === undefined)
    return noProbe429(t);
  const ra = t.probed.retryAfter ?? '';
  if (t.retry.status !== 200) {
    return tag(
      t.config,
      `the retry sent ${ra}s after a 429 with Retry-After: ${ra} was answered ${String(t.retry.status ?? t.retry.error)}`,
      `收到 Retry-After: ${ra} 的 429 之后 ${ra} 秒重试，得到的回答却是 ${String(t.retry.status ?? t.retry.error)}`,
    );
  }
  return null;
}

function retryNotTooLong(t: Trial): Finding {
  if (t.probed === undefined || t.retry === undefined)
    return noProbe429(t);
  const r = t.config.ratePerSec;
  const need = Math.ceil(1 / r);
  const ra = Number(t.probed.retryAfter);
  if (ra > need) {
    return tag(
      t.config,
      `with the queue full, the next place frees up in ${seconds(1000 / r)} (one token at ${r}/s), so Retry-After: ${need}, not ${ra}`,
      `队列满时，下一个空位在 ${seconds(1000 / r)} 后出现（每秒 ${r} 个令牌，等一个），所以应是 Retry-After: ${need}，而不是 ${ra}`,
    );
  }
  return null;
}

const ITEMS: readonly {
  name: CheckText;
  test: (t: Trial) => Finding;
}[] = [
  {
    name: {
      en: 'the service never gets more than b + r·t requests in t seconds (the token bucket)',
      'zh-cn':
        '任意 t 秒内，服务收到的请求都不超过 b + r·t 个（令牌桶）',
    },
    test: bucketHolds,
  },
  {
    name: {
      en: 'at most `queue` requests wait at any moment (a bounded queue)',
      'zh-cn':
        '任何时刻排队等待的请求都不超过 `queue` 个（有界队列）',
    },
    test: queueBounded,
  },
  {
    name: {
      en: 'a request is turned away only when `queue` requests already wait',
      'zh-cn':
        '只有当已有 `queue` 个请求在排队时，才拒绝新请求',
    },
    test: shedsOnlyWhenFull,
  },
  {
    name: {
      en: 'no request waits longer than queue / r for the service',
      'zh-cn': '没有哪个请求等待服务超过 queue / r',
    },
    test: waitsBounded,
  },
  {
    name: {
      en: 'every request is answered: 200 from the service, or 429 from the front door',
      'zh-cn':
        '每个请求都得到回答：要么是服务的 200，要么是入口的 429',
    },
    test: everyoneAnswered,
  },
  {
    name: {
      en: 'every 429 carries Retry-After, in whole seconds (at least 1)',
      'zh-cn':
        '每个 429 都带 Retry-After，单位是整秒（至少 1）',
    },
    test: retryAfterGiven,
  },
  {
    name: {
      en: 'Retry-After is honest: a retry that waits that long is admitted',
      'zh-cn':
        'Retry-After 说的是实话：等那么久再重试，就会被放行',
    },
    test: retryHonest,
  },
  {
    name: {
      en: 'Retry-After is no longer than needed: the wait until the queue has room, rounded up to a second',
      'zh-cn':
        'Retry-After 不比需要的更长：等到队列有空位的时间，向上取整到秒',
    },
    test: retryNotTooLong,
  },
];

function tally(t: Trial): string {
  const burst = t.calls.filter((c) => c.phase === 'burst');
  const at = burst.filter(
    (c) => c.served !== undefined && c.served - c.at <= EPS,
  ).length;
  const waited = burst.filter(
    (c) => c.served !== undefined && c.served - c.at > EPS,
  ).length;
  const away = burst.filter((c) => c.status === 429).length;
  return `check, ${t.config.label.en}: ${burst.length} requests in a burst — ${at} admitted at once, ${waited} after waiting, ${away} turned away`;
}

export default defineCheck(async (t) => {
  let runs = 0;
  let trials: Trial[] | undefined;
  await t.explore(
    (run) => {
      if (!t.exitsCleanly(run)) return;
      if (
        trials === undefined ||
        trials.length !== CONFIGS.length
      ) {
        {
          t.expect(
            {
              en: 'limit.ts exports limit(options), which returns a layer',
              'zh-cn':
                'limit.ts 导出 limit(options)，它返回一个层（layer）',
            },
            false,
          );
        }
        return;
      }
      for (const item of ITEMS) {
        const found =
          trials.map(item.test).find((f) => f !== null) ??
          null;
        t.expect(
          item.name,
          found === null,
          found ?? undefined,
        );
      }
    },
    {
      schedules: 4,
      main: async () => {
        trials = undefined;
        runs++;
        const file = `./limit.js?run=${runs}`;
        const mod = (await import(file)) as {
          limit?: unknown;
        };
        if (typeof mod.limit !== 'function') return;
        const limit = mod.limit as Limit;
        const done: Trial[] = [];
        for (const config of CONFIGS) {
          const result = await trial(limit, config);
          done.push(result);
          console.log(tally(result));
        }
        trials = done;
      },
    },
  );
});
