/**
 * Check for operations/capstone-5-observe: the shop (gateway → orders → users, catalog ×2,
 * payments ×2) serves the bench's 300 orders, prints its SLO report and "ready", then keeps
 * serving. The check measures it against the mesh's own records (gomesh's onTraffic: every request
 * each instance served, with its status and duration on the virtual clock):
 * - it scrapes every instance's GET /metrics the way Prometheus does (labcheck's parseExposition),
 *   and each service's counts by status class, summed over its instances, must equal what the
 *   mesh recorded of the requests that service served (its callers' requests; not the scrapes);
 * - it sends one order with its own traceparent and follows it in the trace backend: the
 *   gateway's span continues the check's, orders' is the gateway's child, and users', catalog's
 *   and payments' spans are orders' children;
 * - it reads the program's SLO report (GET /slo on the slo service) and compares each service's
 *   figures with its own scrape, summed over instances: requests and errors (5xx), availability
 *   (1 − errors / requests), and the p99 as Prometheus' histogram_quantile(0.99) estimates it
 *   from the buckets, which must also lie in the bucket that holds the true p99 of the mesh's
 *   records (nearest rank).
 */
import {
  defineCheck,
  histogramSeries,
  parseExposition,
  type CheckText,
  type MetricFamily,
} from 'labcheck';
import {
  listeners,
  onTraffic,
  type TrafficRequest,
} from 'gomesh';
import { percentile } from 'gomesh/metrics';

const SERVICES = [
  'gateway',
  'orders',
  'users',
  'catalog',
  'payments',
] as const;
type Service = (typeof SERVICES)[number];
/** The bench (main.ts): 300 orders through the gateway, sent by the caller "shoppers". */
const ORDERS = 300;
const SHOPPERS = 'shoppers';
const TOTAL = 'mesh_response_total';
const LATENCY = 'mesh_response_latency_ms';
const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
/** Real time to wait for "ready" (the bench is 300 orders, 15 s of virtual time). */
const READY_WITHIN_MS = 50_000;
/** Float noise allowed between two computations of the same estimate. */
const EPSILON = 1e-6;

/** The SLO report's items, recorded (failed) even when /metrics cannot be read. */
const REPORT_ITEMS: readonly CheckText[] = [
  {
    en: 'the SLO report (GET /slo) counts every instance: requests and errors (5xx) per service, summed over its instances',
    'zh-cn':
      'SLO 报告（GET /slo）统计了每个实例：每个服务的请求数和错误数（5xx）是各实例之和',
  },
  {
    en: "each service's availability is 1 − 5xx / requests, as the mesh measured it (a 404 is the caller's mistake, not an outage)",
    'zh-cn':
      '每个服务的可用性是 1 − 5xx / 请求数，与网格测得的一致（404 是调用方的错，不算故障）',
  },
  {
    en: "each service's p99 is histogram_quantile(0.99) of its buckets summed over its instances, in the bucket that holds the true p99",
    'zh-cn':
      '每个服务的 p99 是各实例的桶相加后的 histogram_quantile(0.99)，并落在真实 p99 所在的桶里',
  },
];
const NEEDS_METRICS: CheckText = {
  en: 'not measured: every instance must serve GET /metrics first (see above)',
  'zh-cn':
    '无法测量：每个实例都要先提供 GET /metrics（见上文）',
};

interface Span {
  readonly spanId: string;
  readonly parentId?: string;
  readonly service: string;
}
interface ServiceSlo {
  service: string;
  requests: number;
  errors: number;
  availability: number;
  p99Ms: number | null;
}

/** A service's families summed over its instances. */
interface Scraped {
  byClass: Map<string, number>;
  requests: number;
  errors: number;
  /** Cumulative count per le, summed over the instances. */
  buckets: Map<number, number>;
  problems: CheckText[];
}

/** "1 instance", "2 instances" of a service. */
const instancesOf = (s: string) => {
  const n = listeners().filter((l) => l.name === s).length;
  return `${n} instance${n === 1 ? '' : 's'}`;
};
/** English possessive: gateway's, orders'. */
const whose = (name: string) =>
  name.endsWith('s') ? `${name}'` : `${name}'s`;
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const msText = (x: number | null) =>
  x === null || Number.isNaN(x)
    ? 'NaN'
    : `${+x.toFixed(3)}ms`;

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

/** Prometheus' histogram_quantile over cumulative buckets (NaN without observations). */
function histogramQuantile(
  q: number,
  buckets: ReadonlyMap<number, number>,
): number {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const rank = q * (buckets.get(Infinity) ?? 0);
  if (rank === 0) return NaN;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = buckets.get(le)!;
    if (count >= rank) {
      if (le === Infinity) return lower;
      return (
        lower +
        ((le - lower) * (rank - below)) / (count - below)
      );
    }
    lower = le;
    below = count;
  }
  return NaN;
}

/** The bucket [lower, le] a value falls in. */
function bucketOf(
  value: number,
  buckets: ReadonlyMap<number, number>,
): [number, number] {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  let lower = 0;
  for (const le of bounds) {
    if (value <= le) return [lower, le];
    lower = le;
  }
  return [lower, Infinity];
}

function sumFamilies(
  service: Service,
  bodies: readonly {
    url: string;
    body: string;
    status: number;
  }[],
): Scraped {
  const out: Scraped = {
    byClass: new Map(),
    requests: 0,
    errors: 0,
    buckets: new Map(),
    problems: [],
  };
  if (bodies.length === 0) {
    out.problems.push({
      en: `no instance of ${service} listens`,
      'zh-cn': `${service} 没有实例在监听`,
    });
  }
  for (const { url, body, status } of bodies) {
    if (status !== 200) {
      out.problems.push({
        en: `${service} at ${url} answered GET /metrics with ${status === 0 ? 'no answer' : `status ${status}`}`,
        'zh-cn': `${url} 上的 ${service} 对 GET /metrics 的回答是${status === 0 ? '没有回答' : `状态码 ${status}`}`,
      });
      continue;
    }
    const parsed = parseExposition(body);
    if (!parsed.ok) {
      out.problems.push({
        en: `${service} at ${url}, /metrics line ${parsed.error.line}: ${parsed.error.problem.en}`,
        'zh-cn': `${url} 上的 ${service}，/metrics 第 ${parsed.error.line} 行：${parsed.error.problem['zh-cn']}`,
      });
      continue;
    }
    const total: MetricFamily | undefined =
      parsed.families.get(TOTAL);
    const latency = parsed.families.get(LATENCY);
    if (
      total?.type !== 'counter' ||
      latency?.type !== 'histogram'
    ) {
      out.problems.push({
        en: `${service} at ${url}: /metrics has no counter ${TOTAL} or no histogram ${LATENCY} (gomesh/metrics' MeshMetrics renders both)`,
        'zh-cn': `${url} 上的 ${service}：/metrics 里没有计数器 ${TOTAL} 或直方图 ${LATENCY}（gomesh/metrics 的 MeshMetrics 会输出这两者）`,
      });
      continue;
    }
    for (const s of total.samples) {
      const c = s.labels['status_class'] ?? '';
      out.byClass.set(
        c,
        (out.byClass.get(c) ?? 0) + s.value,
      );
      out.requests += s.value;
      if (c === '5xx') out.errors += s.value;
    }
    for (const h of histogramSeries(latency)) {
      for (const b of h.buckets) {
        out.buckets.set(
          b.le,
          (out.buckets.get(b.le) ?? 0) + b.count,
        );
      }
    }
  }
  return out;
}

export default defineCheck(async (t) => {
  const records: TrafficRequest[] = [];
  const stop = onTraffic((e) => {
    if (e.kind === 'request') records.push(e);
  });
  try {
    const started = await t.start({ service: 'gateway' });
    const printed = () => started.program.snapshot().stdout;
    const deadline = Date.now() + READY_WITHIN_MS;
    while (
      !/^ready/m.test(printed()) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const bench = records.filter(
      (r) => r.to === 'gateway' && r.from === SHOPPERS,
    );
    if (
      !t.expect(
        {
          en: `the shop serves the bench's ${ORDERS} orders, prints its SLO report and "ready"`,
          'zh-cn': `商店处理完测试台的 ${ORDERS} 个订单，打印 SLO 报告和 "ready"`,
        },
        /^ready/m.test(printed()) &&
          bench.length === ORDERS,
        {
          en: `the mesh saw ${bench.length} orders from the bench${/^ready/m.test(printed()) ? '' : ', and no line starting with "ready" came'}: keep the given part of main.ts (the services, the bench and the end of main) as it is`,
          'zh-cn': `网格看到测试台发来 ${bench.length} 个订单${/^ready/m.test(printed()) ? '' : '，也没有以 "ready" 开头的行'}：请保持 main.ts 中给定的部分（各个服务、测试台和 main 的结尾）不变`,
        },
      )
    ) {
      return;
    }

    // One order of the check's own, traced.
    const mark = records.length;
    await t.fetch('/api/orders', {
      method: 'POST',
      body: { user: 'u1', sku: 'go-mug', qty: 1 },
      headers: {
        traceparent: `00-${TRACE_ID}-${PARENT}-01`,
      },
    });
    const traced = records
      .slice(mark)
      .filter((r) => r.to === 'gateway' && r.from === null);
    // What each service served: its callers' requests (a
    // scrape comes from outside the mesh and is left out).
    const served = (s: Service) =>
      s === 'gateway'
        ? [...bench, ...traced]
        : records.filter(
            (r) => r.to === s && r.from !== null,
          );

    // ---- Scrape every instance, as Prometheus does. ----
    const scrapeAll = async () => {
      const out = new Map<Service, Scraped>();
      for (const s of SERVICES) {
        const bodies = [];
        for (const l of listeners().filter(
          (x) => x.name === s,
        )) {
          let status = 0;
          let body = '';
          try {
            const res = await t.fetch(`${l.url}/metrics`);
            status = res.status;
            body = await res.text();
          } catch {
            // No answer: status stays 0.
          }
          bodies.push({ url: l.url, body, status });
        }
        out.set(s, sumFamilies(s, bodies));
      }
      return out;
    };
    const scraped = await scrapeAll();
    const readable = t.expect(
      {
        en: `every instance of ${SERVICES.join(', ')} answers GET /metrics in the Prometheus text format, with ${TOTAL} and the histogram ${LATENCY}`,
        'zh-cn': `${SERVICES.join('、')} 的每个实例都以 Prometheus 文本格式回答 GET /metrics，其中有 ${TOTAL} 和直方图 ${LATENCY}`,
      },
      SERVICES.every(
        (s) => scraped.get(s)!.problems.length === 0,
      ),
      listed(
        SERVICES.flatMap((s) => scraped.get(s)!.problems),
      ) ?? {
        en: `${listeners().filter((l) => (SERVICES as readonly string[]).includes(l.name)).length} instances scraped`,
        'zh-cn': `抓取了 ${listeners().filter((l) => (SERVICES as readonly string[]).includes(l.name)).length} 个实例`,
      },
      // A starter that serves no /metrics fails here.
    );

    let countsOk = false;
    {
      const mismatches: CheckText[] = [];
      for (const s of SERVICES) {
        const got = scraped.get(s)!.byClass;
        for (const c of CLASSES) {
          const want = served(s).filter(
            (r) =>
              `${Math.floor(r.status / 100)}xx` === c ||
              (c === '5xx' && r.status === 0),
          ).length;
          const have = got.get(c) ?? 0;
          if (have !== want) {
            mismatches.push({
              en: `${s}: ${TOTAL}{status_class="${c}"} is ${have} over its instances, but it served ${want} such requests`,
              'zh-cn': `${s}：各实例的 ${TOTAL}{status_class="${c}"} 合计为 ${have}，但它以 ${c} 回答了 ${want} 个请求`,
            });
          }
        }
      }
      const counted = served('gateway').length;
      t.expect(
        {
          en: "each service's counts, summed over its instances, equal the requests the mesh saw it serve",
          'zh-cn':
            '每个服务各实例的计数之和，等于网格看到它处理的请求数',
        },
        (countsOk = readable && mismatches.length === 0),
        !readable
          ? NEEDS_METRICS
          : mismatches.length === 0
            ? {
                en: `the gateway counted ${counted} orders, as the mesh saw; orders, users, catalog and payments match too`,
                'zh-cn': `gateway 计了 ${counted} 个订单，与网格看到的一致；orders、users、catalog 和 payments 也都一致`,
              }
            : {
                en: `${listed(mismatches)!.en} — serve every instance through observed(): MeshMetrics' layer around the handler, GET /metrics answered outside it (a scrape is not traffic)`,
                'zh-cn': `${listed(mismatches)!['zh-cn']}——每个实例都要经过 observed()：用 MeshMetrics 的中间层包住处理函数，GET /metrics 在它外面回答（抓取不算业务流量）`,
              },
      );
    }

    // ---- The traced order, in the trace backend. ----
    let spans: Span[] = [];
    const tracesUrl = listeners().find(
      (l) => l.name === 'traces',
    )?.url;
    try {
      if (tracesUrl !== undefined) {
        const res = await t.fetch(
          `${tracesUrl}/api/traces/${TRACE_ID}`,
        );
        const got = (await res.json()) as {
          spans?: Span[];
        };
        if (Array.isArray(got.spans)) spans = got.spans;
      }
    } catch {
      spans = [];
    }
    const of = (s: string) =>
      spans.filter((x) => x.service === s);
    const gw = of('gateway');
    t.expect(
      {
        en: `the gateway continues the check's trace (traceparent 00-${TRACE_ID}-${PARENT}-01): one span, its parent ${PARENT}`,
        'zh-cn': `gateway 延续了检查发来的链路（traceparent 00-${TRACE_ID}-${PARENT}-01）：一个 span，父 span 为 ${PARENT}`,
      },
      gw.length === 1 && gw[0]!.parentId === PARENT,
      {
        en: `trace ${TRACE_ID} has ${gw.length} gateway span(s)${gw.length === 0 ? ": put gomesh's tracing layer on every service in observed() (tracing({ service, collector }))" : ''}`,
        'zh-cn': `链路 ${TRACE_ID} 里有 ${gw.length} 个 gateway 的 span${gw.length === 0 ? '：在 observed() 里给每个服务加上 gomesh 的 tracing 中间层（tracing({ service, collector })）' : ''}`,
      },
    );
    const noSpans: CheckText = {
      en: "the trace backend has no span of this trace at all: put gomesh's tracing layer on every service in observed() first",
      'zh-cn':
        '链路后端里根本没有这条链路的 span：先在 observed() 里给每个服务加上 gomesh 的 tracing 中间层',
    };
    const hop = (
      parent: string,
      children: readonly string[],
    ) => {
      const up = of(parent);
      const missing = children.filter(
        (c) =>
          of(c).length === 0 ||
          of(c).some((x) => x.parentId !== up[0]?.spanId),
      );
      const ok = up.length === 1 && missing.length === 0;
      t.expect(
        {
          en: `${children.join(', ')}: ${children.length > 1 ? 'their spans are children' : 'its span is a child'} of ${whose(parent)} span (${parent} carries traceparent on)`,
          'zh-cn': `${children.join('、')} 的 span 是 ${parent} 的 span 的子 span（${parent} 把 traceparent 传了下去）`,
        },
        ok,
        !ok && spans.length === 0
          ? noSpans
          : {
              en: ok
                ? `${children.map((c) => `${c} ${of(c).length}`).join(', ')} span(s), each with parent ${up[0]!.spanId}`
                : `trace ${TRACE_ID} has ${children.map((c) => `${c} ${of(c).length}`).join(', ')} span(s)${up.length === 1 ? ` and ${missing.join(', ')} not under ${whose(parent)} span ${up[0]!.spanId}` : ''}: a call ${parent} makes while serving req must carry its trace on — headers: carry(req), and carry returns propagate(req)`,
              'zh-cn': ok
                ? `${children.map((c) => `${c} ${of(c).length}`).join('，')} 个 span，父 span 都是 ${up[0]!.spanId}`
                : `链路 ${TRACE_ID} 中的 span 数：${children.map((c) => `${c} ${of(c).length}`).join('，')}${up.length === 1 ? `；${missing.join('、')} 不在 ${parent} 的 span ${up[0]!.spanId} 之下` : ''}：${parent} 处理 req 时发出的调用要把链路传下去——headers: carry(req)，而 carry 返回 propagate(req)`,
            },
      );
    };
    hop('gateway', ['orders']);
    hop('orders', ['users', 'catalog', 'payments']);

    // ---- The SLO report against the scrape and the mesh. ----
    if (!readable) {
      for (const name of REPORT_ITEMS)
        t.expect(name, false, NEEDS_METRICS);
      return;
    }
    const now = await scrapeAll();
    let report: { services?: ServiceSlo[] } = {};
    const sloUrl = listeners().find(
      (l) => l.name === 'slo',
    )?.url;
    try {
      if (sloUrl !== undefined) {
        report = (await (
          await t.fetch(`${sloUrl}/slo`)
        ).json()) as typeof report;
      }
    } catch {
      report = {};
    }
    const row = (s: Service) =>
      report.services?.find((x) => x.service === s);
    const countProblems: CheckText[] = [];
    const availProblems: CheckText[] = [];
    const p99Problems: CheckText[] = [];
    const p99Lines: string[] = [];
    for (const s of SERVICES) {
      const mine = now.get(s)!;
      const r = row(s);
      if (r === undefined) {
        countProblems.push({
          en: `the report has no row for ${s}`,
          'zh-cn': `报告里没有 ${s} 这一行`,
        });
        continue;
      }
      if (
        r.requests !== mine.requests ||
        r.errors !== mine.errors
      ) {
        countProblems.push({
          en: `${s}: the report says ${r.requests} requests, ${r.errors} errors; the scrapes of its ${instancesOf(s)} add up to ${mine.requests} requests, ${mine.errors} answered 5xx`,
          'zh-cn': `${s}：报告说 ${r.requests} 个请求、${r.errors} 个错误；它 ${listeners().filter((l) => l.name === s).length} 个实例的抓取结果合计 ${mine.requests} 个请求，其中 ${mine.errors} 个回答了 5xx`,
        });
      }
      const truth = served(s);
      const ok = truth.filter(
        (x) => x.status !== 0 && x.status < 500,
      ).length;
      const want =
        truth.length === 0 ? 1 : ok / truth.length;
      if (Math.abs(r.availability - want) > EPSILON) {
        availProblems.push({
          en: `${s}: the report says ${pct(r.availability)}, but ${ok} of its ${truth.length} requests were not answered 5xx (${pct(want)})`,
          'zh-cn': `${s}：报告说 ${pct(r.availability)}，但它的 ${truth.length} 个请求中有 ${ok} 个没有以 5xx 回答（${pct(want)}）`,
        });
      }
      const estimate = histogramQuantile(
        0.99,
        mine.buckets,
      );
      const trueP99 = percentile(
        truth.map((x) => x.durationMs),
        99,
      );
      const [lo, hi] = bucketOf(trueP99, mine.buckets);
      const got = r.p99Ms ?? NaN;
      p99Lines.push(`${s} ${msText(got)}`);
      if (
        !(
          Math.abs(got - estimate) <=
          EPSILON * Math.max(1, estimate)
        ) ||
        got < lo ||
        got > hi
      ) {
        p99Problems.push({
          en: `${s}: the report says ${msText(got)}; histogram_quantile(0.99) of its buckets is ${msText(estimate)}, and the true p99 of its requests is ${msText(trueP99)} (bucket ${lo}–${hi}ms)`,
          'zh-cn': `${s}：报告说 ${msText(got)}；按它的桶计算 histogram_quantile(0.99) 得 ${msText(estimate)}，它的请求真实的 p99 是 ${msText(trueP99)}（在 ${lo}–${hi}ms 的桶里）`,
        });
      }
    }
    const gwRow = row('gateway');
    /** When the counts themselves are off, that comes first. */
    const orFirst = (hint: CheckText): CheckText =>
      countsOk
        ? hint
        : {
            en: 'fix the counts above first: the figures cannot agree while the metrics miss requests or count the scrapes',
            'zh-cn':
              '先把上面的计数修好：指标漏掉请求或者把抓取也算进去时，这些数字不可能对得上',
          };
    const hinted = (
      parts: CheckText,
      hint: CheckText,
    ): CheckText => {
      const h = orFirst(hint);
      return {
        en: `${parts.en} — ${h.en}`,
        'zh-cn': `${parts['zh-cn']}——${h['zh-cn']}`,
      };
    };
    t.expect(
      REPORT_ITEMS[0]!,
      countProblems.length === 0,
      countProblems.length === 0
        ? {
            en: `the gateway: ${gwRow?.requests} requests, ${gwRow?.errors} errors, as scraped`,
            'zh-cn': `gateway：${gwRow?.requests} 个请求、${gwRow?.errors} 个错误，与抓取结果一致`,
          }
        : hinted(listed(countProblems)!, {
            en: 'in sloOf, add up the counters of every instance\'s scrape, as sum by (service) does, and count only status_class="5xx" as errors',
            'zh-cn':
              '在 sloOf 里把每个实例的抓取结果中的计数器都加起来，就像 sum by (service) 那样，并且只把 status_class="5xx" 算作错误',
          }),
    );
    t.expect(
      REPORT_ITEMS[1]!,
      availProblems.length === 0 &&
        row('gateway') !== undefined,
      availProblems.length === 0
        ? {
            en: `the checkout (gateway): ${gwRow === undefined ? 'no row' : pct(gwRow.availability)}`,
            'zh-cn': `结账（gateway）：${gwRow === undefined ? '没有这一行' : pct(gwRow.availability)}`,
          }
        : hinted(listed(availProblems)!, {
            en: 'count only status_class="5xx" as errors',
            'zh-cn': '只把 status_class="5xx" 算作错误',
          }),
    );
    t.expect(
      REPORT_ITEMS[2]!,
      p99Problems.length === 0 &&
        row('gateway') !== undefined,
      p99Problems.length === 0
        ? {
            en: p99Lines.join(', '),
            'zh-cn': p99Lines.join('，'),
          }
        : hinted(listed(p99Problems)!, {
            en: 'find the first bucket whose cumulative count reaches 0.99 × count and interpolate between its lower bound and its le; the mean (_sum / _count) hides the tail',
            'zh-cn':
              '找到累积计数第一个达到 0.99 × count 的桶，在它的下界和 le 之间线性插值；平均值（_sum / _count）会把长尾藏起来',
          }),
    );
  } finally {
    stop();
  }
});
