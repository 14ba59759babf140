/**
 * Exact percentile of raw samples by the nearest-rank method (the p-th percentile is the smallest
 * sample with at least p% of the samples at or below it). NaN for no samples.
 *
 * No Go standard counterpart (`sort.Float64s` then an index).
 *
 * @example
 * ```ts
 * import { percentile } from 'gomesh/metrics';
 *
 * console.log(percentile([5, 1, 9, 3, 7], 50)); // 5
 * ```
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}
