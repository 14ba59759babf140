/**
 * The export's objects: Kubernetes (Namespace, ServiceAccount, Deployment, Service), Istio
 * (DestinationRule, VirtualService, AuthorizationPolicy, PeerAuthentication, EnvoyFilter for the
 * local rate limit), Linkerd (Gateway API HTTPRoute with Linkerd's retry annotations, failure
 * accrual annotations on the Service), a plain Envoy front proxy (static bootstrap) and a
 * Prometheus scrape config, each from the plan (model.ts).
 *
 * Invariants: every field written is one the target documents (the tests validate each object
 * through the typed model libraries and the Envoy protos, and reject unknown fields); a gomesh
 * setting with no exact equivalent is never approximated silently: it becomes a `gap` the README
 * lists, and every setting that is exported becomes a `mapping` naming the field it became.
 */
import type { LayerSpec } from 'gomesh';
import {
  dnsLabel,
  goDuration,
  seconds,
  type ExportPlan,
  type PolicyPlan,
  type ServicePlan,
} from './model.ts';

/** A Kubernetes object as plain data (apiVersion, kind, metadata, spec...). */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [k: string]: unknown };
} & Record<string, unknown>;

/** One gomesh setting and where it went. */
export interface Mapping {
  readonly where: string;
  readonly setting: string;
  readonly istio: string;
  readonly linkerd: string;
  readonly envoy: string;
}

/** A gomesh setting some target cannot say exactly. */
export interface Gap {
  readonly where: string;
  readonly setting: string;
  readonly target: 'Istio' | 'Linkerd' | 'Envoy' | 'Kubernetes' | 'all';
  readonly why: string;
}

export interface ExportObjects {
  readonly kubernetes: K8sObject[];
  readonly istio: K8sObject[];
  readonly linkerd: K8sObject[];
  /** The front proxy's bootstrap (Envoy's v3 API, snake_case as Envoy's docs write it). */
  readonly envoy: Record<string, unknown>;
  /** Envoy messages embedded in Istio EnvoyFilters, with their `@type`, for the proto check. */
  readonly envoyEmbedded: Record<string, unknown>[];
  readonly prometheus: Record<string, unknown>;
  readonly mappings: Mapping[];
  readonly gaps: Gap[];
}

/** Methods gomesh retries (message.ts `IDEMPOTENT_METHODS`). */
export const IDEMPOTENT = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'];

const LB_ISTIO: Record<string, string> = {
  'round-robin': 'ROUND_ROBIN',
  random: 'RANDOM',
  'least-request': 'LEAST_REQUEST',
};
const LB_ENVOY: Record<string, string> = {
  'round-robin': 'ROUND_ROBIN',
  random: 'RANDOM',
  'least-request': 'LEAST_REQUEST',
};

const find = <K extends LayerSpec['layer']>(layers: readonly LayerSpec[], kind: K) =>
  layers.filter((l): l is Extract<LayerSpec, { layer: K }> => l.layer === kind);

function whereOf(p: PolicyPlan): string {
  const from = p.caller === null ? 'any caller' : p.caller;
  return p.via === 'server' ? `${p.destination} (its own server)` : `${from} → ${p.destination} (${p.via})`;
}

export function generate(plan: ExportPlan): ExportObjects {
  const ns = plan.namespace;
  const mappings: Mapping[] = [];
  const gaps: Gap[] = [];
  const known = new Set(plan.services.map((s) => s.name));
  const label = (name: string) => ({ app: dnsLabel(name) });
  const fqdn = (name: string) => `${dnsLabel(name)}.${ns}.svc.cluster.local`;
  const portOf = (name: string) => plan.services.find((s) => s.name === name)?.port ?? 8080;

  // ---- Kubernetes ----
  const kubernetes: K8sObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'app.kubernetes.io/part-of': ns } },
    },
  ];
  for (const s of plan.services) kubernetes.push(...workload(s, ns));

  // ---- policies by destination ----
  const byDest = new Map<string, PolicyPlan[]>();
  for (const p of plan.policies) {
    if (!known.has(p.destination)) {
      gaps.push({
        where: whereOf(p),
        setting: 'the whole policy',
        target: 'all',
        why: `"${p.destination}" is not a service of the lab (nothing serves it), so there is nothing to attach it to`,
      });
      continue;
    }
    byDest.set(p.destination, [...(byDest.get(p.destination) ?? []), p]);
  }

  const istio: K8sObject[] = [];
  const linkerd: K8sObject[] = [];
  const envoyEmbedded: Record<string, unknown>[] = [];
  let identity = false;

  for (const [dest, policies] of [...byDest.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const name = dnsLabel(dest);
    const port = portOf(dest);
    // Policies from a caller the mesh can tell apart first (Istio's sourceLabels), then the rest.
    const ordered = [...policies].sort((a, b) => Number(b.callerIsService) - Number(a.callerIsService));
    const httpRoutes: Record<string, unknown>[] = [];
    let trafficPolicy: Record<string, unknown> | undefined;
    const serviceAnnotations: Record<string, string> = {};

    // Server-side layers hold for every caller: they join each caller's route (a fault there is
    // the destination's own).
    const serverLayers = ordered.filter((p) => p.via === 'server').flatMap((p) => p.layers);
    const callers = ordered.filter((p) => p.via !== 'server');
    if (callers.length === 0) callers.push({ ...ordered[0]!, layers: [] });

    for (const p of callers) {
      const layers = [...p.layers, ...serverLayers];
      const where = whereOf(p);
      for (const l of find(layers, 'custom')) {
        void l;
        gaps.push({
          where,
          setting: 'a layer of the program’s own',
          target: 'all',
          why: 'gomesh did not build it, so nothing says what it does; it is not exported',
        });
      }
      const source = p.callerIsService && p.caller !== null ? [{ sourceLabels: label(p.caller) }] : undefined;
      if (p.caller !== null && !p.callerIsService && p.via !== 'server') {
        gaps.push({
          where,
          setting: `caller "${p.caller}"`,
          target: 'all',
          why: `"${p.caller}" serves nothing in the lab (the program calls through it), so the policy applies to every caller of ${dest}`,
        });
      }
      const route: Record<string, unknown> = {
        route: [{ destination: { host: name, port: { number: port } } }],
      };
      const timeouts = find(layers, 'timeout');
      if (timeouts.length > 0) {
        const ms = Math.min(...timeouts.map((t) => t.timeoutMs));
        route['timeout'] = seconds(ms);
        mappings.push({
          where,
          setting: `timeoutMs: ${ms}`,
          istio: `VirtualService http[].timeout: ${seconds(ms)}`,
          linkerd: `HTTPRoute rules[].timeouts.request: ${goDuration(ms)}`,
          envoy: `route.timeout: ${seconds(ms)}`,
        });
        const order = layers.findIndex((l) => l.layer === 'timeout');
        const fault = layers.findIndex((l) => l.layer === 'fault');
        if (fault > order) {
          gaps.push({
            where,
            setting: 'a fault inside the timeout',
            target: 'Istio',
            why: 'gomesh times the injected delay as part of the call; Envoy’s fault filter delays before the router starts the route timeout',
          });
        }
      }
      const faults = find(layers, 'fault');
      const fault: Record<string, unknown> = {};
      for (const f of faults) {
        if (f.phase === 'response') {
          gaps.push({
            where,
            setting: `fault phase: response (${JSON.stringify({ delay: f.delay, abort: f.abort })})`,
            target: 'all',
            why: 'Istio and Envoy inject faults before the request reaches the upstream; a lost or late answer after the work was done has no field (Chaos Mesh’s HTTPChaos can do it)',
          });
          continue;
        }
        if (f.delay !== undefined) {
          if (fault['delay'] !== undefined) {
            gaps.push({
              where,
              setting: 'a second fault delay',
              target: 'Istio',
              why: 'a route has one fault delay',
            });
          } else {
            fault['delay'] = { percentage: { value: f.delay.percent }, fixedDelay: seconds(f.delay.ms) };
            mappings.push({
              where,
              setting: `fault.delay: ${f.delay.percent}% × ${f.delay.ms}ms`,
              istio: `VirtualService http[].fault.delay.percentage.value: ${f.delay.percent}, fixedDelay: ${seconds(f.delay.ms)}`,
              linkerd: 'no equivalent',
              envoy: 'envoy.filters.http.fault delay (in the Istio EnvoyFilter form; not in the front proxy)',
            });
          }
        }
        if (f.abort !== undefined) {
          if (fault['abort'] !== undefined) {
            gaps.push({
              where,
              setting: 'a second fault abort',
              target: 'Istio',
              why: 'a route has one fault abort',
            });
          } else {
            fault['abort'] = { percentage: { value: f.abort.percent }, httpStatus: f.abort.status };
            mappings.push({
              where,
              setting: `fault.abort: ${f.abort.percent}% → ${f.abort.status}`,
              istio: `VirtualService http[].fault.abort.percentage.value: ${f.abort.percent}, httpStatus: ${f.abort.status}`,
              linkerd: 'no equivalent',
              envoy: 'envoy.filters.http.fault abort',
            });
          }
        }
      }
      if (faults.length > 0) {
        gaps.push({
          where,
          setting: 'fault injection',
          target: 'Linkerd',
          why: 'Linkerd has no fault injection field (its docs inject faults with a failing backend behind an HTTPRoute split)',
        });
      }
      if (Object.keys(fault).length > 0) route['fault'] = fault;

      const retries = find(layers, 'retry');
      const retry = retries[0];
      const linkerdAnnotations: Record<string, string> = {};
      if (retry !== undefined) {
        const r: Record<string, unknown> = { attempts: retry.maxRetries, retryOn: '5xx' };
        if (retry.perTryTimeoutMs !== undefined) r['perTryTimeout'] = seconds(retry.perTryTimeoutMs);
        r['retryIgnorePreviousHosts'] = retry.skipTriedHosts;
        r['backoff'] = seconds(retry.baseMs);
        mappings.push({
          where,
          setting: `retry.maxRetries: ${retry.maxRetries} (5xx, idempotent methods only)`,
          istio: `VirtualService http[].retries.attempts: ${retry.maxRetries}, retryOn: 5xx, on a route matching ${IDEMPOTENT.join('|')}; the other methods' route has attempts: 0`,
          linkerd: `HTTPRoute (methods ${IDEMPOTENT.join(', ')}) annotations retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "${retry.maxRetries}"`,
          envoy: `route.retry_policy.num_retries: ${retry.maxRetries}, retry_on: 5xx`,
        });
        if (retry.perTryTimeoutMs !== undefined)
          mappings.push({
            where,
            setting: `retry.perTryTimeoutMs: ${retry.perTryTimeoutMs}`,
            istio: `retries.perTryTimeout: ${seconds(retry.perTryTimeoutMs)}`,
            linkerd: `annotation retry.linkerd.io/timeout: ${goDuration(retry.perTryTimeoutMs)}`,
            envoy: `retry_policy.per_try_timeout: ${seconds(retry.perTryTimeoutMs)}`,
          });
        mappings.push({
          where,
          setting: `retry.skipTriedHosts: ${retry.skipTriedHosts}`,
          istio: `retries.retryIgnorePreviousHosts: ${retry.skipTriedHosts}`,
          linkerd: 'no field (the EWMA balancer picks again for each retry)',
          envoy: retry.skipTriedHosts
            ? 'retry_policy.retry_host_predicate: envoy.retry_host_predicates.previous_hosts'
            : 'no retry_host_predicate',
        });
        mappings.push({
          where,
          setting: `retry.baseMs: ${retry.baseMs}, capMs: ${retry.capMs} (full jitter)`,
          istio: `retries.backoff: ${seconds(retry.baseMs)} (the base interval; Istio has no cap field)`,
          linkerd: 'no field',
          envoy: `retry_policy.retry_back_off.base_interval: ${seconds(retry.baseMs)}, max_interval: ${seconds(retry.capMs)} (Envoy's back-off is fully jittered too)`,
        });
        if (retry.capMs !== retry.baseMs * 10)
          gaps.push({
            where,
            setting: `retry.capMs: ${retry.capMs}`,
            target: 'Istio',
            why: 'Istio sets only the base interval; Envoy then caps at 10 × base',
          });
        gaps.push({
          where,
          setting: 'retry backoff',
          target: 'Linkerd',
          why: 'Linkerd’s counted retries (retry.linkerd.io/*) have no backoff setting',
        });
        if (retry.budget !== null) {
          gaps.push({
            where,
            setting: `retry budget (retryRatio ${retry.budget.retryRatio}, minRetriesPerSecond ${retry.budget.minRetriesPerSecond}, ttl ${goDuration(retry.budget.ttlMs)})`,
            target: 'all',
            why:
              'Linkerd’s ServiceProfile spec.retryBudget is the same budget (retryRatio, minRetriesPerSecond, ttl; same defaults), but a ServiceProfile makes Linkerd ignore the HTTPRoute retry and timeout annotations this export uses, so none is written; ' +
              'Envoy’s retry_budget (cluster circuit_breakers) counts retries in flight, not retries over time; Istio has no budget field',
          });
        }
        // Istio: one route for the methods gomesh retries, one (attempts 0) for the rest.
        const methods = { method: { regex: `^(${IDEMPOTENT.join('|')})$` } };
        httpRoutes.push({
          ...(source ? { match: source.map((s) => ({ ...s, ...methods })) } : { match: [methods] }),
          ...route,
          retries: r,
        });
        httpRoutes.push({
          ...(source ? { match: source } : {}),
          ...route,
          retries: { attempts: 0 },
        });
        linkerdAnnotations['retry.linkerd.io/http'] = '5xx';
        linkerdAnnotations['retry.linkerd.io/limit'] = String(retry.maxRetries);
        if (retry.perTryTimeoutMs !== undefined)
          linkerdAnnotations['retry.linkerd.io/timeout'] = goDuration(retry.perTryTimeoutMs);
      } else {
        // Istio retries twice by default; gomesh without a retry layer does not retry.
        httpRoutes.push({ ...(source ? { match: source } : {}), ...route, retries: { attempts: 0 } });
        mappings.push({
          where,
          setting: 'no retry layer',
          istio: 'VirtualService http[].retries.attempts: 0 (Istio’s default is 2 attempts)',
          linkerd: 'no retry annotation (Linkerd does not retry by default)',
          envoy: 'no retry_policy',
        });
      }

      // Linkerd: an HTTPRoute per caller policy (its annotations hold for the whole route).
      const parentRefs = [{ group: 'core', kind: 'Service', name, port }];
      const backendRefs = [{ name, port }];
      const timeout =
        route['timeout'] === undefined
          ? undefined
          : goDuration(Math.min(...timeouts.map((t) => t.timeoutMs)));
      const suffix = p.callerIsService && p.caller !== null ? `-from-${dnsLabel(p.caller)}` : '';
      if (p.callerIsService) {
        gaps.push({
          where,
          setting: `only calls from ${p.caller}`,
          target: 'Linkerd',
          why: 'an HTTPRoute whose parent is a Service holds for every caller; Linkerd cannot scope it to one client',
        });
      }
      if (retry !== undefined) {
        linkerd.push(
          httpRoute(`${name}${suffix}-idempotent`, ns, linkerdAnnotations, parentRefs, {
            matches: IDEMPOTENT.map((method) => ({ method })),
            backendRefs,
            ...(timeout ? { timeouts: { request: timeout } } : {}),
          }),
          httpRoute(`${name}${suffix}`, ns, {}, parentRefs, {
            backendRefs,
            ...(timeout ? { timeouts: { request: timeout } } : {}),
          }),
        );
      } else if (timeout !== undefined) {
        linkerd.push(
          httpRoute(`${name}${suffix}`, ns, {}, parentRefs, { backendRefs, timeouts: { request: timeout } }),
        );
      }

      // DestinationRule: balancer, outlier detection.
      const outlier = find(layers, 'outlier')[0];
      if (outlier !== undefined || p.balancer !== 'round-robin') {
        if (trafficPolicy !== undefined) {
          gaps.push({
            where,
            setting: `a second balancer / outlier policy for the same destination (balancer: ${p.balancer}${outlier ? ', outlier' : ''})`,
            target: 'all',
            why: 'a DestinationRule (and a Linkerd Service) holds one policy for every caller; the first is exported',
          });
        } else {
          trafficPolicy = {};
          if (LB_ISTIO[p.balancer] !== undefined) {
            trafficPolicy['loadBalancer'] = { simple: LB_ISTIO[p.balancer] };
            mappings.push({
              where,
              setting: `balancer: ${p.balancer}`,
              istio: `DestinationRule trafficPolicy.loadBalancer.simple: ${LB_ISTIO[p.balancer]}`,
              linkerd: 'no field: Linkerd always balances with peak EWMA over two choices',
              envoy: `cluster.lb_policy: ${LB_ENVOY[p.balancer]}`,
            });
          } else {
            mappings.push({
              where,
              setting: `balancer: ${p.balancer}`,
              istio: 'no equivalent',
              linkerd:
                p.balancer === 'peak-ewma'
                  ? 'Linkerd’s default balancer (peak EWMA, two choices)'
                  : 'no field',
              envoy: 'no equivalent',
            });
            gaps.push({
              where,
              setting: `balancer: ${p.balancer}`,
              target: 'Istio',
              why:
                p.balancer === 'peak-ewma'
                  ? 'Envoy and Istio have no peak-EWMA balancer'
                  : 'a balancer of the program’s own',
            });
          }
          if (outlier !== undefined) {
            trafficPolicy['outlierDetection'] = {
              consecutive5xxErrors: outlier.consecutive5xx,
              baseEjectionTime: seconds(outlier.baseEjectionMs),
              maxEjectionPercent: outlier.maxEjectionPercent,
              interval: '1s',
            };
            mappings.push({
              where,
              setting: `outlier: consecutive5xx ${outlier.consecutive5xx}, baseEjectionMs ${outlier.baseEjectionMs}, maxEjectionPercent ${outlier.maxEjectionPercent}`,
              istio: `DestinationRule trafficPolicy.outlierDetection.consecutive5xxErrors: ${outlier.consecutive5xx}, baseEjectionTime: ${seconds(outlier.baseEjectionMs)}, maxEjectionPercent: ${outlier.maxEjectionPercent}`,
              linkerd: `Service annotations balancer.linkerd.io/failure-accrual: consecutive, -consecutive-max-failures: "${outlier.consecutive5xx}", -consecutive-min-penalty: ${goDuration(outlier.baseEjectionMs)}, -consecutive-max-penalty: ${goDuration(outlier.maxEjectionMs)}`,
              envoy: `cluster.outlier_detection.consecutive_5xx: ${outlier.consecutive5xx}, base_ejection_time, max_ejection_percent, max_ejection_time: ${seconds(outlier.maxEjectionMs)}`,
            });
            gaps.push({
              where,
              setting: 'outlier: when an ejected instance returns',
              target: 'Istio',
              why: 'gomesh returns it exactly base × n later; Envoy un-ejects at its next sweep (interval, set here to 1s), and Istio has no field for maxEjectionMs (Envoy’s max_ejection_time, in the front proxy)',
            });
            gaps.push({
              where,
              setting: `outlier: maxEjectionPercent ${outlier.maxEjectionPercent}, growth base × n`,
              target: 'Linkerd',
              why: 'Linkerd’s failure accrual has no cap on the share of endpoints out, and its penalty grows exponentially with jitter between min and max (with a probe), not linearly',
            });
            serviceAnnotations['balancer.linkerd.io/failure-accrual'] = 'consecutive';
            serviceAnnotations['balancer.linkerd.io/failure-accrual-consecutive-max-failures'] = String(
              outlier.consecutive5xx,
            );
            serviceAnnotations['balancer.linkerd.io/failure-accrual-consecutive-min-penalty'] = goDuration(
              outlier.baseEjectionMs,
            );
            serviceAnnotations['balancer.linkerd.io/failure-accrual-consecutive-max-penalty'] = goDuration(
              outlier.maxEjectionMs,
            );
          }
        }
      }

      for (const cb of find(layers, 'circuit-breaker')) {
        gaps.push({
          where,
          setting: `circuitBreaker (failureThreshold ${cb.failureThreshold}, cooldownMs ${cb.cooldownMs}, halfOpenMaxCalls ${cb.halfOpenMaxCalls})`,
          target: 'all',
          why: 'a breaker for the whole dependency (Hystrix’s) has no field in Envoy, Istio or Linkerd: their “circuit breaking” is per-endpoint ejection (outlier detection, failure accrual) or concurrency limits (connectionPool); closest: outlier detection with maxEjectionPercent 100',
        });
      }

      for (const rl of find(layers, 'rate-limit')) {
        const interval = Math.max(50, Math.round(1000 / rl.ratePerSec));
        const perFill = Math.max(1, Math.round((rl.ratePerSec * interval) / 1000));
        const config = {
          '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
          stat_prefix: 'http_local_rate_limiter',
          token_bucket: { max_tokens: rl.burst, tokens_per_fill: perFill, fill_interval: seconds(interval) },
          filter_enabled: {
            runtime_key: 'local_rate_limit_enabled',
            default_value: { numerator: 100, denominator: 'HUNDRED' },
          },
          filter_enforced: {
            runtime_key: 'local_rate_limit_enforced',
            default_value: { numerator: 100, denominator: 'HUNDRED' },
          },
        };
        envoyEmbedded.push(config);
        const { '@type': type, ...value } = config;
        istio.push({
          apiVersion: 'networking.istio.io/v1alpha3',
          kind: 'EnvoyFilter',
          metadata: { name: `${name}-local-rate-limit`, namespace: ns },
          spec: {
            workloadSelector: { labels: label(dest) },
            configPatches: [
              {
                applyTo: 'HTTP_FILTER',
                match: {
                  context: 'SIDECAR_INBOUND',
                  listener: {
                    filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager' } },
                  },
                },
                patch: {
                  operation: 'INSERT_BEFORE',
                  value: {
                    name: 'envoy.filters.http.local_ratelimit',
                    typed_config: {
                      '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
                      type_url: type,
                      value,
                    },
                  },
                },
              },
            ],
          },
        });
        mappings.push({
          where,
          setting: `rateLimit: ${rl.ratePerSec}/s, burst ${rl.burst}`,
          istio: `EnvoyFilter (envoy.filters.http.local_ratelimit) token_bucket.max_tokens: ${rl.burst}, tokens_per_fill: ${perFill}, fill_interval: ${seconds(interval)}`,
          linkerd: 'not exported (see gaps)',
          envoy: 'the same local_ratelimit filter, on the route (typed_per_filter_config)',
        });
        gaps.push({
          where,
          setting: 'rate limit refill and Retry-After',
          target: 'all',
          why: 'gomesh refills continuously and answers 429 with Retry-After; Envoy adds tokens_per_fill every fill_interval (at least 50ms) and sends no Retry-After unless told to',
        });
        gaps.push({
          where,
          setting: 'rate limit',
          target: 'Linkerd',
          why: 'Linkerd 2.17+ has HTTPLocalRateLimitPolicy (requestsPerSecond, no burst); no typed model of it is at hand to validate, so it is not written',
        });
      }

      for (const az of find(layers, 'authz')) {
        identity = true;
        const principal = (from: string) =>
          from === '*' ? '*' : `cluster.local/ns/${ns}/sa/${dnsLabel(from)}`;
        const rule = (r: {
          from?: readonly string[];
          methods?: readonly string[];
          paths?: readonly string[];
        }) => ({
          ...(r.from ? { from: [{ source: { principals: r.from.map(principal) } }] } : {}),
          ...(r.methods || r.paths
            ? {
                to: [
                  {
                    operation: {
                      ...(r.methods ? { methods: [...r.methods] } : {}),
                      ...(r.paths ? { paths: [...r.paths] } : {}),
                    },
                  },
                ],
              }
            : {}),
        });
        if (az.deny.length > 0)
          istio.push({
            apiVersion: 'security.istio.io/v1',
            kind: 'AuthorizationPolicy',
            metadata: { name: `${name}-deny`, namespace: ns },
            spec: { selector: { matchLabels: label(dest) }, action: 'DENY', rules: az.deny.map(rule) },
          });
        if (az.allow !== null)
          istio.push({
            apiVersion: 'security.istio.io/v1',
            kind: 'AuthorizationPolicy',
            metadata: { name: `${name}-allow`, namespace: ns },
            spec: { selector: { matchLabels: label(dest) }, action: 'ALLOW', rules: az.allow.map(rule) },
          });
        mappings.push({
          where,
          setting: 'policy (deny / allow rules: from, methods, paths)',
          istio:
            'AuthorizationPolicy action DENY / ALLOW, rules[].from[].source.principals (the caller’s ServiceAccount), to[].operation.methods / paths (same path syntax: exact, prefix*, *suffix, *)',
          linkerd: 'not exported (see gaps)',
          envoy: 'not in the front proxy',
        });
        gaps.push({
          where,
          setting: 'policy',
          target: 'Linkerd',
          why: 'Linkerd’s AuthorizationPolicy + MeshTLSAuthentication + HTTPRoute say the same, but no typed model of them is at hand to validate, so they are not written',
        });
      }
      if (find(layers, 'identity').length > 0) identity = true;
      if (find(layers, 'tracing').length > 0) {
        mappings.push({
          where,
          setting: 'tracing (traceparent)',
          istio: 'Envoy propagates W3C traceparent; spans need Istio’s Telemetry and a tracer',
          linkerd: 'Linkerd’s proxy joins W3C traces with linkerd-jaeger',
          envoy: 'http_connection_manager.tracing (not written)',
        });
      }
    }

    istio.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name, namespace: ns },
      spec: { hosts: [name], http: httpRoutes },
    });
    if (trafficPolicy !== undefined && Object.keys(trafficPolicy).length > 0) {
      istio.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: ns },
        spec: { host: name, trafficPolicy },
      });
    }
    if (Object.keys(serviceAnnotations).length > 0) {
      // The Linkerd form of the destination's Service: the same Service, with failure accrual.
      const svc = kubernetes.find((o) => o.kind === 'Service' && o.metadata.name === name);
      if (svc !== undefined) {
        linkerd.push({
          ...svc,
          metadata: { ...svc.metadata, annotations: serviceAnnotations },
        });
      }
    }
  }

  if (identity) {
    istio.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: ns },
      spec: { mtls: { mode: 'STRICT' } },
    });
    mappings.push({
      where: 'the mesh',
      setting: 'createMesh + signIdentity (HMAC-signed x-mesh-identity)',
      istio:
        'PeerAuthentication mtls.mode: STRICT; identity is the ServiceAccount in the workload’s certificate',
      linkerd: 'automatic mTLS (on by default); identity is the ServiceAccount',
      envoy: 'not in the front proxy',
    });
  }

  for (const s of plan.services) {
    if (s.health === null)
      gaps.push({
        where: s.name,
        setting: 'health endpoint',
        target: 'Kubernetes',
        why: 'the service has no GET /readyz, /healthz, /livez, /health or /ready route, so its probes open a TCP connection to the port',
      });
    if (s.portChosen)
      gaps.push({
        where: s.name,
        setting: 'port :0',
        target: 'Kubernetes',
        why: 'the lab listens on any free port; the container uses 8080',
      });
    if (s.registry)
      mappings.push({
        where: s.name,
        setting: 'registry (register, heartbeat, deregister)',
        istio:
          'Kubernetes Service + EndpointSlices: the kubelet’s readiness probe plays the heartbeat, and a terminating pod leaves the endpoints',
        linkerd: 'the same (Linkerd’s destination service reads EndpointSlices)',
        envoy: 'STRICT_DNS cluster on the Service name',
      });
  }

  const envoy = frontProxy(plan, byDest, fqdn, portOf, mappings);
  const prometheus = scrapeConfig(plan);
  return { kubernetes, istio, linkerd, envoy, envoyEmbedded, prometheus, mappings, gaps };
}

function httpRoute(
  name: string,
  namespace: string,
  annotations: Record<string, string>,
  parentRefs: Record<string, unknown>[],
  rule: Record<string, unknown>,
): K8sObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: { parentRefs, rules: [rule] },
  };
}

/** ServiceAccount, Deployment and Service of one service. */
function workload(s: ServicePlan, ns: string): K8sObject[] {
  const name = dnsLabel(s.name);
  const labels = { app: name };
  const probe = (period: number) =>
    s.health !== null
      ? { httpGet: { path: s.health, port: 'http' }, periodSeconds: period }
      : { tcpSocket: { port: 'http' }, periodSeconds: period };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns, labels } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels },
      spec: {
        replicas: s.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels,
            ...(s.metrics
              ? {
                  annotations: {
                    'prometheus.io/scrape': 'true',
                    'prometheus.io/port': String(s.port),
                    'prometheus.io/path': '/metrics',
                  },
                }
              : {}),
          },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name,
                image: `gcl/${name}:dev`,
                ports: [{ name: 'http', containerPort: s.port, protocol: 'TCP' }],
                env: [{ name: 'PORT', value: String(s.port) }],
                readinessProbe: probe(5),
                livenessProbe: { ...probe(10), failureThreshold: 3 },
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, labels },
      spec: {
        selector: labels,
        ports: [{ name: 'http', port: s.port, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
      },
    },
  ];
}

/**
 * The front proxy: a plain Envoy (no control plane) in front of the lab's services, one virtual
 * host per service (its name as the Host), with the policy of callers outside the lab's services
 * (the program, the page: what a front proxy stands for) on its route and cluster.
 */
function frontProxy(
  plan: ExportPlan,
  byDest: Map<string, PolicyPlan[]>,
  fqdn: (name: string) => string,
  portOf: (name: string) => number,
  mappings: Mapping[],
): Record<string, unknown> {
  const virtualHosts: Record<string, unknown>[] = [];
  const clusters: Record<string, unknown>[] = [];
  let needsRateLimit = false;
  for (const s of plan.services) {
    const name = dnsLabel(s.name);
    const edge = (byDest.get(s.name) ?? []).filter((p) => !p.callerIsService);
    const layers = edge.flatMap((p) => p.layers);
    const route: Record<string, unknown> = { cluster: name };
    const timeout = find(layers, 'timeout')[0];
    if (timeout !== undefined) route['timeout'] = seconds(timeout.timeoutMs);
    const retry = find(layers, 'retry')[0];
    const routes: Record<string, unknown>[] = [];
    const perFilter: Record<string, unknown> = {};
    const rl = find(layers, 'rate-limit')[0];
    if (rl !== undefined) {
      needsRateLimit = true;
      const interval = Math.max(50, Math.round(1000 / rl.ratePerSec));
      perFilter['envoy.filters.http.local_ratelimit'] = {
        '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
        stat_prefix: `${name}_rate_limit`,
        token_bucket: {
          max_tokens: rl.burst,
          tokens_per_fill: Math.max(1, Math.round((rl.ratePerSec * interval) / 1000)),
          fill_interval: seconds(interval),
        },
        filter_enabled: {
          runtime_key: `${name}_rl_enabled`,
          default_value: { numerator: 100, denominator: 'HUNDRED' },
        },
        filter_enforced: {
          runtime_key: `${name}_rl_enforced`,
          default_value: { numerator: 100, denominator: 'HUNDRED' },
        },
      };
    }
    const extra = Object.keys(perFilter).length > 0 ? { typed_per_filter_config: perFilter } : {};
    if (retry !== undefined) {
      routes.push({
        name: `${name}-idempotent`,
        match: {
          prefix: '/',
          headers: [
            {
              name: ':method',
              string_match: { safe_regex: { regex: `^(${IDEMPOTENT.join('|')})$` } },
            },
          ],
        },
        route: {
          ...route,
          retry_policy: {
            retry_on: '5xx',
            num_retries: retry.maxRetries,
            ...(retry.perTryTimeoutMs !== undefined
              ? { per_try_timeout: seconds(retry.perTryTimeoutMs) }
              : {}),
            ...(retry.skipTriedHosts
              ? {
                  retry_host_predicate: [
                    {
                      name: 'envoy.retry_host_predicates.previous_hosts',
                      typed_config: {
                        '@type':
                          'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
                      },
                    },
                  ],
                  host_selection_retry_max_attempts: '5',
                }
              : {}),
            retry_back_off: { base_interval: seconds(retry.baseMs), max_interval: seconds(retry.capMs) },
          },
        },
        ...extra,
      });
    }
    routes.push({ name, match: { prefix: '/' }, route, ...extra });
    virtualHosts.push({ name, domains: [name, `${name}:${s.port}`, fqdn(s.name)], routes });

    const cluster: Record<string, unknown> = {
      name,
      type: 'STRICT_DNS',
      connect_timeout: '1s',
      lb_policy: 'ROUND_ROBIN',
      load_assignment: {
        cluster_name: name,
        endpoints: [
          {
            lb_endpoints: [
              {
                endpoint: {
                  address: { socket_address: { address: fqdn(s.name), port_value: portOf(s.name) } },
                },
              },
            ],
          },
        ],
      },
    };
    const balancer = edge.find((p) => p.balancer !== 'round-robin')?.balancer;
    if (balancer !== undefined && LB_ENVOY[balancer] !== undefined) cluster['lb_policy'] = LB_ENVOY[balancer];
    const outlier = find(layers, 'outlier')[0];
    if (outlier !== undefined) {
      cluster['outlier_detection'] = {
        consecutive_5xx: outlier.consecutive5xx,
        base_ejection_time: seconds(outlier.baseEjectionMs),
        max_ejection_percent: outlier.maxEjectionPercent,
        max_ejection_time: seconds(outlier.maxEjectionMs),
        interval: '1s',
      };
    }
    clusters.push(cluster);
  }
  if (virtualHosts.length > 0)
    mappings.push({
      where: 'front proxy',
      setting: 'the services the program calls from outside',
      istio: '(in-mesh: the Kubernetes Services)',
      linkerd: '(in-mesh: the Kubernetes Services)',
      envoy:
        'envoy/front-proxy.json: listener :8080 → http_connection_manager → one virtual host per service (Host: its name) → STRICT_DNS cluster on the Service',
    });
  const httpFilters: Record<string, unknown>[] = [];
  if (needsRateLimit)
    httpFilters.push({
      name: 'envoy.filters.http.local_ratelimit',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
        stat_prefix: 'front_proxy_rate_limit',
      },
    });
  httpFilters.push({
    name: 'envoy.filters.http.router',
    typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' },
  });
  return {
    admin: { address: { socket_address: { address: '127.0.0.1', port_value: 9901 } } },
    static_resources: {
      listeners: [
        {
          name: 'front',
          address: { socket_address: { address: '0.0.0.0', port_value: 8080 } },
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: {
                    '@type':
                      'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                    stat_prefix: 'front',
                    route_config: { name: 'front', virtual_hosts: virtualHosts },
                    http_filters: httpFilters,
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters,
    },
  };
}

/** Prometheus: the services' own /metrics (annotated pods), Istio's and Linkerd's proxies. */
function scrapeConfig(plan: ExportPlan): Record<string, unknown> {
  const pods = { kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [plan.namespace] } }] };
  return {
    global: { scrape_interval: '15s' },
    scrape_configs: [
      {
        job_name: 'gomesh-services',
        ...pods,
        relabel_configs: [
          {
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
            action: 'keep',
            regex: 'true',
          },
          {
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
            action: 'replace',
            target_label: '__metrics_path__',
            regex: '(.+)',
          },
          {
            source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
            action: 'replace',
            regex: '([^:]+)(?::\\d+)?;(\\d+)',
            replacement: '$1:$2',
            target_label: '__address__',
          },
          { source_labels: ['__meta_kubernetes_pod_label_app'], target_label: 'app' },
        ],
      },
      {
        job_name: 'istio-proxies',
        metrics_path: '/stats/prometheus',
        ...pods,
        relabel_configs: [
          {
            source_labels: ['__meta_kubernetes_pod_container_port_name'],
            action: 'keep',
            regex: '.*-envoy-prom',
          },
          { source_labels: ['__meta_kubernetes_pod_label_app'], target_label: 'app' },
        ],
      },
      {
        job_name: 'linkerd-proxies',
        metrics_path: '/metrics',
        ...pods,
        relabel_configs: [
          {
            source_labels: [
              '__meta_kubernetes_pod_container_name',
              '__meta_kubernetes_pod_container_port_name',
            ],
            action: 'keep',
            regex: '^linkerd-proxy;linkerd-admin$',
          },
          { source_labels: ['__meta_kubernetes_pod_label_app'], target_label: 'app' },
        ],
      },
    ],
  };
}
