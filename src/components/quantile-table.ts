/**
 * Reads what the quantiles program prints (src/snippets/observability/quantiles/main.out): the
 * exact p50, p90 and p99 of its latencies; for each bucket layout, what histogram_quantile
 * estimates from it and its cumulative `le` buckets (`+Inf` last); then the latencies in 10ms bins
 * from 0 to 500ms. `<QuantileChart>` draws it, so the chart is the recorded numbers.
 *
 * Invariant: the function returns every layout the program printed, in order, or throws naming the
 * line it could not read (so the site build fails instead of drawing a wrong chart).
 */
import { parseDuration } from '../runtime/time/duration.ts';

export interface Percentiles {
  /** In milliseconds. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface BucketLayout {
  /** As printed: `default buckets`. */
  readonly name: string;
  readonly estimate: Percentiles;
  /** Cumulative counts by upper bound in seconds, increasing, `+Inf` (Infinity) last. */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
}

export interface QuantileRun {
  readonly exact: Percentiles;
  readonly layouts: readonly BucketLayout[];
  /** How many latencies fell in each 10ms bin from 0 to 500ms. */
  readonly bins: readonly number[];
}

const ROW = /^(\S.*?)\s+p50 (\S+)\s+p90 (\S+)\s+p99 (\S+)$/;
const BUCKET = /^ {2}le="([^"]+)" (\d+)$/;

function fail(line: string, what: string): never {
  throw new Error(`Expected ${what} in the quantiles output, got ${JSON.stringify(line)}`);
}

export function parseQuantileRun(out: string): QuantileRun {
  let exact: Percentiles | undefined;
  const layouts: { name: string; estimate: Percentiles; buckets: { le: number; count: number }[] }[] = [];
  const bins: number[] = [];
  let inBins = false;
  for (const line of out.trimEnd().split('\n')) {
    if (line === '') continue;
    if (inBins) {
      bins.push(...line.trim().split(/\s+/).map(Number));
      continue;
    }
    if (line.startsWith('exact, by 10ms')) {
      inBins = true;
      continue;
    }
    const row = ROW.exec(line);
    if (row !== null) {
      const [, name, p50, p90, p99] = row as unknown as [string, string, string, string, string];
      const p = { p50: parseDuration(p50), p90: parseDuration(p90), p99: parseDuration(p99) };
      if (name === 'exact') exact = p;
      else layouts.push({ name, estimate: p, buckets: [] });
      continue;
    }
    const bucket = BUCKET.exec(line);
    const layout = layouts.at(-1);
    if (bucket === null || layout === undefined) fail(line, 'a percentile row or an le="…" bucket');
    const le = bucket[1] === '+Inf' ? Infinity : Number(bucket[1]);
    layout.buckets.push({ le, count: Number(bucket[2]) });
  }
  if (exact === undefined) fail(out.split('\n')[0] ?? '', 'the exact percentiles first');
  if (bins.length !== 50 || bins.some((n) => !Number.isInteger(n))) {
    fail(`${bins.length} bins`, '50 counts of 10ms bins');
  }
  for (const l of layouts) {
    if (l.buckets.at(-1)?.le !== Infinity) fail(l.name, 'a layout that ends with le="+Inf"');
  }
  return { exact, layouts, bins };
}

/** How far `estimate` is from `exact`, as a signed whole percentage (`+21%`, `-2%`, `0%`). */
export function relativeError(estimate: number, exact: number): string {
  const p = Math.round(((estimate - exact) / exact) * 100);
  return p > 0 ? `+${p}%` : `${p}%`;
}
