/**
 * Check for operations/instrument-shop: scrape the three services' /metrics over HTTP the way
 * Prometheus does, read the text format properly (labcheck's parseExposition: HELP and TYPE lines,
 * quoted and escaped label values, one group per family), and follow one trace through them.
 *
 * The program's smoke test runs first; the check waits for its "ready" line, then:
 *   scrape A (all three) → 48 checkouts → scrape B (all three) → checkout 49, whose body is not
 *   JSON → scrape C (shop).
 * It compares what counters and histograms grew by between two scrapes (as Prometheus' increase()
 * does) with what the mesh recorded of the same requests: the traffic records' statuses and
 * durations, on the program's virtual clock, so every latency is exact.
 * - http_requests_total counts each service's requests by code (A → B);
 * - checkout 49 makes the shop's handler throw (its body is not JSON) and the server answer 500:
 *   that request is counted too (B → C) — a layer that records only after `await next(req)`
 *   returns never sees it;
 * - counters never go down between scrapes;
 * - http_request_duration_seconds is a well-formed histogram (cumulative, +Inf = _count), each
 *   bucket grew by the requests that took at most its bound, _sum by their seconds;
 * - the bounds fit the latencies: one at the SLO (0.2 s), the largest above the slowest request.
 * Checkout 3 carries the check's traceparent; the trace backend's spans of that trace must chain
 * shop → orders → payments, each span's parent the span before it.
 */
import {
  defineCheck,
  histogramProblems,
  histogramSeries,
  parseExposition,
  type CheckContext,
  type CheckText,
  type MetricFamily,
} from 'labcheck';
import {
  listeners,
  onTraffic,
  type TrafficRequest,
} from 'gomesh';

const SERVICES = ['shop', 'orders', 'payments'] as const;
type Service = (typeof SERVICES)[number];
const REQUESTS = 'http_requests_total';
const DURATION = 'http_request_duration_seconds';
const SLO = 0.2;
const CARTS = 48;
const TRACED_CART = 3;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

interface Scrape {
  readonly service: Service;
  readonly body: string;
  readonly families: ReadonlyMap<string, MetricFamily>;
  /** Why it cannot be read (no answer, a status, a line of the text). */
  readonly problem?: CheckText;
}

interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId?: string;
  readonly service: string;
}

const quote = (s: string) =>
  s.length > 90 ? `${s.slice(0, 87)}...` : s;
const le = (b: number) =>
  b === Infinity ? '+Inf' : String(b);
const seconds = (s: number) => `${Number(s.toFixed(6))} s`;
const requests = (n: number) =>
  `${n} request${n === 1 ? '' : 's'}`;
/** English possessive: shop's, orders'. */
const whose = (name: string) =>
  name.endsWith('s') ? `${name}'` : `${name}'s`;

/** The first two problems, then how many more; none: undefined. */
function listed(
  parts: readonly CheckText[],
): CheckText | undefined {
  if (parts.length === 0) return undefined;
  const shown = parts.slice(0, 2);
  const more = parts.length - shown.length;
  return {
    en:
      shown.map((p) => p.en).join('; ') +
      (more > 0 ? ` (and ${more} more)` : ''),
    'zh-cn':
      shown.map((p) => p['zh-cn']).join('；') +
      (more > 0 ? `（另有 ${more} 处）` : ''),
  };
}

const url = (service: string, path: string) => {
  const l = listeners().find((x) => x.name === service);
  return l === undefined
    ? undefined
    : new URL(path, l.url).href;
};

async function scrape(
  t: CheckContext,
  service: Service,
): Promise<Scrape> {
  const target = url(service, '/metrics');
  let status = 0;
  let body = '';
  try {
    if (target !== undefined) {
      const res = await t.fetch(target);
      status = res.status;
      body = await res.text();
    }
  } catch {
    status = 0;
  }
  if (status !== 200) {
    return {
      service,
      body,
      families: new Map(),
      problem: {
        en: `${service} answered GET /metrics with ${status === 0 ? 'no answer' : `status ${status}`}`,
        'zh-cn': `${service} 对 GET /metrics 的回答是${status === 0 ? '没有回答' : `状态码 ${status}`}`,
      },
    };
  }
  const parsed = parseExposition(body);
  if (parsed.ok) {
    return { service, body, families: parsed.families };
  }
  const { line, text, problem } = parsed.error;
  return {
    service,
    body,
    families: new Map(),
    problem: {
      en: `${service} /metrics line ${line}: \`${quote(text)}\`: ${problem.en}`,
      'zh-cn': `${service} 的 /metrics 第 ${line} 行：\`${quote(text)}\`：${problem['zh-cn']}`,
    },
  };
}

/** A counter family's value per code label (other labels summed). */
function byCode(
  family: MetricFamily | undefined,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of family?.samples ?? []) {
    const code = s.labels['code'] ?? '';
    out.set(code, (out.get(code) ?? 0) + s.value);
  }
  return out;
}

/** A histogram's buckets by le, its _sum and _count (series summed). */
function totals(family: MetricFamily | undefined) {
  const buckets = new Map<number, number>();
  let sum = 0;
  let count = 0;
  const series =
    family === undefined ? [] : histogramSeries(family);
  for (const h of series) {
    for (const b of h.buckets) {
      buckets.set(b.le, (buckets.get(b.le) ?? 0) + b.count);
    }
    sum += h.sum ?? 0;
    count += h.count ?? 0;
  }
  return { buckets, sum, count };
}

/** The requests_total problems of `service` between two scrapes. */
function countedByCode(
  service: Service,
  a: Scrape,
  b: Scrape,
  handled: readonly TrafficRequest[],
): CheckText[] {
  const family = b.families.get(REQUESTS);
  if (family === undefined || family.type !== 'counter') {
    return [
      {
        en: `${whose(service)} /metrics has no counter ${REQUESTS} (# TYPE ${REQUESTS} counter)`,
        'zh-cn': `${service} 的 /metrics 里没有计数器 ${REQUESTS}（# TYPE ${REQUESTS} counter）`,
      },
    ];
  }
  if (family.samples.some((s) => !('code' in s.labels))) {
    return [
      {
        en: `${whose(service)} ${REQUESTS} has a series without a code label`,
        'zh-cn': `${service} 的 ${REQUESTS} 有一条序列没有 code 标签`,
      },
    ];
  }
  const grew = byCode(family);
  for (const [code, n] of byCode(
    a.families.get(REQUESTS),
  )) {
    grew.set(code, (grew.get(code) ?? 0) - n);
  }
  const want = new Map<string, number>();
  for (const c of handled) {
    const code = String(c.status);
    want.set(code, (want.get(code) ?? 0) + 1);
  }
  const codes = [
    ...new Set([...want.keys(), ...grew.keys()]),
  ];
  return codes.sort().flatMap((code) => {
    const got = grew.get(code) ?? 0;
    const expected = want.get(code) ?? 0;
    return got === expected
      ? []
      : [
          {
            en: `${service}: ${REQUESTS}{code="${code}"} went up by ${got}, but ${service} answered ${requests(expected)} with ${code} between the scrapes`,
            'zh-cn': `${service}：${REQUESTS}{code="${code}"} 增加了 ${got}，但两次抓取之间 ${service} 以 ${code} 回答了 ${expected} 个请求`,
          },
        ];
  });
}

/**
 * The histogram's growth between two scrapes against the requests' durations: _sum first (a unit
 * mistake shows there), then _count, then every bucket that grew by the wrong number.
 */
function grewByDuration(
  service: Service,
  a: Scrape,
  b: Scrape,
  handled: readonly TrafficRequest[],
): CheckText[] {
  const out: CheckText[] = [];
  const before = totals(a.families.get(DURATION));
  const after = totals(b.families.get(DURATION));
  const took = handled.map((c) => c.durationMs / 1000);
  const n = took.length;
  const sum = after.sum - before.sum;
  const total = took.reduce((x, y) => x + y, 0);
  if (Math.abs(sum - total) > 1e-6) {
    const ms = Math.abs(sum - total * 1000) < 1e-3;
    out.push({
      en: `${service}: _sum went up by ${Number(sum.toFixed(6))}, but its requests took ${seconds(total)} in all${ms ? ' (milliseconds? Prometheus measures time in seconds)' : ''}`,
      'zh-cn': `${service}：_sum 增加了 ${Number(sum.toFixed(6))}，但它的请求总共用时 ${seconds(total)}${ms ? '（是毫秒吗？Prometheus 的时间单位是秒）' : ''}`,
    });
  }
  const count = after.count - before.count;
  if (count !== n) {
    out.push({
      en: `${service}: _count went up by ${count}, but ${service} answered ${requests(n)}`,
      'zh-cn': `${service}：_count 增加了 ${count}，但 ${service} 回答了 ${n} 个请求`,
    });
  }
  const bounds = [...after.buckets.keys()].sort(
    (x, y) => x - y,
  );
  for (const bound of bounds) {
    const got =
      (after.buckets.get(bound) ?? 0) -
      (before.buckets.get(bound) ?? 0);
    const want = took.filter((s) => s <= bound).length;
    if (got !== want) {
      out.push({
        en: `${service}: le="${le(bound)}" went up by ${got}, but ${want} of its ${requests(n)} took at most ${le(bound)} s`,
        'zh-cn': `${service}：le="${le(bound)}" 增加了 ${got}，但它的 ${n} 个请求中有 ${want} 个用时不超过 ${le(bound)} 秒`,
      });
    }
  }
  return out;
}

/** Bounds that cannot answer the SLO or see the slowest request. */
function badBounds(
  service: Service,
  b: Scrape,
  handled: readonly TrafficRequest[],
): CheckText[] {
  const out: CheckText[] = [];
  const finite = [
    ...totals(b.families.get(DURATION)).buckets.keys(),
  ].filter((x) => x !== Infinity);
  if (!finite.includes(SLO)) {
    out.push({
      en: `${service} has no bucket le="${SLO}" (the SLO), so the share of requests within 200ms cannot be read exactly`,
      'zh-cn': `${service} 没有 le="${SLO}" 的桶（SLO），因此读不出 200ms 内完成的请求所占的准确比例`,
    });
  }
  const slowest = Math.max(
    ...handled.map((c) => c.durationMs / 1000),
  );
  const largest = Math.max(...finite);
  if (finite.length === 0 || largest < slowest) {
    out.push({
      en: `${whose(service)} largest finite bound is ${finite.length === 0 ? 'missing' : `${largest} s`}, below its slowest request (${seconds(slowest)}): above it, histogram_quantile can only answer ${finite.length === 0 ? 'NaN' : largest}`,
      'zh-cn': `${service} 最大的有限上界${finite.length === 0 ? '不存在' : `是 ${largest} 秒`}，低于它最慢的请求（${seconds(slowest)}）：超过它的部分，histogram_quantile 只能回答 ${finite.length === 0 ? 'NaN' : largest}`,
    });
  }
  return out;
}

/** Counter and histogram samples that went down (or vanished) from `a` to `b`. */
function wentDown(a: Scrape, b: Scrape): CheckText[] {
  const key = (name: string, labels: object) =>
    JSON.stringify([name, Object.entries(labels).sort()]);
  const later = new Map<string, number>();
  for (const f of b.families.values()) {
    for (const s of f.samples) {
      later.set(key(s.name, s.labels), s.value);
    }
  }
  const out: CheckText[] = [];
  for (const f of a.families.values()) {
    if (f.type !== 'counter' && f.type !== 'histogram')
      continue;
    for (const s of f.samples) {
      const v = later.get(key(s.name, s.labels));
      if (v !== undefined && v >= s.value) continue;
      const line = quote(
        a.body.split('\n')[s.line - 1] ?? '',
      );
      out.push({
        en: `${a.service}: \`${line}\` is ${v === undefined ? 'gone' : v} in the next scrape`,
        'zh-cn': `${a.service}：\`${line}\` 在下一次抓取中${v === undefined ? '不见了' : `变成了 ${v}`}`,
      });
    }
  }
  return out;
}

export default defineCheck(async (t) => {
  const item = (
    name: CheckText,
    problems: readonly CheckText[],
  ) =>
    t.expect(name, problems.length === 0, listed(problems));

  const calls: TrafficRequest[] = [];
  const stop = onTraffic((e) => {
    if (e.kind === 'request') calls.push(e);
  });
  try {
    const started = await t.start({ service: 'shop' });
    // The smoke test runs before the check's requests, so
    // the scrapes see only what the check sent between them.
    const printed = () => started.program.snapshot().stdout;
    const deadline = Date.now() + 10_000;
    while (
      !/^ready/m.test(printed()) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const ready = t.expect(
      {
        en: 'the shop starts its services, runs its smoke test and prints "ready"',
        'zh-cn':
          '商店启动各个服务，跑完冒烟测试并打印 "ready"',
      },
      /^ready/m.test(printed()),
      {
        en: 'no line starting with "ready" within 10 s: keep the end of main, which prints it after the smoke test',
        'zh-cn':
          '10 秒内没有以 "ready" 开头的行：请保留 main 的结尾，它在冒烟测试之后打印这一行',
      },
    );
    if (!ready) return;

    const scrapeAll = async () => {
      const out: Scrape[] = [];
      for (const s of SERVICES)
        out.push(await scrape(t, s));
      return out;
    };
    const handledIn = (window: readonly TrafficRequest[]) =>
      new Map<Service, TrafficRequest[]>(
        SERVICES.map((s) => [
          s,
          window.filter((c) => c.to === s),
        ]),
      );

    // A → 48 checkouts (checkout 3 traced) → B.
    const a = await scrapeAll();
    let from = calls.length;
    for (let cart = 1; cart <= CARTS; cart++) {
      await t.fetch(`/checkout/${cart}`, {
        method: 'POST',
        body: { card: 'visa' },
        headers:
          cart === TRACED_CART
            ? { traceparent: `00-${TRACE_ID}-${PARENT}-01` }
            : {},
      });
    }
    const handled = handledIn(calls.slice(from));
    const b = await scrapeAll();

    // A body that is not JSON → C (shop only).
    from = calls.length;
    await t.fetch(`/checkout/${CARTS + 1}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'not json',
    });
    const down =
      handledIn(calls.slice(from)).get('shop') ?? [];
    const c = await scrape(t, 'shop');

    const pairs = SERVICES.map((service, i) => ({
      service,
      a: a[i] as Scrape,
      b: b[i] as Scrape,
      handled: handled.get(service) ?? [],
    }));
    const shopB = b[0] as Scrape;

    const parsed = item(
      {
        en: 'shop, orders and payments answer GET /metrics in the Prometheus text format',
        'zh-cn':
          'shop、orders 和 payments 都以 Prometheus 文本格式回答 GET /metrics',
      },
      [...a, ...b, c].flatMap((s) =>
        s.problem === undefined ? [] : [s.problem],
      ),
    );
    if (parsed) {
      item(
        {
          en: `${REQUESTS} is a counter with a code label, and each service counts its requests by code`,
          'zh-cn': `${REQUESTS} 是带 code 标签的计数器，每个服务都按状态码统计了自己的请求`,
        },
        pairs.flatMap((p) =>
          countedByCode(p.service, p.a, p.b, p.handled),
        ),
      );
      const observed =
        totals(c.families.get(DURATION)).count -
        totals(shopB.families.get(DURATION)).count;
      const grew500 =
        (byCode(c.families.get(REQUESTS)).get('500') ?? 0) -
        (byCode(shopB.families.get(REQUESTS)).get('500') ??
          0);
      // The hint about finally fits when the 500 itself is missing.
      const missed500 = grew500 === 0 && down.length > 0;
      const thrown = [
        ...countedByCode('shop', shopB, c, down),
        ...(observed === down.length
          ? []
          : [
              {
                en: `shop: ${DURATION}_count went up by ${observed}, but shop answered ${requests(down.length)}`,
                'zh-cn': `shop：${DURATION}_count 增加了 ${observed}，但 shop 回答了 ${down.length} 个请求`,
              },
            ]),
      ];
      t.expect(
        {
          en: `a request whose handler throws is counted too: checkout ${CARTS + 1}'s body is not JSON, the shop's handler throws, the server answers 500, and shop's code="500" goes up by 1`,
          'zh-cn': `处理函数抛出异常的请求也要统计：第 ${CARTS + 1} 次结账的请求体不是 JSON，shop 的处理函数抛出异常，服务器回答 500，shop 的 code="500" 增加 1`,
        },
        thrown.length === 0,
        missed500
          ? {
              en: `${listed(thrown)?.en} — when next(req) throws, the code after \`await next(req)\` never runs: record in a finally block, with 500 as the code when next throws`,
              'zh-cn': `${listed(thrown)?.['zh-cn']}——next(req) 抛出异常时，\`await next(req)\` 之后的代码不会执行：请在 finally 里记录，next 抛出异常时状态码记为 500`,
            }
          : listed(thrown),
      );
      item(
        {
          en: 'counters only go up between two scrapes (Prometheus reads a drop as a restart)',
          'zh-cn':
            '两次抓取之间计数器只增不减（Prometheus 会把下降当成进程重启）',
        },
        [
          ...pairs.flatMap((p) => wentDown(p.a, p.b)),
          ...wentDown(shopB, c),
        ],
      );
      item(
        {
          en: `${DURATION} is a histogram: cumulative buckets in increasing le, le="+Inf" equal to _count, _sum and _count`,
          'zh-cn': `${DURATION} 是直方图：桶按 le 递增且累积，le="+Inf" 等于 _count，并有 _sum 和 _count`,
        },
        [...b, c].flatMap((s) => {
          const family = s.families.get(DURATION);
          if (
            family === undefined ||
            family.type !== 'histogram'
          ) {
            return [
              {
                en: `${whose(s.service)} /metrics has no histogram ${DURATION} (# TYPE ${DURATION} histogram)`,
                'zh-cn': `${s.service} 的 /metrics 里没有直方图 ${DURATION}（# TYPE ${DURATION} histogram）`,
              },
            ];
          }
          return histogramProblems(family, s.body).map(
            (p) => ({
              en: `${s.service} /metrics line ${p.line}: ${p.problem.en}`,
              'zh-cn': `${s.service} 的 /metrics 第 ${p.line} 行：${p.problem['zh-cn']}`,
            }),
          );
        }),
      );
      item(
        {
          en: 'each bucket grew by the requests that took at most its le (in seconds), _count and _sum by all of them',
          'zh-cn':
            '每个桶增加的数量等于用时不超过其 le（秒）的请求数，_count 和 _sum 计入全部请求',
        },
        pairs.flatMap((p) =>
          grewByDuration(p.service, p.a, p.b, p.handled),
        ),
      );
      item(
        {
          en: `the bounds fit the latencies: one at the SLO (${SLO} s), the largest finite one at or above the slowest request`,
          'zh-cn': `桶的上界与延迟相称：有一个正好是 SLO（${SLO} 秒），最大的有限上界不低于最慢的请求`,
        },
        pairs.flatMap((p) =>
          badBounds(p.service, p.b, p.handled),
        ),
      );
    }

    // The trace of checkout 3, from the trace backend.
    let spans: Span[] = [];
    const traceUrl = url(
      'traces',
      `/api/traces/${TRACE_ID}`,
    );
    try {
      if (traceUrl !== undefined) {
        const res = await t.fetch(traceUrl);
        const got = (await res.json()) as {
          spans?: Span[];
        };
        if (Array.isArray(got.spans)) spans = got.spans;
      }
    } catch {
      spans = [];
    }
    const of = (service: string) =>
      spans.filter((s) => s.service === service);
    const shop = of('shop');
    t.expect(
      {
        en: `shop continues the check's trace (traceparent 00-${TRACE_ID}-${PARENT}-01): one span, its parent ${PARENT}`,
        'zh-cn': `shop 延续了检查发来的链路（traceparent 00-${TRACE_ID}-${PARENT}-01）：一个 span，父 span 为 ${PARENT}`,
      },
      shop.length === 1 && shop[0]?.parentId === PARENT,
      {
        en: `the trace backend has ${shop.length} shop spans in trace ${TRACE_ID}${shop[0] ? ` (parent ${shop[0].parentId ?? 'none'})` : ''}: keep gomesh's tracing layer on the shop`,
        'zh-cn': `链路后端在链路 ${TRACE_ID} 中有 ${shop.length} 个 shop 的 span${shop[0] ? `（父 span 为 ${shop[0].parentId ?? '无'}）` : ''}：请保留 shop 上 gomesh 的 tracing 中间层`,
      },
    );
    for (const [parent, child] of [
      ['shop', 'orders'],
      ['orders', 'payments'],
    ] as const) {
      const up = of(parent);
      const down = of(child);
      const ok =
        up.length === 1 &&
        down.length === 1 &&
        down[0]?.parentId === up[0]?.spanId;
      t.expect(
        {
          en: `${whose(child)} span is a child of ${whose(parent)} (${parent} → ${child} carries traceparent)`,
          'zh-cn': `${child} 的 span 是 ${parent} 的子 span（${parent} → ${child} 带上了 traceparent）`,
        },
        ok,
        down.length === 0
          ? {
              en: `trace ${TRACE_ID} has no ${child} span: ${child} started a trace of its own, because ${whose(parent)} call to ${child} did not carry traceparent — pass headers: propagate(req) on that call`,
              'zh-cn': `链路 ${TRACE_ID} 里没有 ${child} 的 span：${child} 自己开了一条新链路，因为 ${parent} 调用 ${child} 时没有带上 traceparent——请在这次调用里传入 headers: propagate(req)`,
            }
          : {
              en: `${whose(child)} span ${down[0]?.spanId} has parent ${down[0]?.parentId ?? 'none'}, not ${whose(parent)} span ${up[0]?.spanId ?? '(missing)'}: send on the traceparent ${whose(parent)} tracing layer put on req (propagate(req))`,
              'zh-cn': `${child} 的 span ${down[0]?.spanId} 的父 span 是 ${down[0]?.parentId ?? '无'}，而不是 ${parent} 的 span ${up[0]?.spanId ?? '（缺失）'}：请传下去 ${parent} 的 tracing 中间层写在 req 上的 traceparent（propagate(req)）`,
            },
      );
    }
  } finally {
    stop();
  }
});
