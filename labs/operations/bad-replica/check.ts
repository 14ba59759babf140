/**
 * Check for operations/bad-replica: shop calls three replicas of inventory through its sidecar,
 * configured by the learner; one replica hangs. The given bench sends a seeded load on the virtual
 * clock — 1000 requests, then (30 s later, a bad deploy) 1000 while every replica fails — and this
 * check measures it from the mesh's own records (gomesh's onTraffic), independently of what the
 * program prints: each request the bench sent (the sidecar's server saw it from outside the mesh,
 * with the status it answered) and each try the sidecar's cluster sent to an inventory replica
 * (its instance, status, duration and attempt number). Success is the share answered 200; extra
 * load is tries / requests − 1. The hints read the tries: none retried, tries on the hung replica
 * that used the whole deadline, calls that failed although retries were on, tries that kept going
 * to the hung replica, tries multiplied while everything failed.
 */
import { defineCheck, type CheckText } from 'labcheck';
import { onTraffic, type TrafficRequest } from 'gomesh';

const FIRST = 1000;
const SECOND = 1000;
const SIDECAR = 'shop-sidecar';
/** At most this many of the first 1000 may fail: 99.9% must succeed. */
const MAY_FAIL = FIRST - Math.ceil(0.999 * FIRST);
const DEADLINE_MS = 1000;
/** Float sums of virtual times: an answer at the deadline may read a hair over it. */
const HAIR_MS = 0.001;

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const signed = (x: number) =>
  `${x >= 0 ? '+' : ''}${pct(x)}`;
const ms = (x: number) =>
  x >= 1000
    ? `${+(x / 1000).toFixed(3)}s`
    : `${+x.toFixed(3)}ms`;

/** `parts` joined, then the hint after a dash. */
const hinted = (
  parts: CheckText,
  hint: CheckText,
): CheckText => ({
  en: `${parts.en} — ${hint.en}`,
  'zh-cn': `${parts['zh-cn']}——${hint['zh-cn']}`,
});

export default defineCheck(async (t) => {
  const calls: TrafficRequest[] = [];
  const tries: TrafficRequest[] = [];
  const stop = onTraffic((e) => {
    if (e.kind !== 'request') return;
    if (e.to === SIDECAR && e.from === null) calls.push(e);
    else if (e.from === SIDECAR && e.to === 'inventory')
      tries.push(e);
  });
  let run;
  try {
    run = await t.run();
  } finally {
    stop();
  }

  calls.sort((a, b) => a.start - b.start);
  const first = calls.slice(0, FIRST);
  const second = calls.slice(FIRST);
  const outageAt = second[0]?.start ?? Infinity;
  const firstTries = tries.filter(
    (r) => r.start < outageAt,
  );
  const secondTries = tries.filter(
    (r) => r.start >= outageAt,
  );

  // Which replica failed in the first part: the bench hangs the third one, and the other two
  // answer every try in 5ms.
  const byInstance = new Map<
    string,
    { tries: number; failed: number }
  >();
  for (const r of firstTries) {
    const s = byInstance.get(r.instance) ?? {
      tries: 0,
      failed: 0,
    };
    s.tries++;
    if (r.status >= 500) s.failed++;
    byInstance.set(r.instance, s);
  }
  const instances = [...byInstance.entries()];
  const hung = instances.filter(([, s]) => s.failed > 0);
  const healthy = instances.filter(
    ([, s]) => s.failed === 0,
  );
  const benchRan =
    first.length === FIRST &&
    second.length === SECOND &&
    hung.length === 1 &&
    hung[0]![1].failed === hung[0]![1].tries &&
    healthy.length === 2;
  if (
    !t.expect(
      {
        en: 'the bench ran: 1000 requests with one replica of three hung, then 1000 with every replica failing',
        'zh-cn':
          '测试台照常运行：先发 1000 个请求（三个副本中有一个卡死），再发 1000 个（每个副本都失败）',
      },
      benchRan,
      {
        en: `the mesh saw ${calls.length} requests to shop and ${hung.length} failing replica(s) in the first part: keep the given part of main.ts (the replicas, load() and main) as it is`,
        'zh-cn': `网格看到发往 shop 的请求共 ${calls.length} 个，第一部分里失败的副本有 ${hung.length} 个：请保持 main.ts 中给定的部分（副本、load() 和 main）不变`,
      },
    )
  ) {
    t.exitsCleanly(run);
    return;
  }

  const hungId = hung[0]![0];
  const ok = first.filter((r) => r.status === 200).length;
  const failedCalls = FIRST - ok;
  const retried = firstTries.filter(
    (r) => r.attempt > 0,
  ).length;
  const onHung = firstTries.filter(
    (r) => r.instance === hungId,
  );
  const longestOnHung = Math.max(
    ...onHung.map((r) => r.durationMs),
  );

  const measured: CheckText = {
    en: `${ok} of ${FIRST} succeeded (${pct(ok / FIRST)}), ${failedCalls} failed`,
    'zh-cn': `${FIRST} 个请求中 ${ok} 个成功（${pct(ok / FIRST)}），${failedCalls} 个失败`,
  };
  const wholeDeadline = longestOnHung >= DEADLINE_MS - 1;
  let successHint: CheckText;
  if (wholeDeadline && retried === 0) {
    successHint = {
      en: `every try on the hung replica waited ${ms(longestOnHung)} and no call was retried: a failed call needs another try on another replica (retry: { maxRetries }), and each try its own deadline (retry.perTryTimeoutMs; a healthy replica answers in 5ms), or the first try uses up the call's second and leaves no time to retry`,
      'zh-cn': `落到卡死副本上的每次尝试都等了 ${ms(longestOnHung)}，而且没有一个调用被重试：失败的调用需要换一个副本再试一次（retry: { maxRetries }），每次尝试也需要自己的超时（retry.perTryTimeoutMs；健康副本 5ms 就能回答），否则第一次尝试就耗尽了整个调用的这一秒，根本没有时间重试`,
    };
  } else if (wholeDeadline) {
    successHint = {
      en: `tries on the hung replica ran for up to ${ms(longestOnHung)}: without a deadline of its own, a try lasts as long as the hung replica (or the call's deadline) lets it, and leaves no time to retry: give each try its own deadline (retry.perTryTimeoutMs; a healthy replica answers in 5ms)`,
      'zh-cn': `落到卡死副本上的尝试最长耗时 ${ms(longestOnHung)}：尝试没有自己的超时，卡死的副本（或整个调用的截止时间）让它等多久它就等多久，留不下重试的时间：给每次尝试单独的超时（retry.perTryTimeoutMs；健康副本 5ms 就能回答）`,
    };
  } else if (retried === 0) {
    successHint = {
      en: 'no call was retried, so every call that landed on the hung replica failed: let the retry layer try another replica (retry: { maxRetries })',
      'zh-cn':
        '没有一个调用被重试，所以落到卡死副本上的调用全都失败了：让重试层换一个副本再试（retry: { maxRetries }）',
    };
  } else {
    successHint = {
      en: `${retried} retries were sent, yet calls still failed: every third call lands on the hung replica and needs a retry, more than a retry budget allows (20% of requests); take the hung replica out of the rotation (outlier: { consecutive5xx }) so only a few calls need one`,
      'zh-cn': `已经发出 ${retried} 次重试，仍有调用失败：每三个调用就有一个落到卡死副本上、需要重试，超出了重试预算允许的量（请求数的 20%）；用离群检测把卡死的副本摘掉（outlier: { consecutive5xx }），这样只有少数调用需要重试`,
    };
  }
  t.expect(
    {
      en: `at least 99.9% of the ${FIRST} requests succeed (at most ${MAY_FAIL} may fail)`,
      'zh-cn': `${FIRST} 个请求中至少 99.9% 成功（最多失败 ${MAY_FAIL} 个）`,
    },
    failedCalls <= MAY_FAIL,
    failedCalls <= MAY_FAIL
      ? measured
      : hinted(measured, successHint),
  );

  const extra = firstTries.length / FIRST - 1;
  const loadText: CheckText = {
    en: `${firstTries.length} tries at inventory for ${FIRST} requests (${signed(extra)}), ${onHung.length} of them on the hung replica`,
    'zh-cn': `${FIRST} 个请求在 inventory 上产生了 ${firstTries.length} 次尝试（${signed(extra)}），其中 ${onHung.length} 次落在卡死的副本上`,
  };
  t.expect(
    {
      en: 'retries add at most 5% to the load on inventory',
      'zh-cn': '重试给 inventory 增加的负载不超过 5%',
    },
    extra <= 0.05,
    extra <= 0.05
      ? loadText
      : hinted(loadText, {
          en: 'the hung replica stayed in the rotation, so every third call failed there and was retried: eject it after a few failures in a row (outlier: { consecutive5xx })',
          'zh-cn':
            '卡死的副本一直留在轮询里，每三个调用就有一个在那里失败、再被重试：连续失败几次后就把它摘掉（outlier: { consecutive5xx }）',
        }),
  );

  const slowest = Math.max(
    ...first.map((r) => r.durationMs),
  );
  const slowText: CheckText = {
    en: `the slowest answer took ${ms(slowest)}`,
    'zh-cn': `最慢的回答用了 ${ms(slowest)}`,
  };
  t.expect(
    {
      en: 'shop answers every request within 1s',
      'zh-cn': 'shop 在 1s 内回答每个请求',
    },
    slowest <= DEADLINE_MS + HAIR_MS,
    slowest <= DEADLINE_MS + HAIR_MS
      ? slowText
      : hinted(slowText, {
          en: 'keep the overall timeout (timeoutMs: 1000): it bounds the whole call, retries included, and the hung replica waits for as long as its caller lets it',
          'zh-cn':
            '保留整体超时（timeoutMs: 1000）：它限定整个调用（包括重试）的时长，而卡死的副本会一直等到调用方放弃为止',
        }),
  );

  const storm = secondTries.length / SECOND - 1;
  const stormText: CheckText = {
    en: `${secondTries.length} tries for ${SECOND} requests (${signed(storm)})`,
    'zh-cn': `${SECOND} 个请求产生了 ${secondTries.length} 次尝试（${signed(storm)}）`,
  };
  t.expect(
    {
      en: 'while every replica fails, retries add at most 50% to the load',
      'zh-cn': '所有副本都失败时，重试增加的负载不超过 50%',
    },
    storm <= 0.5,
    storm <= 0.5
      ? stormText
      : hinted(stormText, {
          en: 'every failed call was retried, multiplying the load on a service that is already down (a retry storm): keep the retry layer’s budget (it has one unless you pass budget: null), or open a circuit breaker',
          'zh-cn':
            '每个失败的调用都被重试，让已经宕掉的服务承受成倍的负载（重试风暴）：保留重试层的预算（除非传 budget: null，否则它自带一个），或者加上熔断器',
        }),
  );

  t.exitsCleanly(run);
});
