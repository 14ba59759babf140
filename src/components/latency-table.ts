/**
 * Reads the table the load-balancing experiment prints (src/snippets/load-balancing/experiment/
 * main.out): a header line, then one row per balancer — its name, the p50, p90, p99 and max
 * latencies as Go durations (`11ms`, `7.401s`) and how many requests went to the slow replica.
 * `<LatencyChart>` draws it, so the chart and table on the page are the recorded numbers.
 *
 * Invariant: every row the experiment prints is returned, in order, or the function throws naming
 * the line it could not read (so the site build fails instead of drawing a wrong chart).
 */
import { parseDuration } from '../runtime/time/duration.ts';

export interface LatencyRow {
  readonly balancer: string;
  /** Latencies as printed (`7.401s`) and in milliseconds. */
  readonly text: { readonly p50: string; readonly p90: string; readonly p99: string; readonly max: string };
  readonly ms: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly toSlow: number;
}

export function parseLatencyTable(out: string): LatencyRow[] {
  const lines = out.trimEnd().split('\n').slice(1);
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== 6)
      throw new Error(`Expected 6 columns in the experiment's row, got ${JSON.stringify(line)}`);
    const [balancer, p50, p90, p99, max, toSlow] = cells as [string, string, string, string, string, string];
    return {
      balancer,
      text: { p50, p90, p99, max },
      ms: {
        p50: parseDuration(p50),
        p90: parseDuration(p90),
        p99: parseDuration(p99),
        max: parseDuration(max),
      },
      toSlow: Number(toSlow),
    };
  });
}

/**
 * Where `ms` falls on a log scale from `from` to `to` ms, as a fraction in [0, 1]: latencies from
 * 10ms to 10s differ by a thousand times, and on a linear scale the fast balancers' bars vanish.
 */
export function logFraction(ms: number, from: number, to: number): number {
  const f = (Math.log10(ms) - Math.log10(from)) / (Math.log10(to) - Math.log10(from));
  return Math.min(1, Math.max(0, f));
}
