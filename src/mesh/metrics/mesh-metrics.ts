/**
 * What a sidecar records, and how it is read: Prometheus text format for scrapers and a summary
 * of plain numbers for lessons.
 *
 * The seed's formulas are computable from these records: throughput = requests / elapsed time;
 * latency = send + process + receive (the histogram holds the whole; a service's own processing
 * time is in its `server-timing` header); availability by requests = successes / requests (the
 * registry provides availability by time, uptime / total). Names follow Linkerd's proxy metrics
 * (`request_total`, `response_total` with a status class, `response_latency_ms`) with a `mesh_`
 * prefix. Invariants: counters only grow; `layer` records every request it sees exactly once,
 * including those failed by a mesh error thrown below it.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { MeshError } from '../errors.ts';
import type { Layer } from '../compose.ts';
import type { MeshEvents } from '../sidecar/events.ts';
import { Histogram } from './histogram.ts';

/**
 * A sidecar's numbers for a lesson: requests, success rate, throughput, latency percentiles and
 * what the resilience layers did.
 *
 * No Go counterpart (what a lesson reads off a Prometheus query).
 */
export interface MetricsSummary {
  service: string;
  requests: number;
  successes: number;
  /** successes / requests (1 when there were no requests). */
  successRate: number;
  /** requests / seconds since the first request. */
  throughputPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanLatencyMs: number;
  retries: number;
  ejections: number;
  rateLimited: number;
  denied: number;
}

const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/**
 * What a sidecar records: requests by status class, a latency histogram, what each resilience layer
 * did; read as Prometheus text (`render`, served at `/metrics`) or as plain numbers (`summary`). Go:
 * client_golang's counters and histogram behind `promhttp.Handler()` (Linkerd's proxy metrics).
 *
 * @example
 * ```ts
 * import { MeshMetrics } from 'gomesh/metrics';
 *
 * const metrics = new MeshMetrics({ service: 'users' });
 * metrics.record(200, 12);
 * metrics.record(503, 40);
 * console.log(metrics.summary().successRate); // 0.5
 * ```
 */
export class MeshMetrics implements MeshEvents {
  readonly service: string;
  readonly latency = new Histogram();
  readonly #clock: Clock;
  readonly #byClass = [0, 0, 0, 0, 0];
  #firstAt: number | undefined;
  #lastAt = 0;
  retries = 0;
  retryBudgetExhausted = 0;
  ejections = 0;
  circuitOpens = 0;
  rateLimited = 0;
  denied = 0;
  faultsInjected = 0;

  constructor(options: { service: string; clock?: Clock }) {
    this.service = options.service;
    this.#clock = options.clock ?? runtimeClock();
  }

  /** Counts a retry (`MeshEvents.onRetry`). */
  onRetry(): void {
    this.retries++;
  }
  /** Counts a retry refused by the budget. */
  onRetryBudgetExhausted(): void {
    this.retryBudgetExhausted++;
  }
  /** Counts an ejection. */
  onEject(): void {
    this.ejections++;
  }
  /** Counts a circuit opening. */
  onCircuitOpen(): void {
    this.circuitOpens++;
  }
  /** Counts a request refused by the rate limit. */
  onRateLimited(): void {
    this.rateLimited++;
  }
  /** Counts a request denied by policy. */
  onDenied(): void {
    this.denied++;
  }
  /** Counts an injected fault. */
  onFaultInjected(): void {
    this.faultsInjected++;
  }

  /**
   * Records one finished request: its status and latency (what `layer` calls for every request).
   */
  record(status: number, latencyMs: number): void {
    this.#record(status, latencyMs, this.#clock.now());
  }

  #record(status: number, latencyMs: number, now: number): void {
    const cls = Math.min(4, Math.max(0, Math.floor(status / 100) - 1));
    this.#byClass[cls] = (this.#byClass[cls] as number) + 1;
    this.latency.observe(latencyMs);
    this.#firstAt ??= now - latencyMs;
    this.#lastAt = now;
  }

  /** Requests answered with the given status class, e.g. `'5xx'`. */
  count(statusClass: (typeof CLASSES)[number]): number {
    return this.#byClass[CLASSES.indexOf(statusClass)] ?? 0;
  }

  // One clock read at each end of a request: the end time is both the latency's and `#lastAt`.
  readonly layer: Layer = (next) => async (req) => {
    const start = this.#clock.now();
    try {
      const res = await next(req);
      const end = this.#clock.now();
      this.#record(res.status, end - start, end);
      return res;
    } catch (e) {
      const end = this.#clock.now();
      this.#record(e instanceof MeshError ? e.status : 500, end - start, end);
      throw e;
    }
  };

  /** The numbers so far as plain values (see `MetricsSummary`). */
  summary(): MetricsSummary {
    const requests = this.latency.count;
    const successes = requests - this.count('5xx');
    const seconds = this.#firstAt === undefined ? 0 : (this.#lastAt - this.#firstAt) / 1000;
    return {
      service: this.service,
      requests,
      successes,
      successRate: requests === 0 ? 1 : successes / requests,
      throughputPerSec: seconds > 0 ? requests / seconds : 0,
      p50Ms: this.latency.quantile(0.5),
      p95Ms: this.latency.quantile(0.95),
      p99Ms: this.latency.quantile(0.99),
      meanLatencyMs: requests === 0 ? NaN : this.latency.sum / requests,
      retries: this.retries,
      ejections: this.ejections,
      rateLimited: this.rateLimited,
      denied: this.denied,
    };
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const svc = `service="${this.service.replace(/["\\\n]/g, '_')}"`;
    const lines: string[] = [];
    const counter = (name: string, help: string, value: number) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name}{${svc}} ${value}`);
    lines.push('# HELP mesh_response_total Responses by status class.', '# TYPE mesh_response_total counter');
    CLASSES.forEach((c, i) =>
      lines.push(`mesh_response_total{${svc},status_class="${c}"} ${this.#byClass[i] ?? 0}`),
    );
    lines.push(
      '# HELP mesh_response_latency_ms Response latency in milliseconds.',
      '# TYPE mesh_response_latency_ms histogram',
    );
    const cum = this.latency.cumulative();
    this.latency.bounds.forEach((b, i) =>
      lines.push(`mesh_response_latency_ms_bucket{${svc},le="${b}"} ${cum[i] ?? 0}`),
    );
    lines.push(`mesh_response_latency_ms_bucket{${svc},le="+Inf"} ${this.latency.count}`);
    lines.push(
      `mesh_response_latency_ms_sum{${svc}} ${this.latency.sum}`,
      `mesh_response_latency_ms_count{${svc}} ${this.latency.count}`,
    );
    counter('mesh_retries_total', 'Retries sent.', this.retries);
    counter(
      'mesh_retry_budget_exhausted_total',
      'Retries skipped because the retry budget was spent.',
      this.retryBudgetExhausted,
    );
    counter('mesh_ejections_total', 'Instances ejected by outlier detection.', this.ejections);
    counter('mesh_circuit_open_total', 'Times the circuit breaker opened.', this.circuitOpens);
    counter('mesh_rate_limited_total', 'Requests answered 429 by the rate limit.', this.rateLimited);
    counter('mesh_denied_total', 'Requests refused by authentication or authorization policy.', this.denied);
    counter('mesh_faults_injected_total', 'Faults injected (delays and aborts).', this.faultsInjected);
    return lines.join('\n') + '\n';
  }
}
