/**
 * Check for operations/match-production: production runs catalog → pricing behind Istio, with the
 * VirtualService and DestinationRule of production.ts; the learner configures catalog's gomesh
 * sidecar so that its export (src/lab/export/, `npm run lab -- <id> --export <dir>`) writes the
 * same policy and the sidecar behaves as Envoy would with it.
 *
 * Two readings, both from what gomesh reports itself, never from what the program prints:
 * - the configuration: gomesh's onMeshConfig record of catalog's sidecar (the record the exporter
 *   reads), turned into the Istio fields the exporter writes from it (seconds as the exporter
 *   writes them), compared field by field with production's; tests/lessons/claims.test.ts runs the
 *   real exporter on the solution and compares its objects with production.ts;
 * - the behaviour, under the given bench on the virtual clock (4 replicas, the fourth hung;
 *   1000 requests, then 5 s later a bad deploy and 200 requests while every replica answers 503),
 *   from gomesh's traffic records: each try the sidecar sent (instance, duration, attempt), each
 *   ejection, each request catalog answered.
 */
import { defineCheck, type CheckText } from 'labcheck';
import {
  onMeshConfig,
  onTraffic,
  type LayerSpec,
  type MeshConfigRecord,
  type TrafficRequest,
} from 'gomesh';

const FIRST = 1000;
const SECOND = 200;
const SIDECAR = 'catalog-sidecar';
/** Production's Istio policy (production.ts), field by field. */
const PRODUCTION = {
  timeout: '0.5s',
  attempts: 3,
  perTryTimeout: '0.05s',
  backoff: '0.01s',
  retryIgnorePreviousHosts: true,
  loadBalancer: 'LEAST_REQUEST',
  consecutive5xxErrors: 3,
  baseEjectionTime: '60s',
  maxEjectionPercent: 25,
} as const;
const PER_TRY_MS = 50;
const EJECTION_MS = 60_000;
const TIMEOUT_MS = 500;
/** Float sums of virtual times: an answer at a deadline may read a hair over it. */
const HAIR_MS = 0.001;

/** The exporter's duration format (src/lab/export/model.ts `seconds`): 50 → `0.05s`. */
function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
}

const LB: Record<string, string> = {
  'round-robin': 'ROUND_ROBIN',
  random: 'RANDOM',
  'least-request': 'LEAST_REQUEST',
};

type Field = {
  /** The Istio field, as production's YAML names it. */
  readonly istio: string;
  /** The gomesh option that writes it. */
  readonly gomesh: string;
  readonly yours: string | number | boolean | undefined;
  readonly production: string | number | boolean;
};

const shown = (v: Field['yours']) =>
  v === undefined ? '—' : String(v);

/** The fields that differ, one per line: `retries.attempts: yours 2, production 3 (retry.maxRetries)`. */
function differences(fields: readonly Field[]): CheckText {
  const wrong = fields.filter(
    (f) => f.yours !== f.production,
  );
  if (wrong.length === 0)
    return {
      en: fields
        .map((f) => `${f.istio}: ${shown(f.yours)}`)
        .join(', '),
      'zh-cn': fields
        .map((f) => `${f.istio}: ${shown(f.yours)}`)
        .join('，'),
    };
  return {
    en: wrong
      .map(
        (f) =>
          `${f.istio}: yours ${shown(f.yours)}, production ${f.production} (set ${f.gomesh})`,
      )
      .join('; '),
    'zh-cn': wrong
      .map(
        (f) =>
          `${f.istio}：你的是 ${shown(f.yours)}，生产环境是 ${f.production}（设置 ${f.gomesh}）`,
      )
      .join('；'),
  };
}

function layerOf<K extends LayerSpec['layer']>(
  layers: readonly LayerSpec[],
  kind: K,
): Extract<LayerSpec, { layer: K }> | undefined {
  return layers.find(
    (l): l is Extract<LayerSpec, { layer: K }> =>
      l.layer === kind,
  );
}

export default defineCheck(async (t) => {
  const configs: MeshConfigRecord[] = [];
  const calls: TrafficRequest[] = [];
  const tries: TrafficRequest[] = [];
  const ejections: {
    instance: string;
    at: number;
    durationMs: number;
  }[] = [];
  const stopConfig = onMeshConfig((r) => configs.push(r));
  const stopTraffic = onTraffic((e) => {
    if (e.kind === 'eject') ejections.push(e);
    if (e.kind !== 'request') return;
    if (e.to === SIDECAR && e.from === null) calls.push(e);
    else if (e.from === SIDECAR && e.to === 'pricing')
      tries.push(e);
  });
  let run;
  try {
    run = await t.run();
  } finally {
    stopConfig();
    stopTraffic();
  }

  const sidecar = configs.find(
    (
      r,
    ): r is Extract<
      MeshConfigRecord,
      { kind: 'sidecar' }
    > => r.kind === 'sidecar' && r.service === 'catalog',
  );
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
  // The hung replica: the one instance whose tries in the first part all failed.
  const failedBy = new Map<
    string,
    { tries: number; failed: number }
  >();
  for (const r of firstTries) {
    const s = failedBy.get(r.instance) ?? {
      tries: 0,
      failed: 0,
    };
    s.tries++;
    if (r.status !== 200) s.failed++;
    failedBy.set(r.instance, s);
  }
  const hung = [...failedBy.entries()].filter(
    ([, s]) => s.failed > 0,
  );
  const benchRan =
    sidecar !== undefined &&
    sidecar.upstream === 'pricing' &&
    first.length === FIRST &&
    second.length === SECOND &&
    failedBy.size === 4 &&
    hung.length === 1 &&
    hung[0]![1].failed === hung[0]![1].tries;
  if (
    !t.expect(
      {
        en: 'the bench ran: catalog’s sidecar in front of 4 replicas of pricing, 1000 requests with the fourth replica hung, then 200 with every replica failing',
        'zh-cn':
          '测试台照常运行：catalog 的 sidecar 挡在 pricing 的 4 个副本前面，先发 1000 个请求（第四个副本卡死），再发 200 个（每个副本都失败）',
      },
      benchRan,
      {
        en: `the mesh saw ${sidecar ? 'catalog’s sidecar' : 'no sidecar for catalog'}, ${calls.length} requests to it and ${failedBy.size} replicas answering: keep the given part of main.ts (the replicas, load() and main) as it is`,
        'zh-cn': `网格看到的是：${sidecar ? 'catalog 的 sidecar' : '没有 catalog 的 sidecar'}，发给它的请求 ${calls.length} 个，作答的副本 ${failedBy.size} 个：请保持 main.ts 中给定的部分（副本、load() 和 main）不变`,
      },
    )
  ) {
    t.exitsCleanly(run);
    return;
  }

  // ---- The configuration, as the export writes it. ----
  const layers = sidecar!.layers;
  const timeout = layerOf(layers, 'timeout');
  const retry = layerOf(layers, 'retry');
  const outlier = layerOf(layers, 'outlier');
  const vs: Field[] = [
    {
      istio: 'timeout',
      gomesh: 'timeoutMs',
      yours: timeout && seconds(timeout.timeoutMs),
      production: PRODUCTION.timeout,
    },
    {
      istio: 'retries.attempts',
      gomesh: 'retry.maxRetries',
      yours: retry?.maxRetries ?? 0,
      production: PRODUCTION.attempts,
    },
    {
      istio: 'retries.perTryTimeout',
      gomesh: 'retry.perTryTimeoutMs',
      yours:
        retry?.perTryTimeoutMs === undefined
          ? undefined
          : seconds(retry.perTryTimeoutMs),
      production: PRODUCTION.perTryTimeout,
    },
    {
      istio: 'retries.backoff',
      gomesh: 'retry.baseMs',
      yours: retry && seconds(retry.baseMs),
      production: PRODUCTION.backoff,
    },
    {
      istio: 'retries.retryIgnorePreviousHosts',
      gomesh: 'retry.skipTriedHosts',
      yours: retry?.skipTriedHosts,
      production: PRODUCTION.retryIgnorePreviousHosts,
    },
  ];
  t.expect(
    {
      en: 'the export’s VirtualService says what production’s says (timeout, retries)',
      'zh-cn':
        '导出的 VirtualService 与生产环境的一致（timeout、retries）',
    },
    vs.every((f) => f.yours === f.production),
    differences(vs),
  );

  const dr: Field[] = [
    {
      istio: 'loadBalancer.simple',
      gomesh: 'balancer',
      yours: LB[sidecar!.balancer] ?? sidecar!.balancer,
      production: PRODUCTION.loadBalancer,
    },
    {
      istio: 'outlierDetection.consecutive5xxErrors',
      gomesh: 'outlier.consecutive5xx',
      yours: outlier?.consecutive5xx,
      production: PRODUCTION.consecutive5xxErrors,
    },
    {
      istio: 'outlierDetection.baseEjectionTime',
      gomesh: 'outlier.baseEjectionMs',
      yours: outlier && seconds(outlier.baseEjectionMs),
      production: PRODUCTION.baseEjectionTime,
    },
    {
      istio: 'outlierDetection.maxEjectionPercent',
      gomesh: 'outlier.maxEjectionPercent',
      yours: outlier?.maxEjectionPercent,
      production: PRODUCTION.maxEjectionPercent,
    },
  ];
  t.expect(
    {
      en: 'the export’s DestinationRule says what production’s says (load balancer, outlier detection)',
      'zh-cn':
        '导出的 DestinationRule 与生产环境的一致（负载均衡、离群检测）',
    },
    dr.every((f) => f.yours === f.production),
    differences(dr),
  );

  // What the YAML leaves to Envoy: the export's "No exact equivalent" table lists both.
  const budgetOff =
    retry !== undefined && retry.budget === null;
  const capped =
    retry !== undefined &&
    retry.capMs === 10 * retry.baseMs;
  t.expect(
    {
      en: 'what Istio does not write is Envoy’s: no retry budget, and back-off capped at 10 × its base',
      'zh-cn':
        'Istio 没写出来的部分按 Envoy 的来：没有重试预算，退避上限是基数的 10 倍',
    },
    budgetOff && capped,
    retry === undefined
      ? {
          en: 'there is no retry layer yet: production retries (retries.attempts: 3)',
          'zh-cn':
            '还没有重试层：生产环境是会重试的（retries.attempts: 3）',
        }
      : {
          en: [
            budgetOff
              ? 'no retry budget'
              : `your retry layer keeps a retry budget (retryRatio ${retry.budget!.retryRatio}, ${retry.budget!.minRetriesPerSecond}/s) that Istio has no field for: Envoy under this VirtualService retries every failed call, so pass budget: null to behave like it`,
            capped
              ? `back-off cap ${retry.capMs}ms`
              : `back-off cap ${retry.capMs}ms, but Envoy caps at 10 × backoff = ${10 * retry.baseMs}ms (retry.capMs)`,
          ].join('; '),
          'zh-cn': [
            budgetOff
              ? '没有重试预算'
              : `你的重试层带着重试预算（retryRatio ${retry.budget!.retryRatio}，每秒 ${retry.budget!.minRetriesPerSecond} 次），而 Istio 没有对应字段：这个 VirtualService 下的 Envoy 会重试每个失败的调用，所以要传 budget: null 才能和它一样`,
            capped
              ? `退避上限 ${retry.capMs}ms`
              : `退避上限是 ${retry.capMs}ms，但 Envoy 的上限是 backoff 的 10 倍，即 ${10 * retry.baseMs}ms（retry.capMs）`,
          ].join('；'),
        },
  );

  // ---- The behaviour under the bench. ----
  const hungId = hung[0]![0];
  const onHung = firstTries.filter(
    (r) => r.instance === hungId,
  );
  const longest = Math.max(
    ...onHung.map((r) => r.durationMs),
  );
  const cutAtPerTry = Math.abs(longest - PER_TRY_MS) <= 1;
  t.expect(
    {
      en: 'a try on the hung replica is cut off after 50ms, as perTryTimeout: 0.05s cuts it',
      'zh-cn':
        '落到卡死副本上的尝试在 50ms 时被切断，和 perTryTimeout: 0.05s 一样',
    },
    cutAtPerTry,
    {
      en: `the longest try on the hung replica took ${+longest.toFixed(3)}ms`,
      'zh-cn': `落到卡死副本上的尝试最长用了 ${+longest.toFixed(3)}ms`,
    },
  );

  const hungEjections = ejections.filter(
    (e) => e.instance === hungId,
  );
  const ejectedRight =
    onHung.length === PRODUCTION.consecutive5xxErrors &&
    hungEjections.length === 1 &&
    hungEjections[0]!.durationMs === EJECTION_MS;
  t.expect(
    {
      en: 'the hung replica gets 3 tries, then is ejected for 60s (consecutive5xxErrors: 3, baseEjectionTime: 60s)',
      'zh-cn':
        '卡死的副本只挨了 3 次尝试，随后被摘除 60s（consecutive5xxErrors: 3，baseEjectionTime: 60s）',
    },
    ejectedRight,
    {
      en: `it got ${onHung.length} tries; ${hungEjections.length === 0 ? 'it was never ejected' : `ejected for ${hungEjections.map((e) => seconds(e.durationMs)).join(', ')}`}`,
      'zh-cn': `它挨了 ${onHung.length} 次尝试；${hungEjections.length === 0 ? '从未被摘除' : `被摘除 ${hungEjections.map((e) => seconds(e.durationMs)).join('、')}`}`,
    },
  );

  const ok = first.filter((r) => r.status === 200).length;
  const slowest = Math.max(
    ...first.map((r) => r.durationMs),
  );
  t.expect(
    {
      en: 'while one replica hangs, all 1000 requests succeed, each within 0.5s',
      'zh-cn':
        '一个副本卡死时，1000 个请求全部成功，每个都在 0.5s 内',
    },
    ok === FIRST && slowest <= TIMEOUT_MS + HAIR_MS,
    {
      en: `${ok} of ${FIRST} succeeded, the slowest in ${+slowest.toFixed(3)}ms`,
      'zh-cn': `${FIRST} 个请求中 ${ok} 个成功，最慢的用了 ${+slowest.toFixed(3)}ms`,
    },
  );

  const wanted = SECOND * (PRODUCTION.attempts + 1);
  const perRequest = (secondTries.length / SECOND).toFixed(
    2,
  );
  t.expect(
    {
      en: 'while every replica fails, each request is tried 4 times, as Envoy tries it with attempts: 3 and no budget',
      'zh-cn':
        '所有副本都失败时，每个请求被尝试 4 次，和 Envoy 在 attempts: 3、没有预算时一样',
    },
    secondTries.length === wanted,
    retry === undefined
      ? {
          en: `${secondTries.length} tries for ${SECOND} requests: nothing was retried (retries.attempts: 3 is 1 try + 3 retries)`,
          'zh-cn': `${SECOND} 个请求产生了 ${secondTries.length} 次尝试：没有任何重试（retries.attempts: 3 意味着 1 次尝试 + 3 次重试）`,
        }
      : secondTries.length < wanted && retry.budget
        ? {
            en: `${secondTries.length} tries for ${SECOND} requests (${perRequest} each): your retry budget refused retries that Envoy would send`,
            'zh-cn': `${SECOND} 个请求产生了 ${secondTries.length} 次尝试（每个 ${perRequest} 次）：你的重试预算拒绝了 Envoy 本会发出的重试`,
          }
        : {
            en: `${secondTries.length} tries for ${SECOND} requests (${perRequest} each); Istio’s attempts counts retries, not tries: 1 try + 3 retries`,
            'zh-cn': `${SECOND} 个请求产生了 ${secondTries.length} 次尝试（每个 ${perRequest} 次）；Istio 的 attempts 数的是重试次数，不是尝试次数：1 次尝试 + 3 次重试`,
          },
  );

  t.exitsCleanly(run);
});
