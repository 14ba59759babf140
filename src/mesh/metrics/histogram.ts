/**
 * A cumulative latency histogram with Linkerd's buckets (milliseconds), and quantiles estimated
 * the way Prometheus' `histogram_quantile` does (linear interpolation inside the bucket).
 * Invariants: bucket counts are per bucket (not cumulative) internally; `count` equals their sum
 * plus the overflow bucket.
 */

/**
 * Linkerd's `response_latency_ms` bucket bounds.
 *
 * Go: the `Buckets` of a `prometheus.HistogramOpts`.
 */
export const LINKERD_BUCKETS_MS: readonly number[] = [
  1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, 5000, 10000, 20000,
  30000, 40000, 50000,
];

/**
 * A latency histogram with Linkerd's buckets, quantiles estimated as Prometheus'
 * `histogram_quantile` does. Go: `prometheus.NewHistogram` (client_golang) with these buckets.
 *
 * @example
 * ```ts
 * import { Histogram } from 'gomesh/metrics';
 *
 * const h = new Histogram();
 * for (const ms of [3, 4, 12, 250]) h.observe(ms);
 * console.log(h.quantile(0.5));
 * ```
 */
export class Histogram {
  readonly bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(bounds: readonly number[] = LINKERD_BUCKETS_MS) {
    this.bounds = bounds;
    this.#counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /** Records one value (ms); Go: `h.Observe(v)`. */
  observe(value: number): void {
    const b = this.bounds;
    let i = 0;
    // Linear scan: 25 buckets and most latencies land in the first few, so this beats bisection.
    while (i < b.length && value > (b[i] as number)) i++;
    this.#counts[i] = (this.#counts[i] as number) + 1;
    this.#sum += value;
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }
  get sum(): number {
    return this.#sum;
  }

  /** Cumulative counts per bound, then +Inf, as Prometheus exposes them. */
  cumulative(): number[] {
    let acc = 0;
    return this.#counts.map((c) => (acc += c));
  }

  /** Estimated q-quantile (0..1); NaN without observations. */
  quantile(q: number): number {
    if (this.#count === 0) return NaN;
    const rank = q * this.#count;
    let acc = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      const c = this.#counts[i] as number;
      if (acc + c >= rank && c > 0) {
        const lower = i === 0 ? 0 : (this.bounds[i - 1] as number);
        if (i === this.bounds.length) return lower; // overflow bucket: best we can say
        const upper = this.bounds[i] as number;
        return lower + ((upper - lower) * (rank - acc)) / c;
      }
      acc += c;
    }
    return this.bounds[this.bounds.length - 1] as number;
  }
}
