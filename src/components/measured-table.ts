/**
 * Reads what the throughput, latency and availability programs print (their recorded `main.out`
 * under src/snippets/throughput-latency-availability/), so that `<PredictionChart>` and
 * `<LatencyHistogram>` draw the numbers the tests compare with the programs' output:
 *
 * - a table: a header line, then rows, columns separated by two or more spaces (a cell may hold
 *   single spaces: `2 replicas, failover`, `95.60% (956/1000)`);
 * - a latency histogram: Prometheus' cumulative buckets (`le 5ms 1850`, …, `le +Inf 5000`), then
 *   `mean 39.6ms` and one line per percentile (`p99 1.019s`).
 *
 * Invariant: every row or bucket printed is returned, in order, or the function throws naming the
 * line it could not read, so a changed program fails the site build instead of drawing a wrong chart.
 */
import { parseDuration } from '../runtime/time/duration.ts';

export interface MeasuredTable {
  readonly headers: readonly string[];
  /** Each row's cells as printed, as many as there are headers. */
  readonly rows: readonly (readonly string[])[];
}

const COLUMNS = /\s{2,}/;

/** The table that starts at the first line of `out` and ends at the first blank line. */
export function parseTable(out: string): MeasuredTable {
  const lines = out.split('\n');
  const end = lines.findIndex((line) => line.trim() === '');
  const [header = '', ...body] = lines.slice(0, end === -1 ? lines.length : end);
  const headers = header.trim().split(COLUMNS);
  const rows = body.map((line) => {
    const cells = line.trim().split(COLUMNS);
    if (cells.length !== headers.length)
      throw new Error(`Expected ${headers.length} columns in the row ${JSON.stringify(line)}`);
    return cells;
  });
  return { headers, rows };
}

/**
 * The number a cell shows, from its first word: a percentage as a fraction (`95.60%` is 0.956), a
 * Go duration in milliseconds (`1.01s` is 1010), a rate per second (`49.9/s` is 49.9), or a plain
 * number.
 */
export function cellNumber(cell: string): number {
  const word = cell.trim().split(' ')[0] ?? '';
  const value = word.endsWith('%')
    ? Number(word.slice(0, -1)) / 100
    : word.endsWith('/s')
      ? Number(word.slice(0, -2))
      : /^[\d.]+$/.test(word)
        ? Number(word)
        : durationOrNaN(word);
  if (!Number.isFinite(value)) throw new Error(`Expected a number in the cell ${JSON.stringify(cell)}`);
  return value;
}

function durationOrNaN(word: string): number {
  try {
    return parseDuration(word);
  } catch {
    return Number.NaN;
  }
}

/** The index of the column named `name`, or an error naming the columns there are. */
export function columnIndex(table: MeasuredTable, name: string): number {
  const i = table.headers.indexOf(name);
  if (i === -1) throw new Error(`No column ${JSON.stringify(name)} in ${JSON.stringify(table.headers)}`);
  return i;
}

export interface Bucket {
  /** The bucket's upper bound in ms, as printed (`5ms`), or `+Inf`. */
  readonly le: string;
  readonly upperMs: number;
  /** Requests at or below the bound (Prometheus' cumulative count). */
  readonly cumulative: number;
  /** Requests in this bucket alone (above the previous bound). */
  readonly count: number;
}

export interface LatencyHistogram {
  readonly buckets: readonly Bucket[];
  /** `mean`, `p50`, `p99`, … in the order printed: the text and the value in ms. */
  readonly stats: readonly { readonly name: string; readonly text: string; readonly ms: number }[];
}

/** The histogram and the statistics the tail program prints. */
export function parseLatencyHistogram(out: string): LatencyHistogram {
  const buckets: Bucket[] = [];
  const stats: { name: string; text: string; ms: number }[] = [];
  for (const line of out.trimEnd().split('\n').slice(1)) {
    const bucket = /^le (\S+)\s+(\d+)$/.exec(line);
    const stat = /^(mean|p[\d.]+|max) (\S+)$/.exec(line);
    if (bucket !== null) {
      const [, le = '', cumulative = ''] = bucket;
      const previous = buckets.at(-1)?.cumulative ?? 0;
      buckets.push({
        le,
        upperMs: le === '+Inf' ? Infinity : parseDuration(le),
        cumulative: Number(cumulative),
        count: Number(cumulative) - previous,
      });
    } else if (stat !== null) {
      const [, name = '', text = ''] = stat;
      stats.push({ name, text, ms: parseDuration(text) });
    } else if (!line.startsWith('histogram_quantile')) {
      throw new Error(`Expected a bucket or a statistic, got ${JSON.stringify(line)}`);
    }
  }
  return { buckets, stats };
}

/**
 * Where `value` falls on a chart's scale, as a fraction in [0, 1]:
 * - `percent`: 0% to 100%, linear;
 * - `nines`: −log10(1 − a) from 0 (0%) to `nines` (3: 99.9%), so each nine takes the same room;
 * - `log`: log10 from `from` to `to`.
 */
export type Scale =
  | { readonly kind: 'percent' }
  | { readonly kind: 'nines'; readonly nines: number }
  | { readonly kind: 'log'; readonly from: number; readonly to: number };

export function scaleFraction(value: number, scale: Scale): number {
  const f =
    scale.kind === 'percent'
      ? value
      : scale.kind === 'nines'
        ? -Math.log10(Math.max(1 - value, 10 ** -scale.nines)) / scale.nines
        : (Math.log10(value) - Math.log10(scale.from)) / (Math.log10(scale.to) - Math.log10(scale.from));
  return Math.min(1, Math.max(0, f));
}
